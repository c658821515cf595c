#!/usr/bin/env bash
# bench/csv_memory.sh: peak memory and time of a user's CSV, read and
# trained on, beside `wc -l` over the same file (not a timed test: the
# figures are quoted in README.md).  Generates date,value files of about
# 100 MB and 400 MB in /tmp (a minute step, a noisy wave), then for each:
#   wc -l FILE
#   reading alone: `unroll train --csv FILE --column none`, a column that
#     is not there, so the file is read whole, described and refused
#   training: `unroll train --csv FILE --column value --epochs 1
#     --preset linear --seeds 1`
# Peak RSS from /usr/bin/time -v (Debian's `time`).  Prints a markdown
# table; progress on stderr.  SIZES (MB, "100 400"), UNROLL
# (build/app/unroll), KEEP=1 keeps the generated files.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
U="${UNROLL:-$ROOT/build/app/unroll}"
SIZES="${SIZES:-100 400}"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "csv_memory.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
export OPENBLAS_NUM_THREADS=1

# gen MB FILE: rows of "YYYY-MM-DD HH:MM,value" until the file holds MB megabytes
gen() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import datetime, math, random, sys
target, path = int(sys.argv[1]) * 1000 * 1000, sys.argv[2]
t = datetime.datetime(1990, 1, 1)
step = datetime.timedelta(minutes=1)
random.seed(1)
size, i, out = 0, 0, []
with open(path, "w") as f:
    f.write("date,value\n")
    while size < target:
        line = "%s,%.3f\n" % (t.strftime("%Y-%m-%d %H:%M"), 10 * math.sin(i / 1440 * 2 * math.pi) + random.random())
        out.append(line)
        size += len(line)
        t += step
        i += 1
        if len(out) == 100000:
            f.write("".join(out))
            out = []
    f.write("".join(out))
PY
}

# measure LABEL CMD...: "seconds peak-MB exit" of one command
measure() {
  local log
  log=$(mktemp)
  "$TIME" -v "$@" >/dev/null 2>"$log"
  local rc=$?
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk -F': ' '{print $2}' |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(grep 'Maximum resident set size' "$log" | awk -F': ' '{printf "%.0f", $2 / 1024}')
  if grep -q "^unroll" "$log" && [ "$rc" -ne 0 ]; then grep -m1 "^unroll" "$log" >&2; fi
  rm -f "$log"
  echo "$wall $rss $rc"
}

echo "## CSV memory and time"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
echo "- files: date,value rows (\"1990-01-01 00:00,3.142\"), a minute apart; peak RSS from /usr/bin/time -v"
echo
echo "| file | rows | wc -l | read alone: time, peak RSS | train 1 epoch (linear): time, peak RSS |"
echo "|---|---|---|---|---|"
for mb in $SIZES; do
  f=/tmp/unroll-csv-memory-$mb.csv
  [ -s "$f" ] || { echo "generating $f ..." >&2; gen "$mb" "$f"; }
  bytes=$(stat -c %s "$f")
  rows=$(($(wc -l <"$f") - 1))
  echo "$f: wc -l ..." >&2
  read -r wc_s _ _ < <(measure wc -l "$f")
  echo "$f: reading ..." >&2
  read -r rd_s rd_mb _ < <(measure "$U" train --csv "$f" --column none)
  echo "$f: training ..." >&2
  read -r tr_s tr_mb tr_rc < <(measure "$U" train --csv "$f" --column value --epochs 1 --preset linear --seeds 1)
  note=""
  [ "$tr_rc" = 0 ] || note=" (exit $tr_rc)"
  printf '| %.0f MB | %d | %.2f s | %.2f s, %d MB | %.1f s, %d MB%s |\n' "$(awk -v b="$bytes" 'BEGIN { print b / 1000000 }')" "$rows" \
    "$wc_s" "$rd_s" "$rd_mb" "$tr_s" "$tr_mb" "$note"
  [ "${KEEP:-0}" = 1 ] || rm -f "$f"
done
