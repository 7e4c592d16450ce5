#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/: the table reader, the map spec reader, the layer loader)
# with clang, AddressSanitizer and UndefinedBehaviorSanitizer into ./build-fuzz, and runs each
# for FUZZ_SECONDS (default 60) from the seeds in fuzz/seeds/. A crash, a leak or a sanitizer
# report fails the run; the input that caused it is kept as build-fuzz/crash-TARGET-*. The seed
# is fixed, so a run in CI goes through the same inputs each time (as far as time allows).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [ ! -f build-fuzz/CMakeCache.txt ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g" "-DCMAKE_C_FLAGS_DEBUG=-O1 -g" \
    -DDEVOMAP_FUZZ=ON -DDEVOMAP_BUILD_TESTS=OFF -DDEVOMAP_BUILD_BENCH=OFF
fi
cmake --build build-fuzz -j"$(nproc)" --target fuzz_table fuzz_map_spec fuzz_layer
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for target in table map_spec layer; do
  corpus="build-fuzz/corpus/$target"
  mkdir -p "$corpus"
  echo "fuzz: $target for ${seconds} s"
  "./build-fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -seed=1 -max_len=65536 -timeout=20 \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="build-fuzz/crash-$target-" \
    "$corpus" "fuzz/seeds/$target" 2>&1 | grep -v -e "^#[0-9]*\s*\(NEW\|REDUCE\|pulse\)" -e "NEW_FUNC" || {
      echo "fuzz: $target found a problem; the input is build-fuzz/crash-$target-*" >&2
      exit 1
    }
done
echo "fuzz: no crash, leak or sanitizer report in $((3 * seconds)) s"
