#!/usr/bin/env bash
# Contract tests. First the committed OpenAPI document is checked by a real validator
# (openapi-spec-validator, PyPI, pinned), and a client generated from it
# (openapi-python-client, pinned) lists publications from the live server, as an
# integrator's would. Then schemathesis (PyPI, pinned) drives the live server with the
# document — every operation, its default checks (no server error, statuses, content
# types, headers and bodies as documented, valid input accepted, invalid input refused,
# authentication enforced) — on a seeded SQLite database of its own.
#
# The same cases on every machine: a fixed seed, and no example database kept between
# runs (schemathesis would otherwise replay what earlier runs on this checkout found).
#
# Usage: tests/contract/run.sh PATH/TO/passerelle
# PASSERELLE_CONTRACT_EXAMPLES (default 15) bounds the cases per operation,
# PASSERELLE_CONTRACT_SEED (default 1) fixes them; any other seed explores further.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="$(realpath "${1:?usage: tests/contract/run.sh PATH/TO/passerelle}")"

version=4.32.5
validator=0.9.0
generator=0.29.1
venv="${CARGO_TARGET_DIR:-target}/schemathesis-$version-validator-$validator"
if [ ! -x "$venv/bin/openapi-spec-validator" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "schemathesis==$version" "openapi-spec-validator==$validator"
fi
# The client generator pins its own versions of httpx and pydantic: a virtual environment
# of its own.
clients="${CARGO_TARGET_DIR:-target}/openapi-python-client-$generator"
if [ ! -x "$clients/bin/openapi-python-client" ]; then
  python3 -m venv "$clients"
  "$clients/bin/pip" install --quiet --disable-pip-version-check \
    "openapi-python-client==$generator"
fi

echo "Validation du document OpenAPI (openapi-spec-validator $validator)"
"$venv/bin/openapi-spec-validator" openapi/openapi.json

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

echo "Client Python généré depuis le document (openapi-python-client $generator)"
"$clients/bin/openapi-python-client" generate --path openapi/openapi.json \
  --output-path "$data/client" --meta none --overwrite >"$data/generation.log" 2>&1 \
  || { cat "$data/generation.log" >&2; exit 1; }
PYTHONPATH="$data" "$clients/bin/python" - "$port" <<'PY'
import sys
from client import Client
from client.api.publications import list_publications
from client.api.events import get_event, list_events

api = Client(base_url=f"http://127.0.0.1:{sys.argv[1]}")
page = list_publications.sync(client=api, limit=5)
assert page.total > 0 and len(page.items) == min(5, page.total), page
assert all(item.title for item in page.items)
themed = list_publications.sync(client=api, theme=["conseils-citoyens"], limit=100)
assert 0 < themed.total < page.total, themed
assert all(any(t.slug == "conseils-citoyens" for t in item.themes) for item in themed.items)
events = list_events.sync(client=api, limit=1)
event = get_event.sync(client=api, key=events.items[0].slug)
assert event.title == events.items[0].title, event
print(f"  {page.total} publications et l'événement « {event.title} » lus par le client généré")
PY

# One worker: CPython 3.11 compiles schemathesis' generated code from several threads at
# once and now and then fails inside the compiler ("AST constructor recursion depth").
run() {
  "$venv/bin/schemathesis" --config-file tests/contract/schemathesis.toml run openapi/openapi.json \
    --url "http://127.0.0.1:$port" \
    --max-examples "${PASSERELLE_CONTRACT_EXAMPLES:-15}" \
    --seed "${PASSERELLE_CONTRACT_SEED:-1}" \
    --generation-database none \
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
