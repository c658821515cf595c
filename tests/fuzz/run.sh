#!/bin/sh
# run.sh [SECONDS]: builds the CSV fuzz target with clang's libFuzzer, AddressSanitizer
# and UBSan (Debian's clang and libclang-rt-14-dev) and fuzzes for SECONDS (default 600),
# growing tests/fuzz/corpus.  From the repository's root:  tests/fuzz/run.sh 600
set -eu
cd "$(dirname "$0")/../.."
out=build-fuzz
mkdir -p "$out"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE -std=gnu11 \
  -Iengine tests/fuzz/fuzz_csv.c engine/*.c -lopenblas -llapacke -lm -o "$out/fuzz_csv"
"$out/fuzz_csv" -max_total_time="${1:-600}" -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
  -print_final_stats=1 tests/fuzz/corpus
