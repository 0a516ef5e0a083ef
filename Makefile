# The two commands of the README: `make start` (the main job) and `make test` (every test).
# Each installs what it needs first (scripts/toolchain.sh) and skips what is already there.

.PHONY: start test bench build toolchain

start: build
	node scripts/start.mjs

test:
	bash scripts/test.sh

# The full benchmark (about five minutes; bench/node.mjs): every figure of the README's
# Performance section. Needs the npm registry (or npm's cache) for the installed-size probes.
bench: build
	cd bench && npm install --no-save --no-audit --no-fund ../target/pack/rtc-token-*.tgz >/dev/null
	node bench/node.mjs

build: toolchain
	bash scripts/build.sh

toolchain:
	bash scripts/toolchain.sh
