#!/bin/sh
# screenshots.sh UNROLL OUTDIR: the README's screenshots of the real window,
# driven through its D-Bus-exported win.* actions, a few real clicks and the
# test probe's state file (ui/unroll-test-probe.h).
#   tests/window/run-xvfb.sh tests/window/screenshots.sh build/app/unroll resources/screenshots
# (run-xvfb.sh gives a private X server of 1280×800 and a session bus; the
# 1920×1080 picture gets an X server of its own from xvfb-run).  Not a test:
# look at the pictures.  Three launches of the window, one after the other:
#   1. 1280×800, light:
#      model.png            wavenet, its fourth convolution selected
#      stack-error.png      lstm, return_sequences off in the first LSTM
#      training.png         Curves: an lstm group of 3 halfway, gru's done
#      window-1280x800.png  Runs, both groups selected, the Forecast tab
#      compare-horizon.png  the same, the Error per step tab
#      (the project saved before these two, for the second launch)
#   2. 1920×1080, light: window-1920x1080.png, the saved project reopened
#   3. 1280×800, Adwaita:dark: dark.png, as model.png
# The book's settings throughout (20 epochs, groups of 3).
set -eu
exe=$(realpath "$1")
out=$(realpath "$2")
here=$(realpath "$0")

# ---- one launch of the window ---------------------------------------------
tmp=$(mktemp -d)
pid=
home=$tmp # the header bar says ~/Projects for the project saved in it
saved=$home/Projects/chapter-15.unroll
trap 'if [ -n "$pid" ]; then kill $pid 2>/dev/null || true; fi; rm -rf "$tmp"' EXIT
# start [WIDTH HEIGHT [FILE]]: the app with a fresh configuration that
# remembers a window of that size; no window manager under Xvfb, so a window
# of the screen's size fills it
start() {
  rm -rf "$tmp/config" "$tmp/data" "$tmp/cache" "$tmp/state"
  mkdir -p "$tmp/config/unroll" "$tmp/state" "$home/Projects"
  printf '[window]\nwidth=%s\nheight=%s\nmaximized=false\n' "${1:-1280}" "${2:-800}" >"$tmp/config/unroll/window.ini"
  HOME="$home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" \
    UNROLL_TEST_PROBE="$tmp/state" UNROLL_TEST_SAVE_PATH="$saved" \
    GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
    GSK_RENDERER="${GSK_RENDERER:-cairo}" "$exe" ${3:+"$3"} &
  pid=$!
  until_true 30 ready
  xid=$(value xid)
  settle
}
# stop: the app ended (SIGTERM, as the window tests end it), before the next
# launch: GtkApplication is single-instance on the session bus
stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

# ---- what the window shows --------------------------------------------------
state() { cat "$tmp"/state/state-*.ini 2>/dev/null || true; }
value() { state | grep "^$1=" | head -1 | cut -d= -f2-; }
is() { [ "$(value "$1")" = "$2" ]; }
ready() { [ -n "$(value xid)" ] && [ -n "$(value canvas.at)$(value bottom-pages.at)" ]; }
# the project as the probe writes it: its layers, and its groups (the runs'
# distinct group=N; a run without one is a group of its own)
project() { p=$(value project); if [ -n "$p" ]; then cat "$p" 2>/dev/null || true; fi; }
layers() { project | sed '/^run /,$d' | grep -c '^layer ' || true; } # runs keep their own stacks
groups() {
  project | awk '/^run / { if (match($0, / group=[0-9]+/)) print substr($0, RSTART, RLENGTH); else print NR }' |
    sort -u | wc -l
}
preset_is() { project | grep -qx "preset name=$1" && [ "$(layers)" = "$2" ]; } # preset_is NAME LAYERS
idle_with_groups() { is action.stop-training false && [ "$(groups)" -eq "$1" ]; }
# the epoch the bar tells ("… Epoch E of N · batch …")
epoch() { value training-progress | sed -n 's/.*Epoch \([0-9]*\) of [0-9]*.*/\1/p' | grep . || echo 0; }
past_epoch() { [ "$(epoch)" -gt "$1" ]; }
toast_gone() { ! is toast-text.mapped true; }

until_true() { # until_true SECONDS COMMAND...: until the command succeeds
  tries=$(($1 * 10)); shift; i=0
  until "$@"; do
    i=$((i + 1)); [ $i -lt $tries ] || { echo "screenshots: timed out waiting for: $*" >&2; exit 1; }
    sleep 0.1
  done
}
wait_for() { until_true 30 is "$1" "$2"; } # wait_for KEY VALUE: until the window shows it
# settle: until the state file has not changed for a second (frames and the
# charts' drawing aside): the layout is done, nothing moves
settle() {
  last='' same=0 n=0
  while [ $same -lt 5 ] && [ $n -lt 100 ]; do
    sleep 0.2
    now=$(state | grep -v '^frames\.\|\.draws=\|\.drawn_ms=\|_us=' | md5sum)
    if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; last=$now; fi
    n=$((n + 1))
  done
}

# ---- driving it -------------------------------------------------------------
action() { # action NAME ['GVARIANT-ARRAY']: a win.* action over D-Bus
  gdbus call --session --dest io.github.unroll.Unroll --object-path /io/github/unroll/Unroll/window/1 \
    --method org.gtk.Actions.Activate "$1" "${2:-[]}" '{}' >/dev/null
}
click() { # click KEY: a click on the centre of what the state file places at KEY.at
  at=$(value "$1.at")
  [ -n "$at" ] || { echo "screenshots: $1 is not on screen" >&2; exit 1; }
  xdotool mousemove --window "$xid" "${at%,*}" "${at#*,}" sleep 0.2 click 1 sleep 0.3
}
# park: the pointer on the header bar's empty stretch right of the title,
# where nothing reacts to it
park() { xdotool mousemove --window "$xid" $(($(value width) * 3 / 5)) 40; }
no_toast() {
  if ! toast_gone; then action dismiss-toast; fi
  until_true 10 toast_gone
}
load() { # load PRESET LAYERS
  action load-preset "[<'$1'>]"
  until_true 30 preset_is "$1" "$2"
  no_toast
  settle
}
shot() { # shot NAME [now]: the screen, the pointer out of the way, once nothing
  # moves (or at once, while a group trains and the charts grow)
  park
  no_toast
  if [ "${2:-}" = now ]; then sleep 0.3; else settle; fi
  import -window root "$out/$1"
  echo "screenshots: $out/$1 ($(value width)×$(value height) window)"
}
# the Model view with wavenet, its fourth convolution selected
wavenet() {
  load wavenet 9
  click 'layer-card#3'
  wait_for 'layer-card#3.selected' true
  wait_for inspector-kernel_size.mapped true
}
# the Runs page, both groups selected, on the chart's tab TAB
runs_page() {
  action view "[<'results'>]"
  action select-all-runs
  action show-panel "[<'$1'>]"
  wait_for bottom-pages runs
  until_true 30 has_verdict
}
has_verdict() { [ -n "$(value compare-verdict)" ] && [ "$(value forecast-chart.runs | tr ';' '\n' | grep -c .)" -ge 2 ]; }

# ---- the 1920×1080 launch, on an X server of that size ---------------------
if [ "${UNROLL_SCREENSHOTS_PART:-}" = 1920 ]; then
  home=$(dirname "$(dirname "$3")")
  start 1920 1080 "$3"
  runs_page forecast
  shot window-1920x1080.png
  stop
  exit 0
fi

t0=$(date +%s)
# ---- 1. 1280×800, light -----------------------------------------------------
start
wavenet
shot model.png

# lstm with return_sequences turned off in the first LSTM: the second
# LSTM's card breaks, with the reason and its fix
load lstm 3
click layer-card
wait_for layer-card.selected true
wait_for inspector-return_sequences.mapped true
click inspector-return_sequences
wait_for action.train false
wait_for 'layer-card#1/fix.mapped' true
click 'layer-card#1'
wait_for 'layer-card#1.selected' true
shot stack-error.png

# a gru group of 3 to its end; then lstm's, caught halfway, both
# groups selected: their median curves and min–max bands, on a log scale
load gru 3
action train
wait_for action.stop-training true
until_true 300 idle_with_groups 1
action view "[<'model'>]"
load lstm 3
if is action.loss-log-scale.state false; then action loss-log-scale; fi
action train
wait_for action.stop-training true
until_true 300 past_epoch 8
action select-all-runs
action show-panel "[<'curves'>]"
until_true 300 past_epoch 10
shot training.png now
echo "screenshots: training.png caught at: $(value training-progress)"

# both groups trained, saved, both selected: the forecast, then the error
# per step
until_true 300 idle_with_groups 2
action save
wait_for modified false
runs_page forecast
shot window-1280x800.png
action show-panel "[<'horizon'>]"
wait_for horizon-chart.mapped true
shot compare-horizon.png
stop

# ---- 2. the same project at 1920×1080 ---------------------------------------
UNROLL_SCREENSHOTS_PART=1920 xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
  "$here" "$exe" "$out" "$saved"

# ---- 3. dark ------------------------------------------------------------------
GTK_THEME=Adwaita:dark
export GTK_THEME
start
wavenet
shot dark.png
stop
echo "screenshots: done in $(($(date +%s) - t0)) s"
