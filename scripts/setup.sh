#!/usr/bin/env bash
# Sets devomap up from a fresh clone: installs Debian packages, builds, and brings in the
# official boundary files (imported from a folder you already have, else downloaded).
#   DEVOMAP_IMPORT_FROM=DIR  import official files from DIR (default: ../shared/geodata if present)
#   DEVOMAP_DATA_DIR=DIR     where devomap keeps them (default: ~/.local/share/devomap)
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/build.sh

import_from="${DEVOMAP_IMPORT_FROM:-}"
if [ -z "$import_from" ] && [ -d ../shared/geodata ]; then import_from=../shared/geodata; fi

if [ -n "$import_from" ]; then
  echo "setup: importing official files from $import_from"
  ./build/devomap fetch --from "$import_from"
else
  echo "setup: downloading the official ONS files listed in geodata/manifest.json"
  ./build/devomap fetch || {
    echo "setup: download failed. Offline? Download the files named in geodata/manifest.json" >&2
    echo "       by hand and run: ./build/devomap fetch --from DIR" >&2
  }
fi
echo "setup: done. The window opens with: ./build/devomap"
