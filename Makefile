# Two commands for a newcomer: `make` (install, compile, validate, publish) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := all
SOURCE ?= ../shared/source/banan-livelihood-2022.txt
CLI := node build/pipeline/cli/bin.js
TSC := node_modules/.bin/tsc

.PHONY: all install build validate publish verify trace diff schedule serve test typecheck format-check unit check-dist bench clean docs

all: build validate publish

# npm ci only when node_modules is missing or older than the lockfile
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
install: node_modules/.package-lock.json

build: install
	$(TSC) -p tsconfig.json
	node build/pipeline/tools/compile-schemas.js

validate: build
	$(CLI) validate

publish: build
	$(CLI) publish

verify: build
	$(CLI) verify

trace: build
	@if [ -f "$(SOURCE)" ]; then $(CLI) trace --source "$(SOURCE)"; \
	else echo "trace: SKIPPED, the source text $(SOURCE) is not on this machine"; fi

diff: build
	$(CLI) diff $(A) $(B)

schedule: build
	$(CLI) schedule

serve: build
	$(CLI) serve

typecheck: install
	$(TSC) -p tsconfig.check.json

format-check: install
	node_modules/.bin/prettier --check .

unit: build
	node_modules/.bin/vitest run

# The committed dist/ is what the committed raw/ produces: publishing into a copy of it changes nothing,
# and every release in it verifies against its checksums and schemas.
check-dist: build
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cp -a dist "$$tmp/dist" && \
	out=$$($(CLI) publish --dist "$$tmp/dist") && echo "$$out" && \
	if [[ "$$out" != "up to date at"* ]]; then echo "check-dist: dist/ is stale: run make and commit dist/" >&2; exit 1; fi
	$(CLI) verify

test: typecheck format-check unit trace check-dist

docs: build
	node build/pipeline/tools/errors-doc.js

bench: build
	node build/bench/bench.js

clean:
	rm -rf build
