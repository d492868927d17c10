#!/usr/bin/env bash
# Starts the demo: migrates (and on first run seeds) the SQLite database under data/,
# prints who can sign in, then runs the server on http://127.0.0.1:8080.
# Expects `swift build` to have run (make run does that).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=.build/debug/surgery
db="${DATABASE_PATH:-data/surgery.sqlite}"
creds=data/demo-credentials.json
[[ -x "$bin" ]] || { echo "run-demo: $bin not found; run 'swift build' (or 'make run')" >&2; exit 1; }

mkdir -p data
if [[ ! -e "$db" ]]; then
  "$bin" migrate </dev/null
  "$bin" seed-demo --credentials-file "$creds" </dev/null
else
  "$bin" migrate </dev/null
fi

# Who can sign in, with a TOTP code that is valid right now (scripts/totp.py computes it).
if [[ -f "$creds" ]]; then
  python3 - "$creds" <<'PY'
import json, sys
sys.path.insert(0, "scripts")
from totp import totp

people = json.load(open(sys.argv[1]))["people"][:3]
print("\nSurgery Anywhere is running at http://127.0.0.1:8080 — sign in as one of:\n")
for p in people:
    orgs = ", ".join(o["name"] for o in p.get("activeOrganisations", []))
    print(f"  {p['name']}" + (f" ({orgs})" if orgs else ""))
    print(f"    email:       {p['email']}")
    print(f"    password:    {p['password']}")
    print(f"    TOTP secret: {p['totpSecret']}   (code now: {totp(p['totpSecret'])})")
print("\n  A fresh code at any time: python3 scripts/totp.py SECRET")
print("  (every demo person is in data/demo-credentials.json)")
print("\n  As a patient (no account), send an online request to Riverside Surgery:")
print("    http://127.0.0.1:8080/request/L81101")
print("  then sign in as Dan Evans (receptionist) or Dr Amara Okafor (GP) and open Remote assessment.\n")
PY
else
  echo "run-demo: $creds is missing; delete $db to seed the demo again" >&2
fi

exec "$bin" serve --hostname 127.0.0.1 --port 8080
