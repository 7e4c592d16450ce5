#!/usr/bin/env bash
# Export benchmark: A4 portrait at 300 dpi (2480 x 3508 px) as PNG, SVG and PDF, for a layer.
# Prints one Markdown row per format: wall time, CPU time, peak RSS (/usr/bin/time -v), size.
#   bench/bench_export.sh LAYER FIELD LABEL
set -euo pipefail
layer="$1" field="$2" label="$3"
bin="$(dirname "$0")/../build/devomap"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for fmt in png svg pdf; do
  /usr/bin/time -v "$bin" render --layer "$layer" --field "$field" --paper A4 --dpi 300 \
    --title "$label" --out "$tmp/map.$fmt" >/dev/null 2>"$tmp/time"
  wall=$(grep "Elapsed (wall clock)" "$tmp/time" | awk '{print $NF}')
  user=$(grep "User time" "$tmp/time" | awk '{print $NF}')
  sys=$(grep "System time" "$tmp/time" | awk '{print $NF}')
  rss=$(grep "Maximum resident" "$tmp/time" | awk '{printf "%.0f", $NF / 1024}')
  size=$(stat -c %s "$tmp/map.$fmt" | awk '{printf "%.1f", $1 / 1048576}')
  cpu=$(echo "$user + $sys" | bc)
  echo "| $label | $fmt | $wall | $cpu | $rss | $size |"
done
