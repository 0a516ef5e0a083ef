#!/usr/bin/env bash
# Builds the npm package into pkg/ and packs it into target/pack/rtc-token-<version>.tgz, in two
# stages, which the Makefile runs apart, each only when its inputs changed:
#
#   cores     cargo (release, wasm32), twice: the full core and the HMAC-only one (no "asymmetric"
#             feature) → wasm-bindgen --target bundler, once per core (each instance needs its own
#             glue module: the glue keeps its instance in module state) → wasm-opt
#             → target/cores/full/ and target/cores/hmac/ (rtc_token_bg.wasm and its glue, .js)
#   package   pkg-template/ copied as it is: the package's layout is the source tree's, so every
#             hand-written import resolves the same in both. Added: the cores (the full one at the
#             package's root, the HMAC-only one in hmac/), README.md, index.d.cts, and what is
#             generated from the tree: server/inspector-assets.mjs (scripts/inspector-assets.mjs),
#             the CommonJS files for Node (scripts/node-bundles.mjs) and the ES modules in front of
#             the two Node bundles (scripts/esm-wrapper.mjs) → npm pack
#
#   bash scripts/build.sh            both stages
#   bash scripts/build.sh cores      the first
#   bash scripts/build.sh package    the second, from the first's output
#
# Each stage ends by touching its stamp (target/cores/.built, pkg/.built), against which the
# Makefile compares the stage's inputs.
#
# wasm-pack build is not used: it downloads wasm-opt from GitHub and rewrites package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
tools=scripts/node_modules/.bin

cores() {
  # The HMAC-only core builds into its own target directory, so that neither build invalidates the
  # other's (the features differ).
  # host-random: the JavaScript layer fills the cores' random pool (src/uuid.rs says why).
  cargo build --release --target wasm32-unknown-unknown --quiet --features host-random
  cargo build --release --target wasm32-unknown-unknown --quiet --no-default-features --features host-random \
    --target-dir target/hmac
  rm -rf target/wasm-bindgen target/cores
  mkdir -p target/cores/full target/cores/hmac
  wasm-bindgen --target bundler --out-dir target/wasm-bindgen --out-name rtc_token \
    target/wasm32-unknown-unknown/release/rtc_token.wasm
  wasm-bindgen --target bundler --out-dir target/wasm-bindgen/hmac --out-name rtc_token \
    target/hmac/wasm32-unknown-unknown/release/rtc_token.wasm

  # The feature flags are what rustc 1.95 emits by default; -O3: this package is bought for speed.
  # Without --one-caller-inline-max-function-size=0, wasm-opt inlines every function called from one
  # place, however large, undoing rustc's #[inline(never)] on cold paths: V8 compiles a wasm
  # function whole on its first call, so the first token then compiles the cold code too (0.4 ms
  # of the cold start; throughput the same).
  optimize() {
    "$tools/wasm-opt" -O3 --one-caller-inline-max-function-size=0 --enable-simd --enable-bulk-memory \
      --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types \
      --enable-multivalue "$1" -o "$2"
  }
  optimize target/wasm-bindgen/rtc_token_bg.wasm target/cores/full/rtc_token_bg.wasm &
  local full=$!
  optimize target/wasm-bindgen/hmac/rtc_token_bg.wasm target/cores/hmac/rtc_token_bg.wasm
  wait "$full"
  cp target/wasm-bindgen/rtc_token_bg.js target/cores/full/
  cp target/wasm-bindgen/hmac/rtc_token_bg.js target/cores/hmac/
  touch target/cores/.built # the stage's stamp (Makefile)
}

package() {
  for file in target/cores/full/rtc_token_bg.wasm target/cores/hmac/rtc_token_bg.wasm; do
    [ -f "$file" ] || { echo "build.sh: $file missing: run 'bash scripts/build.sh cores' first" >&2; exit 1; }
  done
  rm -rf pkg
  cp -r pkg-template pkg
  cp README.md pkg/
  cp pkg-template/index.d.ts pkg/index.d.cts
  mkdir -p pkg/hmac
  cp target/cores/full/rtc_token_bg.wasm target/cores/full/rtc_token_bg.js pkg/
  cp target/cores/hmac/rtc_token_bg.wasm target/cores/hmac/rtc_token_bg.js pkg/hmac/
  # The inspector page, with the files of the browser entry rtc-token/hmac resolves to, embedded
  # for the token server into server/inspector-assets.mjs.
  node scripts/inspector-assets.mjs pkg/inspector pkg
  # errors.cjs, entries/node.cjs, entries/hmac/node.cjs and server/*.cjs (see the script); the two
  # entries' ES module sources are bundled and then removed.
  node scripts/node-bundles.mjs pkg
  # Node's `import` of each entry: a small ES module that requires the bundle (one instance for both
  # module systems) and names its exports, so that Node's ESM loader need not lex the bundle.
  node scripts/esm-wrapper.mjs pkg/entries pkg/entries/hmac

  mkdir -p target/pack
  rm -f target/pack/*.tgz
  (cd pkg && npm pack --silent --pack-destination ../target/pack >/dev/null)
  touch pkg/.built # the stage's stamp (Makefile); npm pack ships only package.json's "files"
  ls target/pack/*.tgz
}

case "${1:-all}" in
  cores) cores ;;
  package) package ;;
  all)
    cores
    package
    ;;
  *)
    echo "usage: bash scripts/build.sh [cores|package]" >&2
    exit 2
    ;;
esac
