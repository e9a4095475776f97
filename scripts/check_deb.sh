#!/usr/bin/env bash
# Builds the Debian package, checks it with lintian, installs it with apt and uses it as a lab
# machine would: from /usr/bin, with a fresh HOME and the checkout out of reach (renamed while
# the installed program runs, and every file it opens traced where ptrace is allowed: none may
# come from the checkout, the data must come from /usr/share), the window started under Xvfb by
# the desktop entry's command on a shipped lesson; then removes it and checks nothing is left.
# Run as root (CI is); needs the packages .ci/run installs. The checkout is renamed back on
# exit, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD
fail() {
  echo "check_deb: $*" >&2
  exit 1
}

deb=$(scripts/build_deb.sh | tail -n1)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
lintian --fail-on error --info "$deb"

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --reinstall --no-install-recommends "$deb" >/dev/null
installed=$(mktemp)
dpkg -L embedding-explorer >"$installed"

home=$(mktemp -d)
share=/usr/share/embedding-explorer
# A clean environment: no CARGO_MANIFEST_DIR, nothing pointing at the checkout.
run() {
  (cd / && env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$home" "$@")
}
tracing=0
if strace -f -qq -o /dev/null true 2>/dev/null; then
  tracing=1
  traced() {
    local trace=$1
    shift
    run strace -f -qq -e trace=openat,open,execve -o "$trace" "$@"
  }
else
  echo "check_deb: strace cannot trace here; the renamed checkout alone keeps it out of reach"
  traced() {
    local trace=$1
    shift
    : >"$trace"
    run "$@"
  }
fi
# Whether the traced run opened a file (said true where nothing could be traced).
opened() {
  [ "$tracing" = 0 ] || grep -qF "$1" "$2"
}
hidden="$checkout.hidden-by-check-deb"
mv "$checkout" "$hidden"
trap 'mv "$hidden" "$checkout"' EXIT
no_checkout_in() {
  if grep -F "$checkout" "$1"; then
    fail "the installed app opened files in the checkout $checkout (above)"
  fi
}

traced "$home/similar.trace" /usr/bin/embedding-explorer similar car --json >"$home/similar.json"
grep -q '"word": "vehicle"' "$home/similar.json" || fail "similar car: $(head -c 300 "$home/similar.json")"
opened "$share/assets/glove-6B-100d-50k.f16.bin" "$home/similar.trace" ||
  fail "the word vectors were not read from $share"
no_checkout_in "$home/similar.trace"

traced "$home/classify.trace" /usr/bin/embedding-explorer classify "$share/assets/photos/car-1.jpg" \
  --json >"$home/classify.json"
opened "$share/models/resnet50-keras.safetensors" "$home/classify.trace" ||
  fail "the network's weights were not read from $share"
no_checkout_in "$home/classify.trace"

# The window, as the menu entry starts it on a lesson (its Exec line with %f filled in).
lesson="$share/assets/lessons/2-analogy-arithmetic.eelesson"
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/embedding-explorer.desktop)
read -r -a command <<<"${exec_line//%f/$lesson}"
status=0
traced "$home/window.trace" xvfb-run -a -s "-screen 0 1400x900x24" timeout 20 "${command[@]}" \
  >"$home/window.log" 2>&1 || status=$?
[ "$status" = 124 ] || fail "the window did not stay open (exit $status): $(cat "$home/window.log")"
opened "$lesson" "$home/window.trace" || fail "the window did not open the lesson"
no_checkout_in "$home/window.trace"
[ -f /usr/share/mime/application/x-embedding-explorer-lesson.xml ] ||
  fail "the lessons' file type is not in the MIME database"
zgrep -q "similar" /usr/share/man/man1/embedding-explorer.1.gz || fail "no manual page"

mv "$hidden" "$checkout"
trap - EXIT

apt-get remove --purge -y -qq embedding-explorer >/dev/null
dpkg -s embedding-explorer >/dev/null 2>&1 && fail "still installed"
left=0
while read -r path; do
  case "$path" in
  */embedding-explorer* | */_embedding-explorer)
    if [ -e "$path" ]; then
      echo "left behind: $path" >&2
      left=1
    fi
    ;;
  esac
done <"$installed"
[ -e /usr/share/mime/application/x-embedding-explorer-lesson.xml ] && left=1
[ "$left" = 0 ] || fail "files were left after removal"
echo "check_deb: built, lintian-clean, installed, used from /usr/share, removed without a trace"
