#!/usr/bin/env bash
# Installs what building and testing need, and skips whatever is already installed:
# the wasm32 target, wasm-bindgen-cli at the exact version of the wasm-bindgen crate in
# Cargo.lock, wasm-pack, the npm packages of scripts/, js-tests/, js-tests/runtimes/ (the
# runtimes: workerd, Deno and Bun platform binaries, esbuild, TypeScript, publint, attw) and
# bench/ from their lock files, and PyJWT (pinned, in a venv under target/pyjwt) for the
# interoperability matrix.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must equal the crate: a mismatch makes wasm-bindgen refuse the .wasm.
want_bindgen=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have_bindgen" != "$want_bindgen" ]; then
  step "cargo install wasm-bindgen-cli $want_bindgen (about 2 minutes)"
  # No --locked: its lock file pins a webpki-roots release the registry here does not serve.
  cargo install wasm-bindgen-cli --version "$want_bindgen"
fi

want_pack=0.15.1
if ! wasm-pack --version 2>/dev/null | grep -q " $want_pack"; then
  step "cargo install wasm-pack $want_pack (about 3 minutes)"
  cargo install wasm-pack --version "$want_pack"
fi

# npm ci when node_modules is missing or older than the lock file.
for dir in scripts js-tests js-tests/runtimes bench; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    if [ "$dir" = bench ]; then
      # The registry here serves only the linux-x64 builds of @node-rs/jsonwebtoken, so the lock
      # lists none of its other optional platform packages and `npm ci` refuses it as out of sync.
      # `npm install --no-save` installs the same locked versions without that check.
      step "npm install --no-save in $dir (from its lock file)"
      (cd "$dir" && npm install --no-save --no-audit --no-fund)
    else
      step "npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund)
    fi
  fi
done

# PyJWT + cryptography for js-tests/interop-matrix.test.mjs, pinned in js-tests/interop/requirements.txt.
requirements=js-tests/interop/requirements.txt
if [ ! -f target/pyjwt/.installed ] || [ "$requirements" -nt target/pyjwt/.installed ]; then
  step "PyJWT venv in target/pyjwt"
  mkdir -p target
  python3 -m venv target/pyjwt
  target/pyjwt/bin/pip install --quiet --disable-pip-version-check -r "$requirements"
  touch target/pyjwt/.installed
fi
