#!/usr/bin/env bash
# Fuzzes the whole JSON API with schemathesis (from PyPI, installed by `scripts/install-deps.sh test`): starts the
# built `surgery` binary on a free loopback port over a fresh SQLite file with the demo data, makes a read-and-write
# API token with every area (`surgery api-token create`), and sends generated requests for every operation of
# /api/openapi.json. It fails on any 5xx and on answers that break the document (status codes, content types,
# response schemas). Everything stays on 127.0.0.1.
#
# Usage: scripts/fuzz-api.sh            (SURGERY_BIN names the binary; default .build/debug/surgery)
# FUZZ_DATABASE_URL (a postgres:// URL) runs the server on PostgreSQL, in a database of its own made and dropped there;
# without it, SQLite.
# Bounds: FUZZ_MAX_EXAMPLES (test cases per operation and phase, default 50: about a minute), FUZZ_SEED (default random; the seed is
# printed so that a failing run can be repeated); FUZZ_ARGS adds schemathesis options (say "--report har").
set -euo pipefail
cd "$(dirname "$0")/.."

binary="${SURGERY_BIN:-$PWD/.build/debug/surgery}"
max_examples="${FUZZ_MAX_EXAMPLES:-50}"
seed="${FUZZ_SEED:-$RANDOM$RANDOM}"
if [[ ! -x "$binary" ]]; then
  echo "fuzz-api: $binary is not an executable; build first (swift build) or set SURGERY_BIN" >&2
  exit 2
fi
if ! command -v st >/dev/null; then
  echo "fuzz-api: schemathesis (st) is not installed; run scripts/install-deps.sh test" >&2
  exit 2
fi

tmp="$(mktemp -d)"
server_pid=""
fuzz_db=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [[ -n "$fuzz_db" ]]; then psql -q "$FUZZ_DATABASE_URL" -c "DROP DATABASE IF EXISTS $fuzz_db" >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
export BCRYPT_COST=4 PUBLIC_BASE_URL="$base"
if [[ -n "${FUZZ_DATABASE_URL:-}" ]]; then
  # a database of its own on that PostgreSQL server, dropped afterwards
  fuzz_db="fuzz_${$}_$RANDOM"
  psql -q "$FUZZ_DATABASE_URL" -c "CREATE DATABASE $fuzz_db" >/dev/null
  DATABASE_URL="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$FUZZ_DATABASE_URL" "$fuzz_db")"
  DATA_KEY="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
  export DATABASE_URL DATA_KEY
  database="PostgreSQL"
else
  unset DATABASE_URL
  export DATABASE_PATH="$tmp/fuzz.sqlite"
  database="SQLite"
fi

"$binary" migrate >"$tmp/setup.log" 2>&1 && "$binary" seed-demo >>"$tmp/setup.log" 2>&1 || {
  echo "fuzz-api: migrating or seeding the demo data failed:" >&2; tail -20 "$tmp/setup.log" >&2; exit 1; }
# Erin Walsh manages Riverside Surgery in the demo data: requests, staff, kit and readiness to fuzz over
token="$("$binary" api-token create --organisation L81101 --email erin.walsh@demo.nhs.uk --name "schemathesis fuzz" \
  --access read_write --areas all --days 1 2>>"$tmp/setup.log" | grep -Eo '^sa_[A-Za-z0-9_-]+' || true)"
if [[ -z "$token" ]]; then
  echo "fuzz-api: could not make an API token:" >&2; tail -20 "$tmp/setup.log" >&2; exit 1
fi

"$binary" serve --hostname 127.0.0.1 --port "$port" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
  if python3 -c "import urllib.request, sys; urllib.request.urlopen('$base/healthz', timeout=2)" 2>/dev/null; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then echo "fuzz-api: the server exited:" >&2; tail -40 "$tmp/server.log" >&2; exit 1; fi
  sleep 0.25
done

# Real identifiers from the demo data, so that generated requests reach past "not found" (half the time for codes),
# and now and then awkward text in the fields that are stored or searched
python3 - "$base" "$token" "$tmp/schemathesis.toml" <<'PY'
import json, sys, urllib.request
base, token, out = sys.argv[1:]
def get(path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.load(response)
requests = [r["id"] for r in get("/api/v1/requests?status=all&limit=20")]
assets = [a["id"] for a in get("/api/v1/assets")["assets"][:20]]
codes = [get("/api/v1/organisation")["odsCode"], "15N", "U81001", "L81102", "QDM", "X24"]
# text that databases, parsers and pages trip over, sent now and then in place of generated text
awkward = ["a\u0000b", "%00", "\u202eevil", "'; DROP TABLE api_tokens; --", "=HYPERLINK(\"x\")", "\r\n\t", "Zo\u00eb \U0001F600",
           "x" * 5000, "", " ", "\\", "%", "_%_", "\u0000"]
if not requests or not assets:
    sys.exit("fuzz-api: the demo data has no requests or no assets to fuzz with")
def values(items):
    # JSON strings written without ASCII escapes are TOML strings (control characters stay escaped as \uXXXX)
    return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in items) + "]"
with open(out, "w") as toml:
    toml.write(f"""[dictionaries.requests]
values = {values(requests)}

[dictionaries.assets]
values = {values(assets)}

[dictionaries.organisations]
values = {values(codes)}

[dictionaries.awkward]
values = {values(awkward)}

[parameters]
"path.requestID" = {{ dictionary = "requests", probability = 0.8 }}
"path.assetID" = {{ dictionary = "assets", probability = 0.8 }}
"path.odsCode" = {{ dictionary = "organisations", probability = 0.5 }}
""")
    for field in ["query.q", "query.org", "query.after", "body.name", "body.email", "body.tag", "body.serial", "body.make",
                  "body.model", "body.location", "body.personEmail", "body.outcomeNote"]:
        toml.write(f'"{field}" = {{ dictionary = "awkward", probability = 0.1 }}\n')
PY

echo "fuzz-api: schemathesis against $base/api/openapi.json on $database, $max_examples examples per operation, seed $seed"
started=$SECONDS
status=0
read -r -a extra <<<"${FUZZ_ARGS:-}"
# run from the scratch folder: schemathesis keeps a crash cache in the current directory. One worker: with two, this
# machine's Python (3.11.7) at times fails inside ast.parse under Hypothesis ("AST constructor recursion depth mismatch").
(cd "$tmp" && st --config-file "$tmp/schemathesis.toml" run "$base/api/openapi.json" --url "$base" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$max_examples" --seed "$seed" --workers 1 --request-timeout 20 \
  --suppress-health-check too_slow,filter_too_much --generation-database none \
  --no-color "${extra[@]}") || status=$?
echo "fuzz-api: schemathesis took $((SECONDS - started)) s and exited $status"
if ((status != 0)); then
  echo "fuzz-api: server errors logged during the run:"
  grep -E 'Request failed|Fatal error|error' "$tmp/server.log" | tail -20 || true
fi
exit "$status"
