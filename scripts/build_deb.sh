#!/usr/bin/env bash
# Builds the Debian package from the release build:
#   scripts/build_deb.sh            -> $CARGO_TARGET_DIR/debian/embedding-explorer_<version>_<arch>.deb
# The manual pages and shell completions are made here, by the binary being packaged, from its
# argument definitions. Needs dpkg-dev (dpkg-shlibdeps) and binutils (strip); see
# packaging/README.md for what goes where and for lintian's notes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target="${CARGO_TARGET_DIR:-$root/target}"

cargo build --release --locked --bin embedding-explorer
binary="$target/release/embedding-explorer"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
arch=$(dpkg --print-architecture)
package="embedding-explorer_${version}_${arch}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/$package"

# The program and the data it reads (found at run time as ../share/embedding-explorer).
install -D -m 0755 "$binary" "$stage/usr/bin/embedding-explorer"
strip --strip-unneeded --remove-section=.comment --remove-section=.note \
  "$stage/usr/bin/embedding-explorer"
share="$stage/usr/share/embedding-explorer"
mkdir -p "$share"
cp -r assets models "$share/"

# Desktop integration: menu entry, lessons' file type, icon in every size.
install -D -m 0644 packaging/embedding-explorer.desktop \
  "$stage/usr/share/applications/embedding-explorer.desktop"
install -D -m 0644 packaging/embedding-explorer-lesson.xml \
  "$stage/usr/share/mime/packages/embedding-explorer.xml"
install -D -m 0644 packaging/icons/embedding-explorer.svg \
  "$stage/usr/share/icons/hicolor/scalable/apps/embedding-explorer.svg"
for png in packaging/icons/*.png; do
  size=$(basename "$png" .png)
  install -D -m 0644 "$png" "$stage/usr/share/icons/hicolor/${size}x${size}/apps/embedding-explorer.png"
done

# Manual pages and completions, from the clap definitions of the binary being packaged.
"$stage/usr/bin/embedding-explorer" man-pages "$work/man"
mkdir -p "$stage/usr/share/man/man1"
for page in "$work"/man/*.1; do
  gzip -9n -c "$page" >"$stage/usr/share/man/man1/$(basename "$page").gz"
done
complete() { "$stage/usr/bin/embedding-explorer" completions "$1"; }
mkdir -p "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" \
  "$stage/usr/share/fish/vendor_completions.d"
complete bash >"$stage/usr/share/bash-completion/completions/embedding-explorer"
complete zsh >"$stage/usr/share/zsh/vendor-completions/_embedding-explorer"
complete fish >"$stage/usr/share/fish/vendor_completions.d/embedding-explorer.fish"

# Licences: every shipped asset's, then the crates compiled into the executable.
doc="$stage/usr/share/doc/embedding-explorer"
mkdir -p "$doc"
cargo metadata --locked --format-version 1 --filter-platform "$(rustc -vV | sed -n 's/^host: //p')" |
  python3 packaging/crate_licences.py packaging/copyright >"$doc/copyright"
gzip -9n -c packaging/changelog >"$doc/changelog.gz"

find "$stage" -type d -exec chmod 0755 {} +
find "$stage/usr/share" -type f -exec chmod 0644 {} +

# Dependencies: the libraries the executable links (dpkg-shlibdeps), and those winit and wgpu
# open at run time, which no linker sees.
mkdir -p "$work/shlibs/debian"
printf 'Source: embedding-explorer\n\nPackage: embedding-explorer\nArchitecture: any\n' \
  >"$work/shlibs/debian/control"
linked=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$stage/usr/bin/embedding-explorer" |
  sed -n 's/^shlibs:Depends=//p')
opened="libvulkan1, libegl1, libgl1, libx11-6, libx11-xcb1, libxcursor1, libxi6, libxkbcommon0, libxkbcommon-x11-0, libwayland-client0, libwayland-cursor0, libwayland-egl1"
mkdir -p "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: embedding-explorer
Version: $version
Architecture: $arch
Maintainer: Embedding Explorer developers <embedding-explorer@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $linked, $opened
Recommends: mesa-vulkan-drivers | vulkan-icd, libgl1-mesa-dri
Suggests: xdg-desktop-portal
Section: education
Priority: optional
Description: see vector embeddings: words and photos on one explorable map
 Embedding Explorer makes vector embeddings visible for a class: word
 vectors (GloVe, word2vec, fastText) and ResNet-50 photo features on one
 interactive map (PCA, t-SNE, UMAP, semantic axes); nearest neighbours,
 analogies and odd-one-out as gensim answers them; word2vec trained live
 on a corpus; and a linear-algebra lab (projection, span and least
 squares, the spectrum, removing a direction). Lessons saved from it open
 again with a double-click. It runs offline: its data is installed with it.
CONTROL

(cd "$stage" && find usr -type f -exec md5sum {} + | sort -k 2) >"$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/md5sums"

mkdir -p "$target/debian"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$target/debian/$package.deb" >/dev/null
echo "$target/debian/$package.deb"
