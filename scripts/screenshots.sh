#!/usr/bin/env bash
# Regenerate screenshots/: the panels rendered from the real app by kittest's wgpu renderer
# (examples/screenshots.rs), plus the real window on first start under Xvfb.
# Needs (Debian): xvfb xauth imagemagick mesa-vulkan-drivers libgl1-mesa-dri libegl-mesa0
# libglx-mesa0 libvulkan1 libx11-xcb1 libxcursor1 libxi6 libxkbcommon-x11-0
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/embedding-explorer-target}"
mkdir -p screenshots

cargo run --release --example screenshots

cargo build --release --all-targets  # the features the tests build with: no second build of the dependencies
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
display=":97"
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp &
xvfb=$!
trap 'kill "$app" "$xvfb" 2>/dev/null || true' EXIT
sleep 2
# A fresh settings folder, so the window opens as a new user sees it.
HOME="$(mktemp -d)" DISPLAY="$display" "$CARGO_TARGET_DIR/release/embedding-explorer" &
app=$!
sleep "${WINDOW_WAIT:-40}"
DISPLAY="$display" import -window root screenshots/window-first-start.png
echo "wrote screenshots/window-first-start.png"
