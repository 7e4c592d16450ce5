#!/usr/bin/env bash
# devomap against its peers (QGIS, mapshaper, ... from ../shared/peers) in one loop, on the
# same machine and files: the peers' run_all.sh with devomap added as an extra tool
# (bench/devomap_choropleth.sh). Install the peers first (../shared/peers/install_peers.sh, as
# root) and build devomap (scripts/build.sh). Prints the summary that bench/RESULTS.md records.
#   bench/peers.sh            knobs as run_all.sh: TOOLS, LAYERS, METHODS, REPS, SVG, STARTUP, OUT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peers="${PEERS_DIR:-$here/../../shared/peers}"
[ -x "$peers/run_all.sh" ] || { echo "peers.sh: no peer harness at $peers (set PEERS_DIR)" >&2; exit 1; }
export TOOLS="${TOOLS:-qgis mapshaper rasterize}"
export LAYERS="${LAYERS:-L1 L2 L3 L4}"
export METHODS="${METHODS:-quantile}"
export SVG="${SVG:-0}"
export STARTUP="${STARTUP:-0}"
export OUT="${OUT:-/tmp/devomap-peers}"
export EXTRA_TOOLS="devomap=$here/devomap_choropleth.sh"
unset DISPLAY  # devomap renders headless, as in a report pipeline
cd "$peers"
./run_all.sh
cat "$OUT/results/summary.md"
