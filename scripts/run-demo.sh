#!/usr/bin/env bash
# Starts the demo: migrates (and on first run seeds) the SQLite database under data/,
# starts a pool of local desktop seats (TigerVNC, under data/desktops/) and registers it,
# prints who can sign in, then runs the server on http://127.0.0.1:8080 until Ctrl-C,
# and stops the seats when the server has gone.
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

# The demo desktop pool of the Riverside PCN (L81101, L81102, L81103; seed-demo registers it without hosts,
# so that the estate's readiness counts its seats): 2 hosts x 2 seats, from
# display :41 or the first free range above it. New passwords every run; loading the pool
# again under the same name updates it. Without seats the rest of the demo still runs.
seats=scripts/desktop-seats.sh
seats_dir=data/desktops
desktops=""
rdp_seats=scripts/rdp-seats.sh
rdp_dir=data/rdp-desktops
rdp_desktops=""
stop_seats() {
  [[ -z "$desktops" ]] || "$seats" stop "$seats_dir" || true
  [[ -z "$rdp_desktops" ]] || "$rdp_seats" stop "$rdp_dir" || true
}
trap stop_seats EXIT
[[ ! -e "$seats_dir/seats.tsv" ]] || "$seats" stop "$seats_dir" >/dev/null || true  # left by a killed run
if first_display="$("$seats" free-range 4 41)" \
  && "$seats" start "$seats_dir" --name "Riverside PCN desktops" --hosts 2 --seats-per-host 2 \
       --first-display "$first_display" --organisations L81101,L81102,L81103 --placement breadthFirst \
  && desktops=started \
  && "$bin" desktop-pools load "$seats_dir/pool.json" </dev/null; then
  desktops=loaded
else
  echo "run-demo: the demo desktops are not available (see the messages above); the rest of the demo runs" >&2
  [[ -z "$desktops" ]] || "$seats" stop "$seats_dir" || true
  desktops=""
fi

# The RDP demo pool, "Riverside PCN Windows desktops": one xrdp host of two seats on loopback (scripts/rdp-seats.sh),
# each seat's session a demo desktop; the pool passes the person's credentials when they give them (the seats' account
# is printed below). The gateway bridges each seat with FreeRDP. Without xrdp the rest of the demo still runs.
[[ ! -e "$rdp_dir/seats.tsv" ]] || "$rdp_seats" stop "$rdp_dir" >/dev/null || true
if rdp_display="$("$seats" free-range 2 51)" && rdp_port="$("$rdp_seats" free-ports 2 13389)" \
  && "$rdp_seats" start "$rdp_dir" --name "Riverside PCN Windows desktops" --hosts 1 --seats-per-host 2 \
       --first-display "$rdp_display" --first-port "$rdp_port" --organisations L81101,L81102,L81103 \
       --sign-in personsCredentials \
  && rdp_desktops=started \
  && "$bin" desktop-pools load "$rdp_dir/pool.json" </dev/null; then
  rdp_desktops=loaded
else
  echo "run-demo: the RDP demo desktops are not available (see the messages above); the rest of the demo runs" >&2
  [[ -z "$rdp_desktops" ]] || "$rdp_seats" stop "$rdp_dir" || true
  rdp_desktops=""
fi

# Who can sign in, with a TOTP code that is valid right now (scripts/totp.py computes it).
if [[ -f "$creds" ]]; then
  rdp_account=""
  [[ -z "$rdp_desktops" ]] || rdp_account="$(head -n 1 "$rdp_dir/accounts.tsv" | cut -f 4)"
  DEMO_DESKTOPS="$desktops" DEMO_RDP_ACCOUNT="$rdp_account" python3 - "$creds" <<'PY'
import json, os, sys
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
videos = json.load(open(sys.argv[1])).get("videoConsultations") or []
if videos:
    v = videos[0]
    print(f"  A video consultation: open http://127.0.0.1:8080{v['patientLink']} as the patient ({v['patientName']}),")
    print(f"  and in a private window sign in as Dr Amara Okafor and open http://127.0.0.1:8080/consult/video/{v['consultationID']}")
    print("  (links open 30 minutes before their slot and close 2 hours after; the README says more).\n")
people = {p["name"]: p for p in json.load(open(sys.argv[1]))["people"]}
erin, isla = people.get("Erin Walsh"), people.get("Isla Morgan")
if erin and isla:
    print("  The digital estate: sign in as Erin Walsh (practice manager) and open Digital estate, Readiness;")
    print("  'Request what is missing', submit it, and approve it as Isla Morgan (the commissioner's IT lead).")
    print(f"  Erin: {erin['email']} / {erin['password']}, TOTP secret {erin['totpSecret']}")
    print(f"  Isla: {isla['email']} / {isla['password']}, TOTP secret {isla['totpSecret']}\n")
if os.environ.get("DEMO_DESKTOPS"):
    dan = next((p for p in json.load(open(sys.argv[1]))["people"] if p["name"] == "Dan Evans"), None)
    print("  Try a virtual desktop: sign in as Dan Evans or Dr Amara Okafor, open Desktops and press")
    print("  'Open my desktop' (pool \"Riverside PCN desktops\", 4 seats on this machine)."
          + (f"\n  Dan Evans signs in with {dan['email']} / {dan['password']}, TOTP secret {dan['totpSecret']}." if dan else ""))
    print()
if os.environ.get("DEMO_RDP_ACCOUNT"):
    print("  Windows-style desktops over RDP: pool \"Riverside PCN Windows desktops\" (xrdp on this machine). Give the")
    print(f"  seats' account when the viewer asks (user demo, password {os.environ['DEMO_RDP_ACCOUNT']}), or choose the")
    print("  Windows sign-in screen and type the password there.\n")
PY
else
  echo "run-demo: $creds is missing; delete $db to seed the demo again" >&2
fi

# The server runs as a child (not exec) so that the EXIT trap stops the seats after it. INT
# (Ctrl-C) and TERM sent to this script reach the server as TERM, which it handles like INT
# (a graceful shutdown): a background child of a script may start with INT ignored.
"$bin" serve --hostname 127.0.0.1 --port 8080 </dev/null &
server_pid=$!
trap 'kill -TERM "$server_pid" 2>/dev/null || true' INT TERM
status=0
wait "$server_pid" || status=$?
while kill -0 "$server_pid" 2>/dev/null; do  # a signal cut the wait short; the server is still stopping
  status=0
  wait "$server_pid" || status=$?
done
exit "$status"
