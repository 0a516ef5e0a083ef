#!/usr/bin/env bash
# Builds the .wasm that run.mjs times (all four features), after one build per side to size what
# each adds: raw rustc output, and after the wasm-opt pass of scripts/build.sh (the npm binaryen
# in scripts/node_modules, when installed). Output stays in $CARGO_TARGET_DIR, not in the tree.
set -euo pipefail
cd "$(dirname "$0")"
# .cargo/config.toml puts the build in ../../target/crate-choices.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd ../.. && pwd)/target/crate-choices}"
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/crate_choices.wasm"
sizes="$CARGO_TARGET_DIR/sizes"
wasm_opt=../../scripts/node_modules/binaryen/bin/wasm-opt
mkdir -p "$sizes"

build() { cargo build --quiet --release --target wasm32-unknown-unknown --no-default-features --features "$1"; }
size() { wc -c <"$1" | tr -d ' '; }
optimized() {
  [ -x "$wasm_opt" ] || { echo "-"; return; }
  # scripts/build.sh's flags.
  "$wasm_opt" -O3 --one-caller-inline-max-function-size=0 --enable-simd --enable-bulk-memory \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types --enable-multivalue "$1" -o "$1.opt"
  size "$1.opt"
}

echo "variant (the whole library is linked in each)    raw bytes  after wasm-opt"
for features in ours-base64 crate-base64 ours-uuid crate-uuid; do
  build "$features"
  cp "$wasm" "$sizes/$features.wasm"
  printf '%-48s %9s  %13s\n' "$features" "$(size "$sizes/$features.wasm")" "$(optimized "$sizes/$features.wasm")"
done
build ours-base64,crate-base64,ours-uuid,crate-uuid
echo "run.mjs reads $wasm"
