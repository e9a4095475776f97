#!/usr/bin/env bash
# Renders the app's icon, packaging/icons/embedding-explorer.svg, to the PNG sizes the desktop's
# hicolor theme and the window use (packaging/icons/<size>.png).
# Needs rsvg-convert (Debian: librsvg2-bin). The output is stable for one librsvg version
# (made with librsvg2-bin 2.54.7+dfsg-1~deb12u1).
set -euo pipefail
cd "$(dirname "$0")/../packaging/icons"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" --output "$size.png.tmp" embedding-explorer.svg
  mv "$size.png.tmp" "$size.png"
done
