#!/usr/bin/env bash
# Virtual login, acceptance 2: 1,000 people press "Open my desktop" at the same moment against a pool of 200 seats,
# on SQLite (one instance) and on PostgreSQL (two instances sharing the database). The work is the Swift test
# DesktopPlacementLoadTests (it checks: exactly 200 placed, 800 waiting in the order each was told, no seat twice);
# here it runs from an optimised build and prints the time each database took. Aim: under 2 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-bench-tests   # an optimised build with testing enabled, apart from .build and .build-bench
flags=(-c release -Xswiftc -enable-testing --scratch-path "$scratch")
if [[ "${1:-}" != "--no-build" ]]; then
  echo "desktop_placement: building the tests optimised (about 10 minutes from nothing on 2 cores)"
  swift build "${flags[@]}" --build-tests 2>&1 | tail -1
fi

tmp="$(mktemp -d)"
chmod 755 "$tmp"
trap 'scripts/throwaway-postgres.sh stop "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
pg_url="$(scripts/throwaway-postgres.sh start "$tmp/pg")"

run() {  # run LABEL [ENV...]: the test once, its printed figure and its verdict
  local label="$1"; shift
  echo "== $label"
  env "$@" swift test "${flags[@]}" --skip-build --filter DesktopPlacementLoadTests 2>&1 \
    | grep -E "desktop placement:|passed after|failed after|recorded an issue" | grep -v "Suite"
}
run "SQLite, one instance" -u TEST_DATABASE_URL DESKTOP_PLACEMENT_PEER=1
run "PostgreSQL, two instances" TEST_DATABASE_URL="$pg_url" DESKTOP_PLACEMENT_PEER=1
