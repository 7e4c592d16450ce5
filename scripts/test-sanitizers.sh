#!/usr/bin/env bash
# Builds devomap and its tests with AddressSanitizer + UndefinedBehaviorSanitizer into
# ./build-sanitize and runs the whole suite there (CI runs this after scripts/test.sh). Every
# sanitizer report is fatal, so it fails the test that hit it. The only suppressions are for the
# system's GL driver (tests/sanitizers/lsan.supp); Mesa's driver is preloaded so it stays
# loaded until the leak check and its stacks can be named.
set -euo pipefail
cd "$(dirname "$0")/.."
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [ ! -f build-sanitize/CMakeCache.txt ]; then
  cmake -S . -B build-sanitize "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g" "-DCMAKE_C_FLAGS_DEBUG=-O1 -g" \
    -DDEVOMAP_SANITIZE=ON -DDEVOMAP_BUILD_BENCH=OFF
fi
cmake --build build-sanitize -j"$(nproc)"
if [ -z "${DEVOMAP_TEST_DATA:-}" ] && [ -d ../shared/geodata ]; then
  DEVOMAP_TEST_DATA="$(cd ../shared/geodata && pwd)"
  export DEVOMAP_TEST_DATA
fi
# Mesa's EGL and GLX front ends and its DRI driver, kept loaded so leak stacks name them.
preload=""
for lib in libEGL_mesa.so.0 libGLX_mesa.so.0 dri/swrast_dri.so; do
  for dir in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib; do
    if [ -f "$dir/$lib" ]; then preload="${preload:+$preload:}$dir/$lib"; break; fi
  done
done
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:verify_asan_link_order=0:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
LD_PRELOAD="$preload" ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)" "$@"
