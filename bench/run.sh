#!/usr/bin/env bash
# Runs every benchmark on the real ONS layers and prints the tables that bench/RESULTS.md
# records. Build first (scripts/build.sh). Benchmarks are not tests: nothing here fails on time.
#   bench/run.sh [GEODATA_DIR]    (default: $DEVOMAP_TEST_DATA, else ../shared/geodata)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-${DEVOMAP_TEST_DATA:-../shared/geodata}}"
b=build/bench
unset DISPLAY

echo "## Load + reproject + triangulate"
for layer in lad_2024_uk_buc_shp/LAD_2024_UK_BUC.shp lad_2024_uk_bgc.gpkg lsoa_2011_en_simplified.gpkg; do
  "$b/bench_triangulate" "$data/$layer" 3
done

echo "## The window's frames (headless EGL, llvmpipe; the window's own drawing, render::MapPicture)"
echo "| layer | areas | vertices | load ms | mesh ms | upload ms | size | pan ms median (p90) | wheel zoom ms median (p90) | hover ms median (p90) | full frame ms median (min) | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for layer in lad_2024_uk_buc_shp/LAD_2024_UK_BUC.shp lad_2024_uk_bgc.gpkg lsoa_2011_en_simplified.gpkg; do
  "$b/bench_render" "$data/$layer" 1920 1080 60
done

echo "## Classification"
"$b/bench_classify"

echo "## Join"
"$b/bench_join" "$data"

echo "## Export: A4 portrait at 300 dpi (bench/bench_export.sh)"
echo "| layer | format | wall (m:ss) | CPU s | peak RSS MB | file MB |"
echo "|---|---|---|---|---|---|"
bench/bench_export.sh "$data/lad_2024_uk_buc_shp/LAD_2024_UK_BUC.shp" area_km2 "LAD 2024 BUC"
bench/bench_export.sh "$data/lsoa_2011_en_simplified.gpkg" area_km2 "LSOA 2011 (32,844 areas)"
