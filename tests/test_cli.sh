#!/bin/sh
# test_cli.sh UNROLL: the command line's contract: exit codes, one-line errors,
# JSON, saving a model.  Needs no display (DISPLAY and WAYLAND_DISPLAY unset).
set -u
U="$1"
unset DISPLAY WAYLAND_DISPLAY
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_error "description" args...: non-zero exit, exactly one line on stderr, nothing on stdout
expect_error() {
  desc="$1"; shift
  "$U" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  lines=$(wc -l <"$tmp/err")
  if [ "$rc" -ne 0 ] && [ "$lines" -eq 1 ] && [ ! -s "$tmp/out" ]; then
    pass=$((pass + 1)); echo "ok $desc: $(cat "$tmp/err")"
  else
    fail=$((fail + 1)); echo "FAIL $desc: exit $rc, $lines stderr lines: $(cat "$tmp/err" "$tmp/out" | head -3)"
  fi
}
check() {
  if eval "$2"; then pass=$((pass + 1)); echo "ok $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi
}

expect_error "unknown command" frobnicate
expect_error "unknown preset" train --preset no-such-model
expect_error "missing preset" train --epochs 2
expect_error "unknown option" train --preset linear --colour red
expect_error "zero epochs" train --preset linear --epochs 0
expect_error "negative learning rate" train --preset linear --lr -0.1
expect_error "learning rate not a number" train --preset linear --lr fast
expect_error "option without its value" train --preset
expect_error "batch of zero" train --preset linear --batch 0
expect_error "unknown optimizer" train --preset linear --optimizer adamw
expect_error "table with an unknown preset" table --presets linear,nope
expect_error "table with an unknown option" table --fast

"$U" presets >"$tmp/presets"
check "presets lists the chapter's models" \
  'for p in naive linear simple-rnn deep-rnn deep-rnn-dense iterative-10 naive-10 linear-10 rnn-vector-10 rnn-seq2seq ln-rnn lstm gru conv-gru wavenet wavenet-full; do grep -q "^$p " "$tmp/presets" || exit 1; done; true'

"$U" train --preset naive --json >"$tmp/naive.json" 2>/dev/null
check "naive --json reports the book's 0.0202" 'grep -q "\"val_mse\": 0.0202" "$tmp/naive.json"'

"$U" train --preset deep-rnn-dense --epochs 1 --series 1000 --save "$tmp/m.model" --json >"$tmp/t.json" 2>"$tmp/t.err"
check "train --json has the validation MSE and seconds per epoch" \
  'grep -q "\"val_mse\": [0-9]" "$tmp/t.json" && grep -q "\"seconds_per_epoch\": [0-9]" "$tmp/t.json"'
check "train --json writes epochs to stderr, one JSON object to stdout" '[ "$(wc -l <"$tmp/t.json")" -eq 1 ] && grep -q "^epoch   1/1" "$tmp/t.err"'
check "train --save writes a model file" 'head -1 "$tmp/m.model" | grep -q "^unroll-model 1$"'

"$U" train --preset rnn-seq2seq --epochs 1 --series 500 >"$tmp/s.txt" 2>&1
check "seq-to-seq reports the last step" 'grep -q "last step" "$tmp/s.txt"'

"$U" table --presets naive,naive-10 >"$tmp/table.md"
check "table compares with the book" 'grep -q "| 1 | naive | 0.02021 | 0.0202 | yes |" "$tmp/table.md" && grep -q "| 7 | naive-10 | 0.25697 | 0.2570 | yes |" "$tmp/table.md"'

# users' own series
W="$(dirname "$0")/data/weather.csv"
expect_error "--csv without --column" train --csv "$W"
expect_error "a column that is not there" train --csv "$W" --column rain
expect_error "a text column as the target" train --csv "$W" --column station
expect_error "--column without --csv" train --preset linear --column x
expect_error "a missing CSV file" train --csv /nonexistent.csv --column x
printf 'a,b\n1,2\n3\n' >"$tmp/ragged.csv"
expect_error "a ragged CSV names its line" train --csv "$tmp/ragged.csv" --column a
check "ragged message" 'grep -q "line 3: 1 fields, but line 1 has 2" "$tmp/err"'
"$U" train --csv "$W" --column temperature --inputs humidity --date date --lookback 30 --epochs 20 --json \
  >"$tmp/w.json" 2>"$tmp/w.err"
check "a model trained on weather.csv beats the naive forecast on the validation span" \
  '/usr/bin/env python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(\"  val\", d[\"val_mse\"], \"naive\", d[\"naive_mse\"]); sys.exit(0 if d[\"val_mse\"] < d[\"naive_mse\"] else 1)" "$tmp/w.json"'
check "the CSV summary counts the gaps" 'grep -q "temperature.*31 missing  1 not numbers (first: line 1236" "$tmp/w.err"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
