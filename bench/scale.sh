#!/usr/bin/env bash
# How load, triangulation, frame time and memory grow with the number of areas: the real layers
# from 361 districts to 32,844 small areas, then synthetic layers of 65,688 and 175,000 areas
# (bench/make_scaled_layer: the small areas copied side by side; 175k is the size of the
# output-area geography, the largest users bring) through bench_render (the window's drawing
# at 1920x1080) and `devomap render` (a 2000 x 2000 PNG, whole process). Prints Markdown.
#   bench/scale.sh [GEODATA_DIR] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-${DEVOMAP_TEST_DATA:-../shared/geodata}}"
work="${2:-${TMPDIR:-/tmp}/devomap-scale}"
b=build/bench
unset DISPLAY
export DEVOMAP_NO_CACHE=1
mkdir -p "$work"
for n in 65688 175000; do
  [ -f "$work/scaled_$n.gpkg" ] ||
    "$b/make_scaled_layer" "$data/lsoa_2011_en_simplified.gpkg" "$n" "$work/scaled_$n.gpkg" >&2
done
layers=("$data/lad_2024_uk_buc_shp/LAD_2024_UK_BUC.shp" "$data/lad_2024_uk_bgc.gpkg"
        "$data/wd_2022_uk_bsc.gpkg" "$data/lsoa_2011_en_simplified.gpkg"
        "$work/scaled_65688.gpkg" "$work/scaled_175000.gpkg")

echo "### The window's frames (bench_render, 1920x1080, llvmpipe)"
echo "| layer | areas | vertices | load ms | mesh ms | upload ms | size | pan ms median (p90) | wheel zoom ms median (p90) | hover ms median (p90) | full frame ms median (min) | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for layer in "${layers[@]}"; do "$b/bench_render" "$layer" 1920 1080 40; done

echo "### A 2000 x 2000 PNG, whole process (devomap render, median of 3)"
echo "| layer | wall s (min-max) | peak RSS MB |"
echo "|---|---|---|"
for layer in "${layers[@]}"; do
  walls=() rss=0
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" build/devomap render --layer "$layer" \
      --field area_km2 --width 2000 --height 2000 --out "$work/scale.png" --force >/dev/null
    read -r wall kb < "$work/time.txt"
    walls+=("$wall")
    rss=$(( kb > rss ? kb : rss ))
  done
  sorted=($(printf '%s\n' "${walls[@]}" | sort -n))
  echo "| $(basename "$layer") | ${sorted[1]} (${sorted[0]}-${sorted[2]}) | $(( rss / 1024 )) |"
done
