#!/usr/bin/env bash
# Contract tests: schemathesis (PyPI, pinned) drives the live server with the committed
# OpenAPI document — every operation, its default checks (no server error, statuses,
# content types, headers and bodies as documented, valid input accepted, invalid input
# refused, authentication enforced) — on a seeded SQLite database of its own.
#
# Usage: tests/contract/run.sh PATH/TO/passerelle
# PASSERELLE_CONTRACT_EXAMPLES (default 15) bounds the cases per operation,
# PASSERELLE_CONTRACT_SEED (default 1) fixes them; any other seed explores further.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="$(realpath "${1:?usage: tests/contract/run.sh PATH/TO/passerelle}")"

version=4.32.5
venv="${CARGO_TARGET_DIR:-target}/schemathesis-$version"
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi

data="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT
export PASSERELLE_DATA_DIR="$data" NO_COLOR=1 RUST_LOG=warn

"$binary" seed >/dev/null
echo "mot de passe du contrat d'API" \
  | "$binary" user create --email contrat@exemple.fr --role admin >/dev/null
PASSERELLE_CONTRACT_TOKEN="$("$binary" token create --email contrat@exemple.fr --name contrat \
  | grep -o 'psl_[A-Za-z0-9_-]*')"
export PASSERELLE_CONTRACT_TOKEN

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# Budgets out of the way: the run sends thousands of requests from one address.
PASSERELLE_RATE_LIMIT_READS=10000000 PASSERELLE_RATE_LIMIT_WRITES=10000000 \
PASSERELLE_RATE_LIMIT_SIGN_IN=10000000 \
  "$binary" serve --bind "127.0.0.1:$port" --no-seed --spa-dir "$data/sans-client" \
  >"$data/server.log" 2>&1 &
server=$!
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/readyz", timeout=1)
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit("le serveur ne répond pas")
PY

# One worker: CPython 3.11 compiles schemathesis' generated code from several threads at
# once and now and then fails inside the compiler ("AST constructor recursion depth").
run() {
  "$venv/bin/schemathesis" --config-file tests/contract/schemathesis.toml run openapi/openapi.json \
    --url "http://127.0.0.1:$port" \
    --max-examples "${PASSERELLE_CONTRACT_EXAMPLES:-15}" \
    --seed "${PASSERELLE_CONTRACT_SEED:-1}" \
    --workers 1 "$@"
}
# Revoking tokens and disabling accounts would lock the run out of its own account: those
# two operations go last, on their own.
lockout='^/api/v1/(tokens/\{id\}|accounts/\{id\})$'
status=0
run --exclude-path-regex "$lockout" || status=$?
run --include-path-regex "$lockout" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- fin du journal du serveur ---" >&2
  tail -n 40 "$data/server.log" >&2
fi
exit "$status"
