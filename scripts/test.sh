#!/usr/bin/env bash
# Every test, in the order that fails fastest: Rust lints and tests (native, then wasm in
# headless Node), the package build, then the JavaScript suites against the packed tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n== %s\n' "$*"; }

bash scripts/toolchain.sh

step "cargo fmt --check"
cargo fmt --check
step "cargo clippy --all-targets -- -D warnings (the full core, the HMAC-only core, and its package build)"
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --all-targets --no-default-features --quiet -- -D warnings
cargo clippy --lib --no-default-features --features host-random --quiet -- -D warnings
step "cargo test (native)"
cargo test --quiet
step "cargo test --no-default-features (the HMAC-only core of rtc-token/hmac: the full core's results, or its sentinel)"
cargo test --no-default-features --quiet
step "wasm-pack test --node (the same tests compiled to wasm)"
wasm-pack test --node

step "fuzz smoke run: each target a few seconds (scripts/fuzz.sh --runs N is the long run)"
bash scripts/fuzz.sh --smoke

step "build and pack the npm package"
bash scripts/build.sh

tarball=$(ls target/pack/rtc-token-*.tgz)
step "benchmark, smoke mode (seconds; keeps it from rotting, asserts no timings)"
(cd bench && npm install --no-save --no-audit --no-fund "../$tarball" >/dev/null)
node bench/node.mjs --smoke

step "install the packed tarball into js-tests/ and run the JavaScript tests (js-tests/runtimes/ too)"
(cd js-tests && npm install --no-save --no-audit --no-fund "../$tarball" >/dev/null)
# js-tests/runtimes/ installs the tarball into fresh projects of its own (Node, Bun, Deno, workerd,
# tsc, publint, attw); node --test finds its *.test.mjs files under js-tests/.
node --test --test-reporter=spec js-tests/
