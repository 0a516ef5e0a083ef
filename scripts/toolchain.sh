#!/usr/bin/env bash
# Installs what building and testing need, and skips whatever is already installed:
# the wasm32 target, wasm-bindgen-cli at the exact version of the wasm-bindgen crate in
# Cargo.lock, wasm-pack, cargo-fuzz, the npm packages of scripts/, scripts/node-lines/ (the
# Node.js 22 and 24 binaries the JavaScript suites also run on), js-tests/, js-tests/runtimes/
# (the runtimes: workerd, Deno and Bun platform binaries, esbuild, TypeScript, publint, attw) and
# bench/ from their lock files, PyJWT (pinned, in a venv under target/pyjwt) for the
# interoperability matrix, and for the inspector page's browser tests Debian's Chromium
# (/usr/bin/chromium, by apt) with playwright-core from js-tests/browser/ (it downloads no browser),
# and redis-server (by apt) for the Redis state's tests.
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

# cargo-fuzz for the fuzz smoke run (scripts/fuzz.sh; it runs on stable with RUSTC_BOOTSTRAP=1).
want_fuzz=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q " $want_fuzz"; then
  step "cargo install cargo-fuzz $want_fuzz (about 2 minutes)"
  cargo install cargo-fuzz --version "$want_fuzz"
fi

# npm ci when node_modules is missing or older than the lock file.
for dir in scripts scripts/node-lines js-tests js-tests/runtimes js-tests/browser bench; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    step "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
done

# The browser tests drive Debian's Chromium: never a browser build downloaded by playwright.
if [ ! -x /usr/bin/chromium ]; then
  step "apt-get install chromium (for js-tests/browser/)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# redis-server for js-tests/redis.test.mjs, which starts its own on a loopback port (Debian's
# package; the service it may start on 6379 is not what the tests use). The package lists are
# refreshed only when the install fails without it (lists missing or stale).
if ! command -v redis-server >/dev/null; then
  step "apt-get install redis-server (for js-tests/redis.test.mjs)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  apt_redis() { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server </dev/null >/dev/null; }
  apt_redis || { $sudo apt-get update -qq </dev/null && apt_redis; }
fi

# PyJWT + cryptography for js-tests/interop-matrix.test.mjs, pinned in js-tests/interop/requirements.txt.
requirements=js-tests/interop/requirements.txt
if [ ! -f target/pyjwt/.installed ] || [ "$requirements" -nt target/pyjwt/.installed ]; then
  step "PyJWT venv in target/pyjwt"
  mkdir -p target
  python3 -m venv target/pyjwt
  target/pyjwt/bin/pip install --quiet --disable-pip-version-check -r "$requirements"
  touch target/pyjwt/.installed
fi
