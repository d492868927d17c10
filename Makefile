# Thin entry points; the logic lives in scripts/.
.PHONY: run test build clean format bench

# The demo on http://127.0.0.1:8080 (SQLite under data/).
run:
	scripts/install-deps.sh run
	swift build
	scripts/run-demo.sh

# Every test: Swift on SQLite and PostgreSQL, then the browser tests.
test:
	scripts/install-deps.sh test
	scripts/run-tests.sh

build:
	swift build

clean:
	rm -rf .build data tests/e2e/artifacts .pytest_cache

format:
	swift format -i -r Sources Tests

bench:
	scripts/run-bench.sh
