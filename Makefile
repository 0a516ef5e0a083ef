# The two commands of the README: `make start` (the main job) and `make test` (every test).
# Each installs what it needs first (scripts/toolchain.sh) and skips what is already there.
#
# The package is built in two stages (scripts/build.sh), each marked done by a stamp file that
# build.sh writes when the stage ends, however it was run. make reruns a stage only when one of
# its inputs is newer than its stamp, so `make start` on a built tree starts the server at once.
#   cores    src/, Cargo.*, .cargo/, the build tools' lock file     → target/cores/ (both .wasm)
#   package  the cores, pkg-template/, README.md, the build scripts → pkg/, target/pack/*.tgz
# The directories are inputs too: a file added, removed or renamed changes its directory's time.
# Not tracked: the Rust toolchain and wasm-bindgen CLI versions (scripts/toolchain.sh installs
# them); after changing those, `bash scripts/build.sh` rebuilds everything.

.PHONY: start test bench build toolchain

CORES := target/cores/.built
PACKAGE := pkg/.built
TOOLS := scripts/package.json scripts/package-lock.json
CORE_INPUTS := $(shell find src) Cargo.toml Cargo.lock $(wildcard .cargo/*) scripts/build.sh $(TOOLS)
PACKAGE_INPUTS := $(CORES) $(shell find pkg-template) README.md scripts/build.sh \
  scripts/inspector-assets.mjs scripts/node-bundles.mjs scripts/esm-wrapper.mjs $(TOOLS)

start: build
	node scripts/start.mjs

test:
	bash scripts/test.sh

# The full benchmark (about five minutes; bench/node.mjs): every figure of the README's
# Performance section. Needs the npm registry (or npm's cache) for the installed-size probes.
bench: build
	cd bench && npm install --no-save --no-audit --no-fund ../target/pack/rtc-token-*.tgz >/dev/null
	node bench/node.mjs

build: $(PACKAGE)

$(CORES): $(CORE_INPUTS) | toolchain
	bash scripts/build.sh cores

$(PACKAGE): $(PACKAGE_INPUTS) | toolchain
	bash scripts/build.sh package

toolchain:
	bash scripts/toolchain.sh
