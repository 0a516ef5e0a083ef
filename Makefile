# The two commands of the README: `make start` (the main job) and `make test` (every test).
# Each installs what it needs first (scripts/toolchain.sh) and skips what is already there.

.PHONY: start test bench build toolchain

start: build
	node scripts/start.mjs

test:
	bash scripts/test.sh

# The full benchmark (about two minutes): the README's Performance table.
bench: build
	cd bench && npm install --no-save --no-audit --no-fund ../target/pack/rtc-token-*.tgz >/dev/null
	node bench/node.mjs

build: toolchain
	bash scripts/build.sh

toolchain:
	bash scripts/toolchain.sh
