#!/bin/sh
# run-xvfb.sh PROGRAM ARGS...: runs a UI test on a private X server of
# 1280×800 (XVFB_SCREEN=WxH for another: the layout test's is 2560×1440)
# and, when dbus-run-session exists, a private D-Bus session bus
# (so GtkApplication's single instance is exercised and no desktop session
# is touched).  Needs Debian's xvfb, xauth and xdotool (and dbus-daemon
# for the bus); exits 77 (skipped) when Xvfb is missing.
command -v xvfb-run >/dev/null 2>&1 || { echo "run-xvfb: xvfb-run not installed: skipped"; exit 77; }
unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
screen="-screen 0 ${XVFB_SCREEN:-1280x800}x24 -nolisten tcp"
if command -v dbus-run-session >/dev/null 2>&1; then
  exec xvfb-run -a -s "$screen" dbus-run-session -- "$@"
fi
# No bus: GtkApplication runs as a plain, non-unique process.
DBUS_SESSION_BUS_ADDRESS=disabled: exec xvfb-run -a -s "$screen" "$@"
