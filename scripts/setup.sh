#!/bin/sh
# setup.sh: everything a fresh Debian 12 machine needs, then one action.
#   scripts/setup.sh run    install, build, start the workbench
#   scripts/setup.sh test   install, build from scratch, run the whole test suite
#   scripts/setup.sh build  install and build only
# Packages come from Debian 12 alone (see README.md, "Dependencies").
set -eu
cd "$(dirname "$0")/.."

PACKAGES="gcc pkg-config meson ninja-build libopenblas-dev liblapacke-dev libgtk-4-dev \
  python3 time xvfb xauth xdotool imagemagick dbus-daemon librsvg2-common appstream desktop-file-utils"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

action="${1:-run}"
case "$action" in
  test)
    rm -rf build-ci
    meson setup build-ci --buildtype=release
    ninja -C build-ci
    meson test -C build-ci --print-errorlogs
    ;;
  run|build)
    [ -d build ] || meson setup build --buildtype=release
    ninja -C build
    if [ "$action" = run ]; then
      shift || true
      exec ./build/app/unroll "$@"
    fi
    ;;
  *)
    echo "usage: scripts/setup.sh run|test|build" >&2
    exit 2
    ;;
esac
