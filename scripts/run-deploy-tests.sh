#!/usr/bin/env bash
# The deployment and fault tests (`make deploy-test`): one build, a throwaway PostgreSQL, then the kit's nginx site in
# front of two instances (test_deployment.py), PostgreSQL restarted under load (test_faults.py), and the longer drills
# marked deploy: the main journeys through nginx and each instance killed under load with a live queue, a video call
# and a desktop open, a pg_dump restore drill (test_deployment_faults.py), and the SQLite deployment's disk full
# (test_disk_full.py). Each prints what was sent, confirmed, stored and lost (pytest -s).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build

tmp="$(mktemp -d)"
chmod 755 "$tmp"   # the postgres OS user must reach the cluster folder inside
trap 'scripts/throwaway-postgres.sh stop "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pg_url="$(scripts/throwaway-postgres.sh start "$tmp/pg")"
echo "PostgreSQL at $pg_url"

env SURGERY_BIN="$PWD/.build/debug/surgery" TEST_DATABASE_URL="$pg_url" python3 -m pytest -q -s \
  tests/e2e/test_deployment.py tests/e2e/test_deployment_headers.py tests/e2e/test_deployment_units.py tests/e2e/test_faults.py tests/e2e/test_deployment_faults.py tests/e2e/test_disk_full.py
