# Two commands for a newcomer: `make` (install, compile, validate, publish) and `make test`; and `make test-quick`,
# the inner loop: the tests that need no browser, R, LibreOffice or crowd of child processes.
SHELL := /bin/bash
.DEFAULT_GOAL := all
# Source texts are kept outside the repository; where the folder exists, publish and trace use it.
TEXTS ?= ../shared/source
WITH_TEXTS = $(if $(wildcard $(TEXTS)),--texts $(TEXTS))
CLI := node build/cli/bin.js
TSC := node_modules/.bin/tsc

.PHONY: all install build validate publish verify trace diff schedule serve test test-quick test-series typecheck format-check unit check-dist bench clean docs types

all: build validate publish
	@echo
	@echo "Done. The newest release is in dist/latest/ (every release in dist/<version>/);"
	@echo "open dist/index.html in a browser, or run: make serve"

# npm ci only when node_modules is missing or older than the lockfile
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
install: node_modules/.package-lock.json

# compiled only when a source, a schema or the lockfile changed since the last build
SOURCES := $(shell find pipeline bench -name '*.ts' -o -name '*.cts') $(wildcard schemas/*/*.json) tsconfig.json
build/.built: $(SOURCES) node_modules/.package-lock.json
	$(TSC) -p tsconfig.json
	node build/pipeline/tools/compile-schemas.js
	node build/pipeline/tools/bundle.js
	@touch $@
build: build/.built

validate: build
	$(CLI) validate

publish: build
	$(CLI) publish $(WITH_TEXTS)

verify: build
	$(CLI) verify

trace: build
	@if [ -d "$(TEXTS)" ]; then $(CLI) trace --texts "$(TEXTS)"; \
	else echo "trace: SKIPPED, the folder of source texts $(TEXTS) is not on this machine (TEXTS=DIR to name another)"; fi

# make diff A=1.0.0 B=latest
diff: build
	$(CLI) diff $(or $(A),$(error give two versions: make diff A=1.0.0 B=latest)) $(or $(B),latest)

schedule: build
	$(CLI) schedule

serve: build
	$(CLI) serve

# both remember what they checked (build/typecheck.tsbuildinfo, node_modules/.cache/prettier) and check again
# only what changed since
typecheck: install
	$(TSC) -p tsconfig.check.json --incremental --tsBuildInfoFile build/typecheck.tsbuildinfo

format-check: install
	node_modules/.bin/prettier --check --cache .

# vitest's global setup checks that build/ is current (make --question build) and compiles nothing more
unit: build
	node_modules/.bin/vitest run

# the files vitest.config.ts lists as SLOW_FILES left out; no type or format check
test-quick: build
	QUICK=1 node_modules/.bin/vitest run

# The series proof: the data checks (vitest.config.ts, DATA_FILES) again, on a copy of raw/ and the texts with
# three synthetic sources added (tests/series.ts): a new source never fails a test that is not about it
test-series: build
	SERIES=1 node_modules/.bin/vitest run

# The committed dist/ is what the committed raw/ produces: publishing into a copy of it changes nothing,
# and every release in it verifies against its checksums and schemas.
check-dist: build
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cp -a dist "$$tmp/dist" && \
	out=$$($(CLI) publish --dist "$$tmp/dist") && echo "$$out" && \
	if [[ "$$out" != "up to date at"* ]]; then echo "check-dist: dist/ is stale: run make and commit dist/" >&2; exit 1; fi
	$(CLI) verify

test: typecheck format-check unit test-series trace check-dist

# What is generated and committed: docs/errors.md from the error catalogue, the published rows' types from
# their schemas (a test checks both are current)
docs: build types
	node build/pipeline/tools/errors-doc.js

# compiled even where the code does not yet fit the schemas (a column just added): tsc emits all the same
types: install
	@$(TSC) -p tsconfig.json >/dev/null || true
	node build/pipeline/tools/row-types.js

bench: build
	node build/bench/long-input.js
	node build/bench/bench.js

clean:
	rm -rf build
