# What scripts/bench and scripts/bench-compare share: starting the release server and
# measuring one backend with oha. Sourced; the caller sets `bin` (the folder holding the
# passerelle and passerelle-bench binaries), `work` (where raw measurements go),
# `corpus_args`, `seconds` and `rate`.

OHA_VERSION=1.14.0

ensure_oha() {
  if ! command -v oha >/dev/null 2>&1 || ! oha --version | grep -q "$OHA_VERSION"; then
    say "Installation de oha $OHA_VERSION (générateur de charge HTTP)"
    cargo install --locked oha --version "$OHA_VERSION"
  fi
}

server=""
stop_server() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# oha's arguments for one request of the mix, checked to answer 200 first: the path, or,
# given a pattern (a regular expression of paths), an address drawn afresh per request.
# oha reads the pattern as a URL before as a regular expression, and a URL turns `\` into
# `/`: a literal `.` or `?` is written `[.]` or `[?]`.
oha_target() {
  local base="$1" path="$2" pattern="${3:-}"
  curl -fsS -o /dev/null "$base$path" || { echo "$base$path ne répond pas 200" >&2; exit 1; }
  if [ -n "$pattern" ]; then
    echo "--rand-regex-url $base$pattern"
  else
    echo "$base$path"
  fi
}

# Starts the release server on $2 (backend $1) with its index kept in the work folder, and
# sets `port` and `ready_ms` (from launch to a 200 on /readyz).
start_server() {
  local backend="$1" url="$2" started
  port="$(free_port)"
  started="$(date +%s%N)"
  PASSERELLE_RATE_LIMIT_READS=1000000000 DATABASE_URL="$url" RUST_LOG=warn \
    "$bin/passerelle" serve --bind "127.0.0.1:$port" --no-seed \
    --spa-dir "$work/sans-client" --refresh-ms 0 --index-dir "$work/index-$backend" \
    >>"$work/$backend.log" 2>&1 &
  server=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; do
    kill -0 "$server" 2>/dev/null || { cat "$work/$backend.log" >&2; exit 1; }
    sleep 0.05
  done
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
}

# Words of the corpus a random search draws two of (400 queries: more than the engine keeps).
search_words="conseil|citoyen|habitants|quartier|prioritaire|politique|ville|contrat|renouvellement|urbain|formation|rencontre|emploi|jeunes|insertion|logement|social|mediation|culture|education"

# Measures one backend: $1 is its name, $2 its database URL (loaded with the corpus by the
# revision's own loader, so that its schema is the revision's).
measure() {
  local backend="$1" url="$2" port ready_ms build_ms build_peak_kb
  say "$backend : chargement du corpus"
  "$bin/passerelle-bench" --load-into "$url" "${corpus_args[@]}"
  DATABASE_URL="$url" "$bin/passerelle" seed >/dev/null
  # The first start builds the index and keeps it; the one measured resumes from it.
  start_server "$backend" "$url"
  build_ms="$ready_ms"
  build_peak_kb="$(awk '/VmHWM/ {print $2}' "/proc/$server/status")"
  echo "$backend : index construit, prêt en $build_ms ms"
  stop_server
  start_server "$backend" "$url"
  echo "$backend : index conservé repris, prêt en $ready_ms ms"

  local base="http://127.0.0.1:$port"
  local -a names=(detail detail-hasard liste recherche recherche-hasard agenda openapi)
  local -a paths=(
    "/api/v1/publications/publication-4242"
    "/api/v1/publications/publication-4242"
    "/api/v1/publications?theme=participation-des-habitants&territory=departement-34"
    "/api/v1/search?q=conseil+citoyen&theme=participation-des-habitants"
    "/api/v1/search?q=quartier%20emploi&theme=participation-des-habitants"
    "/api/v1/events.ics?territory=departement-30"
    "/api/openapi.json"
  )
  # Any of the 90,000 publications numbered 10000 to 99999, drawn evenly (a pattern with a
  # variable count of digits would draw the short numbers far more often: a tenth of the
  # draws fell among 99 publications, always kept); any two words of the corpus: what a
  # memory of recent answers or queries cannot hold.
  local -a patterns=(
    ""
    "/api/v1/publications/publication-[1-9][0-9]{4}"
    ""
    ""
    "/api/v1/search[?]q=($search_words)%20($search_words)&theme=participation-des-habitants"
  )
  for i in "${!names[@]}"; do
    local name="${names[$i]}"
    local target
    local -a target_args
    target="$(oha_target "$base" "${paths[$i]}" "${patterns[$i]:-}")" || exit 1
    read -ra target_args <<<"$target"
    say "$backend / $name : saturation ($seconds s), puis $rate requêtes/s ($seconds s)"
    oha --no-tui --output-format json -z "${seconds}s" -c 64 "${target_args[@]}" \
      >"$work/$backend-$name-saturation.json"
    oha --no-tui --output-format json -z "${seconds}s" -c 64 -q "$rate" --latency-correction \
      "${target_args[@]}" >"$work/$backend-$name-rate.json"
    # The memory after each series, and the peak so far: where the peak was reached.
    awk '/VmRSS/ {rss = $2} /VmHWM/ {peak = $2} END {printf "{\"rss_kb\": %d, \"peak_kb\": %d}\n", rss, peak}' \
      "/proc/$server/status" >"$work/$backend-$name-memory.json"
  done
  local peak_kb
  peak_kb="$(awk '/VmHWM/ {print $2}' "/proc/$server/status")"
  echo "{\"backend\": \"$backend\", \"ready_ms\": $ready_ms, \"build_ms\": $build_ms, \"build_peak_kb\": $build_peak_kb, \"peak_kb\": $peak_kb}" \
    >"$work/$backend-server.json"
  stop_server
}

# Runs `measure postgresql` in a database of its own on the PostgreSQL server, dropped
# afterwards; says so, and returns, when the server cannot be reached.
measure_postgresql() {
  local pg_admin="${PASSERELLE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
  local pg_name="passerelle_bench_$$" pg_url
  if ! psql "$pg_admin" -qc "CREATE DATABASE $pg_name" 2>/dev/null; then
    printf '\n!!! PostgreSQL injoignable à %s : mesures PostgreSQL IGNORÉES.\n\n' "$pg_admin" >&2
    return 0
  fi
  pg_url="${pg_admin%/*}/$pg_name"
  # On the loopback, TLS (libpq asks for it by default) protects nothing and cost a sixth
  # of a random detail's time.
  case "$pg_url" in
    *://*@127.0.0.1[:/]* | *://*@localhost[:/]* | *://127.0.0.1[:/]* | *://localhost[:/]*)
      pg_url="$pg_url?sslmode=disable" ;;
  esac
  measure postgresql "$pg_url"
  psql "$pg_admin" -qc "DROP DATABASE $pg_name WITH (FORCE)" || true
}
