#!/usr/bin/env bash
# The whole test suite: one build, a syntax check of the page scripts (node --check), a check that the safety case names
# only tests and files that exist, then the Swift tests on SQLite
# and on a throwaway PostgreSQL, then the browser tests, then a bounded fuzz of the API. Every step runs even if an earlier one failed;
# the script exits 1 if any failed and names them.
set -euo pipefail
cd "$(dirname "$0")/.."

banner() { printf '\n======== %s ========\n' "$*"; }
failed=()
# step NAME COMMAND...: runs COMMAND, records NAME if it fails.
step() {
  local name="$1"; shift
  banner "$name"
  if "$@"; then
    echo "-------- $name: passed"
  else
    echo "-------- $name: FAILED (exit $?)"
    failed+=("$name")
  fi
}

# One build shared by every run below; without it nothing else can run.
banner "swift build --build-tests"
if ! swift build --build-tests; then
  echo "run-tests: the build failed; no tests were run" >&2
  exit 1
fi

# A throwaway PostgreSQL, stopped and removed on any exit (INT/TERM become an exit too).
tmp="$(mktemp -d)"
chmod 755 "$tmp"   # the postgres OS user must reach the cluster folder inside
trap 'scripts/throwaway-postgres.sh stop "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

banner "start throwaway PostgreSQL"
pg_url=""
if pg_url="$(scripts/throwaway-postgres.sh start "$tmp/pg")"; then
  echo "PostgreSQL at $pg_url"
else
  echo "-------- start throwaway PostgreSQL: FAILED"
  failed+=("start throwaway PostgreSQL")
fi

# Every script under Public/ parses (node --check), before anything runs it in a browser.
step "page scripts parse (node --check)" scripts/check-scripts.sh

# Every test and file that the clinical safety case (docs/clinical-safety/, docs/dtac.md) names exists; the checker's own tests.
step "safety case names real tests (check-safety-case.py)" python3 scripts/check-safety-case.py
step "safety case checker's tests" python3 scripts/test_check_safety_case.py

step "swift test on SQLite" env -u TEST_DATABASE_URL swift test --skip-build

if [[ -n "$pg_url" ]]; then
  step "swift test on PostgreSQL" env TEST_DATABASE_URL="$pg_url" swift test --skip-build
else
  failed+=("swift test on PostgreSQL (no database)")
fi

# Browser tests drive the built binary; TEST_DATABASE_URL is there for those that need PostgreSQL. The deployment's
# longer fault drills (marked deploy) are `make deploy-test`'s.
step "browser tests (pytest tests/e2e)" \
  env SURGERY_BIN="$PWD/.build/debug/surgery" TEST_DATABASE_URL="$pg_url" python3 -m pytest -q -m "not deploy" tests/e2e

# A bounded fuzz of the whole API (schemathesis, about a minute) on the production engine: no 5xx, and every answer
# as /api/openapi.json describes it. `make fuzz` runs a longer one.
if [[ -n "$pg_url" ]]; then
  step "API fuzz (schemathesis, PostgreSQL)" env SURGERY_BIN="$PWD/.build/debug/surgery" FUZZ_DATABASE_URL="$pg_url" scripts/fuzz-api.sh
else
  step "API fuzz (schemathesis, SQLite)" env SURGERY_BIN="$PWD/.build/debug/surgery" scripts/fuzz-api.sh
fi

banner "summary"
if ((${#failed[@]})); then
  echo "run-tests: ${#failed[@]} step(s) FAILED:"
  printf '  - %s\n' "${failed[@]}"
  exit 1
fi
echo "run-tests: every step passed (page scripts, safety case, swift test on SQLite and PostgreSQL, browser tests, API fuzz)"
