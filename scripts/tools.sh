# Installs, if missing, what building the client needs, and puts it on PATH.
# Sourced by scripts/run and scripts/test; needs only the Rust toolchain (and uses npm,
# when present, for wasm-opt).
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_OPT_NPM_VERSION=132
WASM_OPT_CRATE_VERSION=0.116.1
# Tools that are not cargo binaries live outside the clone, so every clone shares them.
PASSERELLE_TOOLS=${PASSERELLE_TOOLS:-$HOME/.cache/passerelle/tools}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_tools() {
  export PATH="$HOME/.cargo/bin:$PATH"

  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Ajout de la cible wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi

  if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
    say "Installation de trunk $TRUNK_VERSION (quelques minutes, une seule fois)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi

  local bindgen
  bindgen=$(wasm_bindgen_version)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $bindgen"; then
    say "Installation de wasm-bindgen-cli $bindgen (quelques minutes, une seule fois)"
    # Not --locked: one of its pinned dependencies is not served by the registry.
    cargo install wasm-bindgen-cli --version "$bindgen"
  fi

  if command -v npm >/dev/null 2>&1; then
    if [ ! -x "$PASSERELLE_TOOLS/node_modules/.bin/wasm-opt" ]; then
      say "Installation de wasm-opt (binaryen $WASM_OPT_NPM_VERSION, npm)"
      mkdir -p "$PASSERELLE_TOOLS"
      [ -f "$PASSERELLE_TOOLS/package.json" ] ||
        echo '{"name": "passerelle-tools", "private": true}' > "$PASSERELLE_TOOLS/package.json"
      npm install --prefix "$PASSERELLE_TOOLS" --no-audit --no-fund "binaryen@$WASM_OPT_NPM_VERSION"
    fi
    export PATH="$PASSERELLE_TOOLS/node_modules/.bin:$PATH"
  else
    # Without npm, the wasm-opt crate builds binaryen from source (slower, version 116).
    if ! wasm-opt --version 2>/dev/null | grep -q "version 116"; then
      say "Installation de wasm-opt $WASM_OPT_CRATE_VERSION (cargo, une seule fois)"
      cargo install --locked wasm-opt --version "$WASM_OPT_CRATE_VERSION"
    fi
    export TRUNK_TOOLS_WASM_OPT=version_116
  fi
}

# Builds the client's two bundles into frontend/dist: the public site, then the editors'
# screens in frontend/dist/redaction (served at /redaction/). Arguments go to both builds
# (e.g. --release). The public build empties frontend/dist, so it comes first.
build_client() {
  trunk build "$@"
  trunk build frontend/redaction.html --dist frontend/dist/redaction --public-url /redaction/ "$@"
  trunk build frontend/inscription.html --dist frontend/dist/inscription --public-url /inscription/ "$@"
}

# Debian's Chromium for the end-to-end tests; true when it and npm are there.
ensure_browser() {
  command -v npm >/dev/null 2>&1 || return 1
  [ -x /usr/bin/chromium ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "Installation de Chromium (paquet Debian)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  [ -x /usr/bin/chromium ]
}

# Debian's nginx for the test that puts a reverse proxy in front of the server; true when
# it is there. The test starts its own nginx on loopback ports, never the system's.
ensure_nginx() {
  [ -x /usr/sbin/nginx ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "Installation de nginx (paquet Debian)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null \
      || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  fi
  [ -x /usr/sbin/nginx ]
}
