#!/usr/bin/env bash
# Coverage-guided fuzzing of the Rust core (fuzz/: cargo fuzz over libFuzzer) on the stable
# toolchain: cargo-fuzz asks rustc for a few unstable flags, which RUSTC_BOOTSTRAP=1 allows.
# No sanitizer: the crate forbids unsafe code, and what is looked for is a panic (every one is
# a crash here: clippy denies unwrap/expect/indexing, overflow checks are on), a hang or a
# runaway allocation (-rss_limit_mb, -timeout).
#
#   scripts/fuzz.sh --smoke              every target for a few seconds (part of make test)
#   scripts/fuzz.sh --runs 10000000      the long run: each target for N executions
#   scripts/fuzz.sh --runs N decode ...  some targets only
#
# Corpora grow in target/fuzz/corpus/<target> (seeded from the vector files), crashes land in
# target/fuzz/artifacts/<target>/, and each run's libFuzzer log in target/fuzz/logs/. The last
# line of each target's log says how many executions it made.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$PWD/target/fuzz/build"

mode=${1:---smoke}
shift || true
limit=()
case "$mode" in
  --smoke) limit=(-max_total_time="${FUZZ_SMOKE_SECONDS:-4}") ;;
  --runs) limit=(-runs="$1"); shift ;;
  *) echo "usage: scripts/fuzz.sh --smoke | --runs N [target...]" >&2; exit 2 ;;
esac
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode verify verify_signed timespan options room keys)

root=${FUZZ_ROOT:-target/fuzz}
mkdir -p "$root/logs"
node scripts/fuzz-seeds.mjs "$root/corpus"

cargo fuzz build --sanitizer none --fuzz-dir fuzz 2>&1 | grep -v "^ *Compiling" || true
for target in "${targets[@]}"; do
  mkdir -p "$root/artifacts/$target"
  log="$root/logs/$target.log"
  printf '%-14s ' "$target"
  if ! cargo fuzz run --sanitizer none --fuzz-dir fuzz "$target" "$root/corpus/$target" -- \
      "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$root/artifacts/$target/" >"$log" 2>&1; then
    echo "FAILED"; tail -40 "$log"; exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  echo "$runs executions, no crash ($cov)"
done
