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
expect_error "no seeds" train --preset linear --seeds 0
expect_error "more than 32 seeds" train --preset linear --seeds 33
expect_error "more than 64 jobs" table --jobs 65
expect_error "zero jobs" compare --presets lstm,gru --jobs 0
expect_error "compare without presets" compare --seeds 3
expect_error "compare with one preset" compare --presets lstm
expect_error "compare with a baseline" compare --presets lstm,naive
expect_error "compare with an unknown preset" compare --presets lstm,nope
expect_error "table with an empty list" table --presets ""

"$U" presets >"$tmp/presets"
check "presets lists the chapter's models" \
  'for p in naive linear simple-rnn deep-rnn deep-rnn-dense iterative-10 naive-10 linear-10 rnn-vector-10 rnn-seq2seq ln-rnn lstm gru conv-gru wavenet wavenet-full; do grep -q "^$p " "$tmp/presets" || exit 1; done; true'

"$U" train --preset naive --json >"$tmp/naive.json" 2>/dev/null
check "naive --json reports the book's 0.0202" 'grep -q "\"val_mse\": 0.0202" "$tmp/naive.json"'

"$U" train --preset deep-rnn-dense --epochs 1 --series 1000 --seeds 1 --save "$tmp/m.model" --json >"$tmp/t.json" 2>"$tmp/t.err"
check "train --json has the validation MSE and seconds per epoch" \
  'grep -q "\"val_mse\": [0-9]" "$tmp/t.json" && grep -q "\"seconds_per_epoch\": [0-9]" "$tmp/t.json"'
check "train --json writes epochs to stderr, one JSON object to stdout" '[ "$(wc -l <"$tmp/t.json")" -eq 1 ] && grep -q "^epoch   1/1" "$tmp/t.err"'
check "train --save writes a model file" 'head -1 "$tmp/m.model" | grep -q "^unroll-model 1$"'

"$U" train --preset rnn-seq2seq --epochs 1 --series 500 >"$tmp/s.txt" 2>&1
check "seq-to-seq reports the last step" 'grep -q "last step" "$tmp/s.txt"'

# groups of seeds: a line per member, then the median and spread
"$U" train --preset gru --epochs 1 --series 500 --seeds 3 --jobs 2 >"$tmp/g.txt" 2>&1
check "a group prints a line per seed" 'grep -q "^seed 42: " "$tmp/g.txt" && grep -q "^seed 43: " "$tmp/g.txt" && grep -q "^seed 44: " "$tmp/g.txt"'
check "a group reports the median and spread of its seeds" 'grep -q "(median \[min–max\] of 3 seeds)" "$tmp/g.txt" && grep -q "beats it in [0-3] of 3" "$tmp/g.txt"'
"$U" train --preset gru --epochs 1 --series 500 --seeds 3 --jobs 1 --json >"$tmp/g1.json" 2>/dev/null
"$U" train --preset gru --epochs 1 --series 500 --seeds 3 --jobs 2 --json >"$tmp/g2.json" 2>/dev/null
check "a group's members are the same with 1 or 2 jobs" \
  '/usr/bin/env python3 -c "import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); m=lambda d:[(x[\"seed\"],x[\"val_mse\"],x[\"step_mse\"]) for x in d[\"members\"]]; sys.exit(0 if m(a)==m(b) and len(m(a))==3 and a[\"summary\"][\"val_mse\"][\"n\"]==3 else 1)" "$tmp/g1.json" "$tmp/g2.json"'
"$U" train --preset gru --epochs 1 --series 500 --seeds 2 --seed 7 --data-seed 3 --json >"$tmp/g3.json" 2>/dev/null
check "--seed is the training base seed, --data-seed the series'" \
  '/usr/bin/env python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if [m[\"seed\"] for m in d[\"members\"]]==[7,8] and d[\"data_seed\"]==3 else 1)" "$tmp/g3.json"'
"$U" compare --presets lstm,gru --epochs 1 --series 500 --seeds 3 >"$tmp/c.txt" 2>&1
check "compare gives each group and the paired verdict" 'grep -q "^| lstm | 3 |" "$tmp/c.txt" && grep -q "^| gru | 3 |" "$tmp/c.txt" && grep -Eq "(lstm|gru) beats (gru|lstm) in [0-3] of 3 seeds: not separable at 3 seeds" "$tmp/c.txt"'

"$U" table --presets naive,naive-10 >"$tmp/table.md"
check "table compares with the book" 'grep -q "| 1 | naive | 0.02021 | 0.0202 | yes |" "$tmp/table.md" && grep -q "| 7 | naive-10 | 0.25697 | 0.2570 | yes |" "$tmp/table.md"'

# users' own series
W="$(dirname "$0")/data/weather.csv"
printf 'city,note\nParis,sunny\nLyon,rain\n' >"$tmp/text.csv"
expect_error "a CSV with no column of numbers" train --csv "$tmp/text.csv"
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

# series as they come: dates in other forms, a trend, several series, forecasts past the end
D="$(dirname "$0")/data"
expect_error "--series with --csv" train --csv "$W" --series 500
expect_error "an unknown transform" train --csv "$W" --transform sqrt
expect_error "--id-value without --id" train --csv "$D/stocks.csv" --id-value AAA
expect_error "an id that is not there lists the ids" train --csv "$D/stocks.csv" --id symbol --id-value ZZZ --epochs 1
check "the unknown id's message lists AAA, BBB and CCC" 'grep -q "AAA" "$tmp/err" && grep -q "BBB" "$tmp/err"'
printf 'd,v,v\n2020-01-01,1,2\n2020-01-02,3,4\n' >"$tmp/dup.csv"
expect_error "a column name two columns share" train --csv "$tmp/dup.csv" --column v
check "the two columns are named by position" 'grep -q "columns 2 and 3" "$tmp/err"'
"$U" train --csv "$D/trend.csv" --epochs 20 --seeds 1 --save "$tmp/trend.model" --json >"$tmp/trend.json" 2>"$tmp/trend.err"
check "the default setup beats the naive forecast on a trending weekly series" \
  '/usr/bin/env python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(\"  val\", d[\"val_mse\"], \"naive\", d[\"naive_mse\"], \"step\", d[\"step\"], \"gaps\", d[\"gaps\"]); sys.exit(0 if d[\"val_mse\"] < d[\"naive_mse\"] and d[\"step\"] == \"weekly\" and d[\"gaps\"] == 59 and d[\"season\"] == 52 and \"book_worst\" not in d and d[\"spans\"][\"test\"][\"windows\"] > 0 else 1)" "$tmp/trend.json"'
"$U" forecast --model "$tmp/trend.model" --csv "$D/trend.csv" --horizon 3 --out "$tmp/f.csv" 2>"$tmp/f.err"
check "forecast --model writes three weeks past the end, dated" \
  '[ "$(head -1 "$tmp/f.csv")" = "date,run,step,value,low,high" ] && [ "$(wc -l <"$tmp/f.csv")" -eq 4 ] && grep -q "^2024-02-04,model,1," "$tmp/f.csv"'
expect_error "forecast --model on a file without its columns" forecast --model "$tmp/trend.model" --csv "$W"
expect_error "forecast with neither project nor model" forecast --horizon 3
"$U" train --csv "$D/stocks.csv" --id symbol --epochs 1 --seeds 1 --preset linear-10 --json >"$tmp/stocks.json" 2>/dev/null
check "a long file trains its three symbols as three series, ten steps ahead" \
  '/usr/bin/env python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d[\"series_count\"] == 3 and d[\"horizon\"] == 10 else 1)" "$tmp/stocks.json"'
"$U" train --csv "$D/sunspots.csv" --epochs 1 --seeds 1 --preset naive >"$tmp/sun.txt" 2>&1
check "a 100-year series gets a lookback that fits, and its target is not YEAR" \
  'grep -q "^target: SUNACTIVITY" "$tmp/sun.txt" && grep -q "^lookback [0-9]*: a lookback of 50 leaves too few" "$tmp/sun.txt" && grep -q "yearly step" "$tmp/sun.txt"'

# unclear messages, each said in words that name what is wrong
mkdir "$tmp/folder.csv"
expect_error "a folder as the CSV" train --csv "$tmp/folder.csv" --column v
check "the folder is called a directory" 'grep -q "is a directory" "$tmp/err"'
/usr/bin/env python3 -c "
import math, sys
with open(sys.argv[1], 'w') as f:
    f.write('t,v,blank\n')
    for i in range(200):
        f.write('%d,%s,\n' % (i, '1e39' if i == 30 else ('abc' if i == 40 else '%.4f' % math.sin(i / 5))))
" "$tmp/hostile.csv"
expect_error "an all-empty column" train --csv "$tmp/hostile.csv" --column blank
check "the empty column is called empty" 'grep -q "column \"blank\" is empty: none of its 200 rows holds a value" "$tmp/err"'
"$U" train --csv "$tmp/hostile.csv" --column v --preset linear --epochs 1 --seeds 1 >"$tmp/h.txt" 2>&1
check "a number beyond a float's range is named by its cell, and two bad cells counted as two" \
  'grep -q "v .*2 not numbers (first: line 32, \"1e39\")" "$tmp/h.txt" && grep -q "2 cells filled (interpolate; 2 of them not numbers)" "$tmp/h.txt" && ! grep -q "NaN" "$tmp/h.txt"'
expect_error "a learning rate that is 0 as a float" train --preset linear --lr 1e-320
check "the rate's message says why" 'grep -q "0 as a single-precision float" "$tmp/err"'

# hostile inputs, on the command line: each refused at once, in words
mkfifo "$tmp/fifo.csv"
t0=$(date +%s)
timeout 10 "$U" train --csv "$tmp/fifo.csv" --column v >/dev/null 2>"$tmp/err"
check "a FIFO as the CSV is refused by what it is, at once" 'grep -q "is a FIFO" "$tmp/err" && [ $(( $(date +%s) - t0 )) -lt 5 ]'
expect_error "/dev/zero as a project" plot /dev/zero --chart loss --out "$tmp/z.png"
check "/dev/zero is called a device" 'grep -q "character device" "$tmp/err"'
printf 'unroll-model 1\ninput 1000000 1\nlayer conv1d units=65536 kernel_size=4096 padding=causal activation=linear\nweights 0 0 00000000\n' >"$tmp/hostile.model"
check "the crafted model file has 127 bytes" '[ "$(wc -c <"$tmp/hostile.model")" -eq 127 ]'
expect_error "the 127-byte model that asked for 1 GB" forecast --model "$tmp/hostile.model" --csv "$D/trend.csv"
check "it is refused for its input's steps" 'grep -q "steps from 0 to 100000" "$tmp/err"'
printf 'unroll-project 1\ndata seed=42 series=10000000 steps=50 horizon=1 task=one_step\ninput 50 1\ntrain\n' >"$tmp/big.unroll"
t0=$(date +%s)
expect_error "a project asking for 10 million series" plot "$tmp/big.unroll" --chart forecast --out "$tmp/big.png"
check "the big project is refused at once, naming its line" 'grep -q "line 2: 10000000 series" "$tmp/err" && [ $(( $(date +%s) - t0 )) -lt 5 ]'
expect_error "--clipnorm that is 0 as a float" train --preset linear --clipnorm 1e-50
expect_error "--clipvalue that is 0 as a float" train --preset linear --clipvalue 1e-50
# a model saved through a symlink writes its target and keeps the target's mode
: >"$tmp/real.model" && chmod 640 "$tmp/real.model" && ln -s real.model "$tmp/link.model"
"$U" train --preset linear --epochs 1 --seeds 1 --series 300 --save "$tmp/link.model" >/dev/null 2>&1
check "--save through a symlink keeps the link, writes its target, keeps its mode" \
  '[ -L "$tmp/link.model" ] && [ -s "$tmp/real.model" ] && [ "$(stat -c %a "$tmp/real.model")" = 640 ]'
# a divergence: SGD at lr 0.8 keeps weights no worse than the start
"$U" train --preset linear --optimizer sgd --lr 0.8 --epochs 10 --series 2000 --seeds 1 --json --save "$tmp/sgd.model" \
  >"$tmp/sgd.json" 2>"$tmp/sgd.err"
sgd_rc=$?
check "a lone diverged run fails and saves nothing" '[ $sgd_rc -eq 1 ] && [ ! -e "$tmp/sgd.model" ] && grep -q "no model saved" "$tmp/sgd.err"'
check "a diverged run keeps the starting weights, and warns in the JSON and the text" \
  '/usr/bin/env python3 -c "import json,sys; d=json.load(open(sys.argv[1])); m=d[\"members\"][0]; print(\"  val\", m[\"val_mse\"], m[\"stop\"]); sys.exit(0 if m[\"stop\"] == \"diverged\" and m[\"val_mse\"] < 1 and \"times the naive\" in m[\"warning\"] and \"starting weights\" in m[\"why\"] else 1)" "$tmp/sgd.json"'
"$U" train --preset linear --optimizer sgd --lr 0.8 --epochs 10 --series 2000 --seeds 1 >"$tmp/sgd.txt" 2>&1
check "the text says so too" 'grep -q "^warning: seed 42: its last-step MSE 0.5.* times the naive" "$tmp/sgd.txt"'

# train --help names every option train takes, and every option it names is taken
"$U" train --help >"$tmp/help" 2>&1
for o in --preset --seeds --jobs --seed --data-seed --epochs --batch --series --lr --optimizer --loss \
         --clipnorm --clipvalue --patience --save --json --csv --column --inputs --date --date-format \
         --id --id-value --targets --lookback --horizon --stride --missing --transform --season --split \
         --split-dates; do
  check "train --help names $o" "grep -q -- '$o[] ,|]' '$tmp/help' || grep -q -- '$o\$' '$tmp/help'"
done
for o in $(grep -o -- '--[a-z-]*' "$tmp/help" | sort -u); do
  "$U" train "$o" >/dev/null 2>"$tmp/err"
  check "train takes $o, as its help says" "! grep -q 'unknown option' '$tmp/err'"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
