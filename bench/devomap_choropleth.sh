#!/usr/bin/env bash
# devomap as a tool of the peer benchmark (../shared/peers, README "Adding the C++ tool"): the
# peers' common arguments mapped onto `devomap render`, so run_all.sh times devomap in the same
# loop as QGIS, mapshaper and the others. bench/peers.sh runs it.
#
#   devomap_choropleth.sh --in FILE [--csv CSV --key FIELD] --var density|area
#                         --method quantile|jenks [--png OUT.png] [--svg OUT.svg] [--size 2000]
#
# Differences from the task, said here so the figures are read right: density is the CSV's
# published people_per_sq_km_mid2022 (rounded to whole people; the peers divide population by
# area unrounded); area is devomap's area_km2 (equal-area projection, not planar British National
# Grid); the frame is devomap's fit of the layer, not the peers' square with 2 % margins.
# Exit codes: 0 ok, 2 bad arguments, 3 not offered (none at present).
set -euo pipefail
DEVOMAP="${DEVOMAP:-$(cd "$(dirname "$0")/.." && pwd)/build/devomap}"
export DEVOMAP_NO_CACHE=1  # cold, as the peers: nothing kept from an earlier run
IN= CSV= VAR= METHOD=quantile PNG= SVG= SIZE=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --in) IN=$2; shift 2;;
    --csv) CSV=$2; shift 2;;
    --key) shift 2;;  # devomap finds the GSS code field itself
    --var) VAR=$2; shift 2;;
    --method) METHOD=$2; shift 2;;
    --png) PNG=$2; shift 2;;
    --svg) SVG=$2; shift 2;;
    --size) SIZE=$2; shift 2;;
    *) echo "unknown argument: $1" >&2; exit 2;;
  esac
done
[ -n "$IN" ] && [ -n "$VAR" ] || { echo "need --in and --var" >&2; exit 2; }
args=(render --layer "$IN" --method "$METHOD" --classes 5 --palette YlOrRd --width "$SIZE"
      --height "$SIZE" --no-legend --no-scale-bar --no-north-arrow --no-inset --force)
case "$VAR" in
  density) args+=(--table "$CSV" --field people_per_sq_km_mid2022);;
  area) args+=(--field area_km2);;
  *) echo "unknown --var $VAR" >&2; exit 2;;
esac
for out in $PNG $SVG; do
  "$DEVOMAP" "${args[@]}" --out "$out"
done
