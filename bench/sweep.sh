#!/usr/bin/env bash
# bench/sweep.sh: run groups on a pool of threads, timed (not a test).
#
# For lstm and wavenet groups of K = 1, 2, 4 and 8 training seeds, with
# jobs = 1 up to the number of online cores: the wall time of
# `unroll train --preset P --seeds K --jobs N`, its speed-up over jobs = 1,
# and its peak resident memory (/usr/bin/time -v), beside one member's.
# Then `unroll table` with one seed and with five, jobs = cores.
# Prints a markdown table on stdout, progress on stderr.
#
#   bench/sweep.sh                    EPOCHS (default 3), UNROLL (build/app/unroll)
#   PRESETS=lstm KS="1 4" bench/sweep.sh
#   TABLE=0 bench/sweep.sh            skip the two tables
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
UNROLL="${UNROLL:-$ROOT/build/app/unroll}"
EPOCHS="${EPOCHS:-3}"
PRESETS="${PRESETS:-lstm wavenet}"
KS="${KS:-1 2 4 8}"
TABLE="${TABLE:-1}"
CORES="$(nproc)"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
[ -x /usr/bin/time ] || { echo "bench/sweep.sh needs /usr/bin/time (Debian package: time)" >&2; exit 1; }

# run ARGS...: "seconds peak_kib" of one unroll command
TIMES="$(mktemp)"
trap 'rm -f "$TIMES"' EXIT
run() {
  /usr/bin/time -o "$TIMES" -f '%e %M' "$UNROLL" "$@" >/dev/null 2>&1
  tail -1 "$TIMES"
}

echo "## Run groups on $CORES cores: wall time and peak memory"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $CORES cores"
echo "- each: \`unroll train --preset P --epochs $EPOCHS --seeds K --jobs N\` (the book's data)"
echo
echo "| preset | K | jobs | seconds | speed-up over jobs 1 | peak RSS MiB | peak ÷ one member's |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for p in $PRESETS; do
  one_kib=""
  for k in $KS; do
    base=""
    for j in $(seq 1 "$CORES"); do
      [ "$j" -gt "$k" ] && break
      echo "$p K=$k jobs=$j ..." >&2
      read -r secs kib <<<"$(run train --preset "$p" --epochs "$EPOCHS" --seeds "$k" --jobs "$j")"
      [ -z "$base" ] && base="$secs"
      [ "$k" = 1 ] && [ -z "$one_kib" ] && one_kib="$kib"
      awk -v p="$p" -v k="$k" -v j="$j" -v s="$secs" -v b="$base" -v m="$kib" -v o="$one_kib" \
        'BEGIN { printf "| %s | %s | %s | %.1f | %.2f× | %.0f | %.2f |\n", p, k, j, s, b / s, m / 1024, m / o }'
    done
  done
done

if [ "$TABLE" = 1 ]; then
  echo
  echo "## The chapter's table, one seed and five, jobs = $CORES"
  echo
  echo "| run | seconds | ÷ (5 × one seed's) |"
  echo "|---|---:|---:|"
  echo "table --seeds 1 ..." >&2
  read -r t1 _ <<<"$(run table --seeds 1 --jobs "$CORES")"
  echo "table --seeds 5 ..." >&2
  read -r t5 _ <<<"$(run table --seeds 5 --jobs "$CORES")"
  printf '| unroll table --seeds 1 | %.1f | – |\n' "$t1"
  awk -v a="$t5" -v b="$t1" 'BEGIN { printf "| unroll table --seeds 5 | %.1f | %.2f |\n", a, a / (5 * b) }'
fi
