#!/usr/bin/env bash
# Builds the npm package into pkg/ and packs it into target/pack/rtc-token-<version>.tgz.
#
#   cargo (release, wasm32), twice: the full core and the HMAC-only one (no "asymmetric" feature)
#   → wasm-bindgen --target bundler, once per core (each instance needs its own glue module: the
#   glue keeps its instance in module state) → wasm-opt → pkg/ (full) and pkg/hmac/ (HMAC-only)
#   → pkg-template/ files → node.cjs and hmac/node.cjs bundled by esbuild, each with a
#   node-import.mjs for Node's `import` (scripts/esm-wrapper.mjs) → npm pack
#
# wasm-pack build is not used: it downloads wasm-opt from GitHub and rewrites package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
tools=scripts/node_modules/.bin

# The HMAC-only core builds into its own target directory, so that neither build invalidates the
# other's (the features differ).
# host-random: the JavaScript layer fills the cores' random pool (src/uuid.rs says why).
cargo build --release --target wasm32-unknown-unknown --quiet --features host-random
cargo build --release --target wasm32-unknown-unknown --quiet --no-default-features --features host-random \
  --target-dir target/hmac
rm -rf target/wasm-bindgen pkg
mkdir -p pkg/hmac
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
optimize target/wasm-bindgen/rtc_token_bg.wasm pkg/rtc_token_bg.wasm &
full=$!
optimize target/wasm-bindgen/hmac/rtc_token_bg.wasm pkg/hmac/rtc_token_bg.wasm
wait "$full"
cp target/wasm-bindgen/rtc_token_bg.js pkg/
cp target/wasm-bindgen/hmac/rtc_token_bg.js pkg/hmac/
cp pkg-template/*.mjs pkg-template/package.json pkg-template/index.d.ts README.md pkg/
cp pkg-template/index.d.ts pkg/index.d.cts
# rtc-token/hmac: its own entries and core.mjs, and the package's one api.mjs placed beside them,
# so that its './core.mjs' is the HMAC-only core (see pkg-template/hmac/core.mjs).
cp pkg-template/hmac/*.mjs pkg-template/api.mjs pkg/hmac/
# The token server (rtc-token/server, rtc-token/server/node), the CLI (bin: rtc-token), and the
# inspector page, embedded with the browser entry into server/inspector-assets.mjs.
cp -r pkg-template/server pkg-template/bin pkg/
node scripts/inspector-assets.mjs pkg-template/inspector pkg
# CommonJS builds of the server subpaths, so require() works on Node < 20.19 too. rtc-token stays
# external: both forms use the package's one instance.
for name in handler node-http; do
  "$tools/esbuild" "pkg/server/$name.mjs" --bundle --format=cjs --platform=node --target=node20 \
    --external:rtc-token --external:./inspector-assets.mjs --log-level=warning --outfile="pkg/server/$name.cjs"
  sed "s#'./handler.js'#'./handler.cjs'#" "pkg/server/$name.d.ts" > "pkg/server/$name.d.cts"
done

# One CommonJS file per entry for Node's require and import (and Bun): see pkg-template/node.mjs.
# The error classes stay out of both bundles, in errors.cjs, so that the two entries share them.
"$tools/esbuild" pkg/errors.mjs --format=cjs --platform=node --target=node20 --log-level=warning \
  --outfile=pkg/errors.cjs
# Each bundle keeps the import of the shared errors.mjs (./errors.mjs from node.mjs's api.mjs,
# ../errors.mjs from hmac/errors.mjs) as a require of errors.cjs.
# Whitespace and syntax minified (names kept, so stack traces still read): Node parses the bundle
# on every cold start, and a third fewer bytes measured ~0.6 ms less.
bundle_node() { # entry, the errors import it keeps
  "$tools/esbuild" "pkg/$1.mjs" --bundle --format=cjs --platform=node --target=node20 \
    --minify-whitespace --minify-syntax "--external:$2" --log-level=warning --outfile="pkg/$1.cjs"
  sed -i "s#require(\"$2\")#require(\"${2%.mjs}.cjs\")#" "pkg/$1.cjs"
  grep -q "require(\"${2%.mjs}.cjs\")" "pkg/$1.cjs" # the classes must come from the shared file
  rm "pkg/$1.mjs"
}
bundle_node node ./errors.mjs
bundle_node hmac/node ../errors.mjs
# Node's `import` of each entry: a small ES module that requires the bundle (one instance for both
# module systems) and names its exports, so that Node's ESM loader need not lex the bundle.
node scripts/esm-wrapper.mjs pkg pkg/hmac

mkdir -p target/pack
rm -f target/pack/*.tgz
(cd pkg && npm pack --silent --pack-destination ../target/pack >/dev/null)
ls target/pack/*.tgz
