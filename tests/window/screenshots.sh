#!/bin/sh
# screenshots.sh UNROLL OUTDIR: the README's screenshots of the real window
# at 1280×800, driven through its D-Bus-exported actions and real clicks.
#   tests/window/run-xvfb.sh tests/window/screenshots.sh build/app/unroll resources/screenshots
# (run-xvfb.sh gives a private X server and session bus).  Not a test:
# look at the pictures.
set -eu
exe=$(realpath "$1")
out=$(realpath "$2")
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/config/unroll" "$tmp/state"
# no window manager under Xvfb: a window of the screen's size fills it
printf '[window]\nwidth=1280\nheight=800\nmaximized=false\n' > "$tmp/config/unroll/window.ini"
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" UNROLL_TEST_PROBE="$tmp/state" GTK_A11Y=none GDK_BACKEND=x11
# no GPU under Xvfb: GTK's cairo renderer instead of GL on llvmpipe
export GSK_RENDERER=${GSK_RENDERER:-cairo}

"$exe" &
pid=$!
# what the window shows (ui/unroll-test-probe.h), and its project's layers
# and runs as the engine writes them
state() { cat "$tmp"/state/state-*.ini 2>/dev/null || true; }
value() { state | grep "^$1=" | head -1 | cut -d= -f2-; }
count() { p=$(value project); if [ -n "$p" ]; then grep -c "^$1 " "$p" || true; else echo 0; fi; }
has_layers() { [ "$(count layer)" = "$1" ]; }
has_runs() { [ "$(count run)" = "$1" ] && [ "$(value action.stop-training)" = false ]; }
has_compared() { [ "$(value forecast-chart.runs | tr ';' '\n' | grep -c .)" = "$1" ]; }
is() { [ "$(value "$1")" = "$2" ]; }
until_true() { # until_true SECONDS COMMAND...: until the command succeeds
  tries=$(($1 * 20)); shift; i=0
  until "$@"; do
    i=$((i + 1)); [ $i -lt $tries ] || { echo "screenshots: timed out waiting for: $*" >&2; exit 1; }
    sleep 0.05
  done
}
wait_for() { until_true 30 is "$1" "$2"; } # wait_for KEY VALUE: until the window shows it
until [ -n "$(value xid)" ] && [ -n "$(value canvas.at)" ]; do sleep 0.1; done
xid=$(value xid)
action() { # action NAME 'GVARIANT-ARRAY': a win.* action over D-Bus
  gdbus call --session --dest io.github.unroll.Unroll --object-path /io/github/unroll/Unroll/window/1 \
    --method org.gtk.Actions.Activate "$1" "$2" '{}' >/dev/null
}
click() { # click KEY: a click on the centre of what the state file places at KEY.at
  at=$(value "$1.at")
  xdotool mousemove --window "$xid" "${at%,*}" "${at#*,}" sleep 0.2 click 1 sleep 0.3
}
settle() { sleep 1; }

# 1. the WaveNet preset, its fourth convolution selected
action load-preset "[<'wavenet'>]"
until_true 30 has_layers 9
settle
click 'layer-card#3'
wait_for 'layer-card#3.selected' true
xdotool mousemove --window "$xid" 1270 790
settle
import -window root "$out/wavenet-preset.png"
echo "screenshots: $out/wavenet-preset.png"

# 2. the lstm preset with return_sequences turned off in the first LSTM:
#    the second LSTM's card breaks, with the reason and its fix
action load-preset "[<'lstm'>]"
until_true 30 has_layers 3
settle
click layer-card
wait_for layer-card.selected true
click inspector-return_sequences
wait_for train.sensitive false
click 'layer-card#1'
wait_for 'layer-card#1.selected' true
xdotool mousemove --window "$xid" 1270 790
settle
import -window root "$out/stack-error.png"
echo "screenshots: $out/stack-error.png"

# 3. training: deep-rnn trained to the end, then lstm caught in its
#    ninth epoch with live curves (log scale); then wavenet, and the three
#    runs compared on one forecast and on the error per step ahead
# the batches trained so far, from the progress bar's "Epoch E of N · batch B of M"
batches() {
  value training-progress | sed -n 's/.*Epoch \([0-9]*\) of [0-9]* · batch \([0-9]*\) of \([0-9]*\).*/\1 \2 \3/p' |
    awk '{ print ($1 - 1) * $3 + $2 } END { if (NR == 0) print 0 }'
}
train_preset() { # train_preset NAME: the book's settings, to the end (5 minutes at most)
  action load-preset "[<'$1'>]"
  wait_for train.sensitive true
  runs_before=$(count run)
  action train "[]"
  wait_for action.stop-training true
  until_true 300 has_runs $((runs_before + 1))
}
train_preset deep-rnn
action load-preset "[<'lstm'>]"
wait_for train.sensitive true
action loss-log-scale "[]"
action train "[]"
wait_for action.stop-training true
while [ "$(batches)" -lt 1800 ]; do sleep 0.1; done
xdotool mousemove --window "$xid" 1270 790
sleep 0.4
import -window root "$out/training.png"
echo "screenshots: $out/training.png"
until_true 300 has_runs 2
train_preset wavenet
action select-all-runs "[]"
action show-panel "[<'forecast'>]"
until_true 30 has_compared 3
xdotool mousemove --window "$xid" 1270 790
settle
sleep 1
import -window root "$out/compare-forecast.png"
echo "screenshots: $out/compare-forecast.png"
action show-panel "[<'horizon'>]"
settle
import -window root "$out/compare-horizon.png"
echo "screenshots: $out/compare-horizon.png"
