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
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" UNROLL_TEST_STATE="$tmp/state" GTK_A11Y=none GDK_BACKEND=x11
# no GPU under Xvfb: GTK's cairo renderer instead of GL on llvmpipe
export GSK_RENDERER=${GSK_RENDERER:-cairo}

"$exe" &
pid=$!
state() { cat "$tmp"/state/state-*.ini 2>/dev/null || true; }
value() { state | grep "^$1=" | head -1 | cut -d= -f2-; }
wait_for() { # wait_for KEY VALUE: until the window shows it (30 s at most)
  i=0
  while [ "$(value "$1")" != "$2" ]; do
    i=$((i + 1)); [ $i -lt 600 ] || { echo "screenshots: timed out waiting for $1=$2" >&2; exit 1; }
    sleep 0.05
  done
}
until [ -n "$(value xid)" ] && [ -n "$(value at.canvas)" ]; do sleep 0.1; done
xid=$(value xid)
action() { # action NAME 'GVARIANT-ARRAY': a win.* action over D-Bus
  gdbus call --session --dest io.github.unroll.Unroll --object-path /io/github/unroll/Unroll/window/1 \
    --method org.gtk.Actions.Activate "$1" "$2" '{}' >/dev/null
}
click() { # click KEY: a click on the centre of what the state file places at KEY
  at=$(value "$1")
  xdotool mousemove --window "$xid" "${at%,*}" "${at#*,}" sleep 0.2 click 1 sleep 0.3
}
settle() { sleep 1; }

# 1. the WaveNet preset, its fourth convolution selected
action load-preset "[<'wavenet'>]"
wait_for n_layers 9
settle
click at.card3
wait_for selected 3
xdotool mousemove --window "$xid" 1270 790
settle
import -window root "$out/wavenet-preset.png"
echo "screenshots: $out/wavenet-preset.png"

# 2. the lstm preset with return_sequences turned off in the first LSTM:
#    the second LSTM's card breaks, with the reason and its fix
action load-preset "[<'lstm'>]"
wait_for n_layers 3
settle
click at.card0
wait_for selected 0
click at.inspector.return_sequences
wait_for ok false
click at.card1
wait_for selected 1
xdotool mousemove --window "$xid" 1270 790
settle
import -window root "$out/stack-error.png"
echo "screenshots: $out/stack-error.png"

# 3. training: deep-rnn trained to the end, then lstm caught in its
#    ninth epoch with live curves (log scale); then wavenet, and the three
#    runs compared on one forecast and on the error per step ahead
wait_long() { # wait_long KEY VALUE: as wait_for, for a whole training (5 minutes at most)
  i=0
  while [ "$(value "$1")" != "$2" ]; do
    i=$((i + 1)); [ $i -lt 3000 ] || { echo "screenshots: timed out waiting for $1=$2" >&2; exit 1; }
    sleep 0.1
  done
}
train_preset() { # train_preset NAME: the book's settings, to the end
  action load-preset "[<'$1'>]"
  wait_for train_sensitive true
  n=$(value runs.n)
  action train "[]"
  wait_for training.running true
  wait_long runs.n $((n + 1))
  wait_for training.running false
}
train_preset deep-rnn
action load-preset "[<'lstm'>]"
wait_for train_sensitive true
action loss-log-scale "[]"
action train "[]"
wait_for training.running true
while [ "$(value training.batches)" -lt 1800 ]; do sleep 0.1; done
xdotool mousemove --window "$xid" 1270 790
sleep 0.4
import -window root "$out/training.png"
echo "screenshots: $out/training.png"
wait_long runs.n 2
wait_for training.running false
train_preset wavenet
action select-all-runs "[]"
action show-panel "[<'forecast'>]"
wait_for runs.selected 3
xdotool mousemove --window "$xid" 1270 790
settle
sleep 1
import -window root "$out/compare-forecast.png"
echo "screenshots: $out/compare-forecast.png"
action show-panel "[<'horizon'>]"
settle
import -window root "$out/compare-horizon.png"
echo "screenshots: $out/compare-horizon.png"
