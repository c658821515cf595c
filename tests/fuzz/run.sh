#!/bin/sh
# run.sh TARGET [SECONDS]: builds a fuzz target with clang's libFuzzer,
# AddressSanitizer and UBSan (Debian's clang and libclang-rt-14-dev) and
# fuzzes it for SECONDS (default 600) on one core, growing its corpus; then
# minimises the corpus in place (-merge=1), which is what `meson test`
# replays.  From the repository's root:  tests/fuzz/run.sh model 600
#
#   target   parser                      corpus               per input at most
#   csv      engine/csv.c, series.c      tests/fuzz/corpus            64 MB a malloc
#   dates    engine/dates.c              tests/fuzz/corpus-dates      16 MB
#   model    engine/model_io.c           tests/fuzz/corpus-model     300 MB (one sample's
#                                        work, UR_MAX_SAMPLE_WORK floats, is 256 MiB)
#   project  engine/project.c, run_io.c  tests/fuzz/corpus-project    64 MB
#
# -malloc_limit_mb stops at any single allocation over the bound and
# -rss_limit_mb at a process over it: a small file that asks for more than
# its bound is a finding, as is a crash, a leak or an abort() in the target.
# Seeds: tests/fuzz/seeds.sh writes real model files and projects.
set -eu
cd "$(dirname "$0")/../.."
target=${1:?usage: tests/fuzz/run.sh csv|dates|model|project [SECONDS]}
seconds=${2:-600}
case "$target" in
  csv) corpus=tests/fuzz/corpus; malloc=64; len=4096 ;;
  dates) corpus=tests/fuzz/corpus-dates; malloc=16; len=4096 ;;
  model) corpus=tests/fuzz/corpus-model; malloc=300; len=81920 ;;
  project) corpus=tests/fuzz/corpus-project; malloc=64; len=65536 ;;
  *) echo "run.sh: unknown target \"$target\" (csv, dates, model, project)" >&2; exit 2 ;;
esac
out=build-fuzz
mkdir -p "$out" "$corpus" "$out/new-$target"
if [ "$target" = dates ]; then sources=engine/dates.c; else sources=$(ls engine/*.c); fi
# shellcheck disable=SC2086
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE -std=gnu11 \
  -Iengine "tests/fuzz/fuzz_$target.c" $sources -lopenblas -llapacke -lm -o "$out/fuzz_$target"
# one job, one core: new inputs go to a scratch folder, merged into the
# corpus at the end so that it stays minimal
OPENBLAS_NUM_THREADS=1 "$out/fuzz_$target" -max_total_time="$seconds" -max_len=$len -timeout=10 \
  -rss_limit_mb=2048 -malloc_limit_mb=$malloc -print_final_stats=1 -artifact_prefix="$out/$target-" \
  "$out/new-$target" "$corpus"
rm -rf "$out/merged-$target" && mkdir "$out/merged-$target"
OPENBLAS_NUM_THREADS=1 "$out/fuzz_$target" -merge=1 -max_len=$len -rss_limit_mb=2048 -malloc_limit_mb=$malloc \
  "$out/merged-$target" "$corpus" "$out/new-$target" 2>&1 | grep MERGE-OUTER | tail -1
rm -f "$corpus"/* && cp "$out/merged-$target"/* "$corpus"/
echo "run.sh: $target: $(ls "$corpus" | wc -l) files in $corpus"
