#!/bin/sh
# seeds.sh UNROLL MAKE_SEEDS: real files for the model and project fuzz
# targets' corpora (run.sh fuzzes from them and minimises them after): model
# files saved by `unroll train --save` from the presets and from a CSV, the
# 127-byte file that asked for a gigabyte, and projects with runs
# written by make_seeds (tests/fuzz/make_seeds.c, built by meson).
set -eu
unroll=$1; make_seeds=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
models=$root/tests/fuzz/corpus-model; projects=$root/tests/fuzz/corpus-project
mkdir -p "$models" "$projects"
for p in linear simple-rnn deep-rnn-dense bn-rnn ln-rnn lstm gru conv-gru wavenet wavenet-full; do
  OPENBLAS_NUM_THREADS=1 "$unroll" train --preset "$p" --epochs 1 --series 300 --seeds 1 \
    --save "$models/model-$p" >/dev/null 2>&1 || echo "seeds.sh: $p was not saved" >&2
done
OPENBLAS_NUM_THREADS=1 "$unroll" train --csv "$root/tests/data/trend.csv" --preset linear --epochs 1 --seeds 1 \
  --save "$models/model-csv" >/dev/null 2>&1 || echo "seeds.sh: the CSV model was not saved" >&2
printf 'unroll-model 1\ninput 1000000 1\nlayer conv1d units=65536 kernel_size=4096 padding=causal activation=linear\nweights 0 0 00000000\n' \
  >"$models/model-hostile-127"
(cd "$root" && OPENBLAS_NUM_THREADS=1 "$make_seeds" "$projects" tests/data) # a path relative to the root
ls -l "$models" "$projects"
