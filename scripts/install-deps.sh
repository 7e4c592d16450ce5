#!/usr/bin/env bash
# Installs every build, runtime and test dependency of devomap from Debian packages.
# Safe to run repeatedly; needs root (or sudo).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libgdal-dev gdal-bin libproj-dev proj-bin libgeos-dev
  libglfw3-dev libimgui-dev libstb-dev python3-glad
  libegl-dev libegl-mesa0 libegl1 libgl1 libgl1-mesa-dri libgles-dev mesa-utils
  catch2 nlohmann-json3-dev libcli11-dev libpng-dev zlib1g-dev libcurl4-openssl-dev
  libcairo2-dev fonts-dejavu-core poppler-utils libxml2-utils librsvg2-bin chromium
  xvfb xauth xdotool imagemagick python3 clang-format clang libclang-rt-14-dev
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
