#!/usr/bin/env bash
# Builds devomap and runs every test (Catch2 unit tests, CLI, golden images, the GUI under Xvfb,
# the dataset validator). Real ONS files are read from DEVOMAP_TEST_DATA (default
# ../shared/geodata); tests that need them say SKIPPED when they are absent.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
if [ -z "${DEVOMAP_TEST_DATA:-}" ] && [ -d ../shared/geodata ]; then
  DEVOMAP_TEST_DATA="$(cd ../shared/geodata && pwd)"
  export DEVOMAP_TEST_DATA
fi
ctest --test-dir build --output-on-failure -j2 "$@"
