#!/usr/bin/env bash
# Builds the npm package into pkg/ and packs it into target/pack/rtc-token-<version>.tgz.
#
#   cargo (release, wasm32) → wasm-bindgen --target bundler (one glue file for every runtime)
#   → wasm-opt → pkg-template/ files → node.cjs bundled by esbuild → npm pack
#
# wasm-pack build is not used: it downloads wasm-opt from GitHub and rewrites package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
tools=scripts/node_modules/.bin

cargo build --release --target wasm32-unknown-unknown --quiet
rm -rf target/wasm-bindgen pkg
wasm-bindgen --target bundler --out-dir target/wasm-bindgen --out-name rtc_token \
  target/wasm32-unknown-unknown/release/rtc_token.wasm

mkdir -p pkg
# The feature flags are what rustc 1.95 emits by default; -O3: this package is bought for speed.
"$tools/wasm-opt" -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  target/wasm-bindgen/rtc_token_bg.wasm -o pkg/rtc_token_bg.wasm
cp target/wasm-bindgen/rtc_token_bg.js pkg/
cp pkg-template/*.mjs pkg-template/package.json pkg-template/index.d.ts README.md pkg/
cp pkg-template/index.d.ts pkg/index.d.cts
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

# One CommonJS file for Node's require and import (and Bun): see pkg-template/node.mjs.
"$tools/esbuild" pkg/node.mjs --bundle --format=cjs --platform=node --target=node20 \
  --log-level=warning --outfile=pkg/node.cjs
rm pkg/node.mjs

mkdir -p target/pack
rm -f target/pack/*.tgz
(cd pkg && npm pack --silent --pack-destination ../target/pack >/dev/null)
ls target/pack/*.tgz
