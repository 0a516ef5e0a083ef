#!/usr/bin/env bash
# Every test, in the order that fails fastest: Rust lints and tests (native, then wasm in
# headless Node), the package build, then the JavaScript suites against the packed tarball: first
# on the node on PATH, then on each Node.js line pinned in scripts/node-lines/ (22 and 24).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n== %s\n' "$*"; }

bash scripts/toolchain.sh

# The token server's default state (a SQLite file per API key under $XDG_STATE_HOME) goes to a
# folder of this run's own: never the user's, never left behind, never shared between runs.
XDG_STATE_HOME=$(mktemp -d)
export XDG_STATE_HOME
trap 'rm -rf "$XDG_STATE_HOME"' EXIT

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

step "install the packed tarball into js-tests/"
(cd js-tests && npm install --no-save --no-audit --no-fund "../$tarball" >/dev/null)

# The JavaScript suites: every test file under js-tests/, js-tests/runtimes/ (which installs the
# tarball into fresh projects of its own: Node, Bun, Deno, workerd, tsc, publint, attw) and
# js-tests/browser/ included, node_modules/ never. Given as a file list, the one form every line
# takes: Node 22 and later no longer walk a directory argument, and Node 20 takes no glob patterns.
# The names are the ones node --test picks when it walks a directory (x.test.mjs here).
mapfile -t js_tests < <(find js-tests -name node_modules -prune -o -type f -regextype posix-extended \
  -regex '.*/(test|test-[^/]+|[^/]+[._-]test)\.[cm]?js' -print | sort)
# With no file at all, node --test would search the whole tree.
[ ${#js_tests[@]} -gt 0 ] || { echo "no test files under js-tests/" >&2; exit 1; }

path_node=$(node --version)
step "JavaScript suites on Node $path_node (the node on PATH; ${#js_tests[@]} files)"
node --test --test-reporter=spec "${js_tests[@]}"

# The same suites on each Node.js line pinned in scripts/node-lines/package.json (the official
# binaries; toolchain.sh installed them), after the main line so that a failure shows first. The
# line's bin/ comes first on PATH, so what the tests start (process.execPath, npm, tsc, the load
# server, the inspector server) runs on that line too. Rust, the wasm build and the benchmark do
# not depend on the line and are not repeated.
mapfile -t lines < <(node -p "Object.keys(require('./scripts/node-lines/package.json').devDependencies).join('\n')")
for line in "${lines[@]}"; do
  bin="$PWD/scripts/node-lines/node_modules/$line/bin"
  version=$("$bin/node" --version)
  if [ "$version" = "$path_node" ]; then
    step "JavaScript suites on Node $version: the node on PATH is this version, run above"
    continue
  fi
  step "JavaScript suites on Node $version (scripts/node-lines/)"
  PATH="$bin:$PATH" node --test --test-reporter=spec "${js_tests[@]}"
done
