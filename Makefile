# Thin entry points; the logic lives in scripts/.
.PHONY: run test deploy-test fuzz build clean format bench

# The demo on http://127.0.0.1:8080 (SQLite under data/).
run:
	scripts/install-deps.sh run
	swift build
	scripts/run-demo.sh

# Every test: Swift on SQLite and PostgreSQL, then the browser tests.
test:
	scripts/install-deps.sh test
	scripts/run-tests.sh

# The deployment kit and its fault drills on this machine: nginx in front of two instances on PostgreSQL, instances
# killed under load, PostgreSQL restarted, the SQLite deployment's disk full, a pg_dump restore (about 2 minutes).
deploy-test:
	scripts/install-deps.sh test
	scripts/run-deploy-tests.sh

# A longer fuzz of the whole JSON API than `make test` runs (schemathesis; FUZZ_MAX_EXAMPLES, FUZZ_SEED,
# FUZZ_DATABASE_URL for PostgreSQL: see scripts/fuzz-api.sh).
fuzz:
	scripts/install-deps.sh test
	swift build
	FUZZ_MAX_EXAMPLES=$${FUZZ_MAX_EXAMPLES:-200} scripts/fuzz-api.sh

build:
	swift build

clean:
	rm -rf .build data tests/e2e/artifacts .pytest_cache

format:
	swift format -i -r Sources Tests

bench:
	scripts/run-bench.sh
