#!/usr/bin/env bash
# The fuzz targets of fuzz/ (cargo-fuzz, libFuzzer). By default a short run of each over its
# committed corpus (`make test`): a debug build without a sanitizer, ~20 s a target, new inputs
# kept in a scratch directory so the tree is not changed. With --long (`make fuzz`): a release
# build with AddressSanitizer and 10 minutes a target (FUZZ_SECONDS), adding what they find to
# fuzz/corpus/<target>. A crash leaves its input in fuzz/artifacts/<target>/ and fails the run.
# FUZZ_TARGETS picks targets (default: all four). cargo-fuzz is installed when missing; it needs
# nightly flags, which stable Rust allows with RUSTC_BOOTSTRAP=1.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export RUSTC_BOOTSTRAP=1

long=false
[[ "${1:-}" == "--long" ]] && long=true
read -r -a targets <<<"${FUZZ_TARGETS:-import_sheet csv_decode push_decode validators}"
if $long; then
  seconds="${FUZZ_SECONDS:-600}"
  build=()
else
  seconds="${FUZZ_SECONDS:-20}"
  build=(--dev -s none)
fi

if ! command -v cargo-fuzz >/dev/null; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

cd fuzz
started=$SECONDS
for t in "${targets[@]}"; do
  cargo fuzz build "${build[@]}" "$t"
done
echo "== fuzz targets built in $((SECONDS - started)) s"

logs="$(mktemp -d)"
status=0
for t in "${targets[@]}"; do
  corpus=("corpus/$t")
  if ! $long; then
    corpus=("$logs/new-$t" "corpus/$t")
    mkdir -p "$logs/new-$t"
  fi
  log="$logs/$t.log"
  run_started=$SECONDS
  if cargo fuzz run "${build[@]}" "$t" "${corpus[@]}" -- \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
    grep -E "panicked at|ERROR: libFuzzer|SUMMARY|Test unit written|Error:" "$log" | head -20 || true
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  echo "== fuzz $t: $result, ${runs:-?} runs in $((SECONDS - run_started)) s (${rate:-?}/s), log $log"
done
echo "== fuzzing took $((SECONDS - started)) s"
exit $status
