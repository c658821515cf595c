#!/bin/sh
# test_plot.sh UNROLL TEST_CHARTS: `unroll plot` draws a saved project's runs
# to PNG, SVG and PDF with no display, and refuses bad requests in one line.
set -u
unroll=$1; maker=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0
no() { echo "FAIL: $*" >&2; fail=1; }
"$maker" --project "$tmp/runs.unroll" || { echo "FAIL: could not make the project" >&2; exit 1; }
for chart in loss forecast horizon; do
  for ext in png svg pdf; do
    out="$tmp/$chart.$ext"
    "$unroll" plot "$tmp/runs.unroll" --chart $chart --out "$out" --series 3 2>"$tmp/err" || no "plot $chart $ext: $(cat "$tmp/err")"
    [ -s "$out" ] || no "$out is empty"
  done
  head -c 4 "$tmp/$chart.png" | od -c | grep -q 'P   N   G' || no "$chart.png is not a PNG"
  head -c 5 "$tmp/$chart.svg" | grep -q '<?xml' || no "$chart.svg is not SVG"
  head -c 4 "$tmp/$chart.pdf" | grep -q '%PDF' || no "$chart.pdf is not a PDF"
done
"$unroll" plot "$tmp/runs.unroll" --chart loss --runs "lstm" --log --width 640 --height 360 --out "$tmp/one.png" || no "--runs lstm"
# a group of three members: one curve, the median, with its min–max band (run colour 2)
for chart in loss forecast horizon; do
  "$unroll" plot "$tmp/runs.unroll" --chart $chart --runs "lstm group" --out "$tmp/group-$chart.png" || no "group $chart"
  "$maker" --band "$tmp/group-$chart.png" 2 >/dev/null || no "no band in the group's $chart chart"
done
# refusals: one line, non-zero
expect_fail() { # expect_fail WHAT WORDS... -- ARGS
  what=$1; shift
  if "$unroll" plot "$@" 2>"$tmp/err" >/dev/null; then no "$what: succeeded"; fi
  [ "$(wc -l < "$tmp/err")" -ge 1 ] || no "$what: no message"
}
expect_fail "no chart" "$tmp/runs.unroll" --out "$tmp/x.png"
expect_fail "bad chart" "$tmp/runs.unroll" --chart pie --out "$tmp/x.png"
expect_fail "bad format" "$tmp/runs.unroll" --chart loss --out "$tmp/x.gif"
expect_fail "unknown run" "$tmp/runs.unroll" --chart loss --runs nobody --out "$tmp/x.png"
expect_fail "series out of range" "$tmp/runs.unroll" --chart forecast --series 999999 --out "$tmp/x.png"
expect_fail "missing file" "$tmp/none.unroll" --chart loss --out "$tmp/x.png"
printf 'unroll-project 1\ndata\n' > "$tmp/bad.unroll"
expect_fail "bad project" "$tmp/bad.unroll" --chart loss --out "$tmp/x.png"
grep -q "line" "$tmp/err" || no "a bad project's message names no line: $(cat "$tmp/err")"
# the folder and the size are named before anything is drawn
expect_fail "no such folder" "$tmp/runs.unroll" --chart loss --out "$tmp/nowhere/x.png"
grep -q "folder $tmp/nowhere does not exist" "$tmp/err" || no "a missing folder is not named: $(cat "$tmp/err")"
expect_fail "huge PNG" "$tmp/runs.unroll" --chart loss --width 10000 --height 10000 --scale 3 --out "$tmp/big.png"
grep -q "900 million pixels; the limit is 50 million" "$tmp/err" || no "a huge PNG's message: $(cat "$tmp/err")"
[ -e "$tmp/big.png" ] && no "a refused PNG left a file"
# a save keeps the file's identity: through a symlink the target is written,
# the mode stays, and no temporary file is left
mkdir "$tmp/keep" && : > "$tmp/keep/target.png" && chmod 640 "$tmp/keep/target.png"
ln -s target.png "$tmp/keep/link.png"
(umask 077 && "$unroll" plot "$tmp/runs.unroll" --chart horizon --out "$tmp/keep/link.png") || no "plot through a symlink"
[ -L "$tmp/keep/link.png" ] || no "the symlink was replaced by a file"
[ -s "$tmp/keep/target.png" ] || no "the symlink's target was not written"
[ "$(stat -c %a "$tmp/keep/target.png")" = 640 ] || no "the mode changed to $(stat -c %a "$tmp/keep/target.png")"
[ "$(ls -A "$tmp/keep" | wc -l)" = 2 ] || no "files left beside the chart: $(ls -A "$tmp/keep")"
[ $fail = 0 ] && echo "plot: PNG, SVG and PDF of every chart; a group's bands; refusals in one line"
exit $fail
