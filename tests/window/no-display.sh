#!/bin/sh
# no-display.sh UNROLL: with no display, `unroll` says so in one line on
# stderr and exits non-zero, instead of crashing.
exe=$1
err=$(env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS "$exe" 2>&1 >/dev/null)
status=$?
lines=$(printf '%s\n' "$err" | grep -c .)
echo "exit status $status, stderr: $err"
[ "$status" -ne 0 ] || { echo "FAIL: exit status 0"; exit 1; }
[ "$lines" -eq 1 ] || { echo "FAIL: $lines lines on stderr, want 1"; exit 1; }
case "$err" in
  "unroll: cannot open a display: "*) ;;
  *) echo "FAIL: unexpected message"; exit 1 ;;
esac
# A project given on the command line changes nothing.
err=$(env -u DISPLAY -u WAYLAND_DISPLAY "$exe" some.unroll 2>&1 >/dev/null)
status=$?
[ "$status" -ne 0 ] && [ "$(printf '%s\n' "$err" | grep -c .)" -eq 1 ] || { echo "FAIL: with a file: $status: $err"; exit 1; }
echo "ok"
