# The two commands of the README: `make start` (the main job) and `make test` (every test).
# Each installs what it needs first (scripts/toolchain.sh) and skips what is already there.

.PHONY: start test build toolchain

start: build
	node scripts/start.mjs

test:
	bash scripts/test.sh

build: toolchain
	bash scripts/build.sh

toolchain:
	bash scripts/toolchain.sh
