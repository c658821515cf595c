#!/usr/bin/env bash
# bench/series_table.sh: the models and baselines on a trending weekly series
# (tests/data/trend.csv: drift, trend and a 52-week season, 59 weeks missing),
# validation and test MSE in the series' units, each model a group of seeds.
# Prints a markdown table (quoted in README.md); progress on stderr.
#   SEEDS (3), EPOCHS (20), UNROLL (build/app/unroll)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
U="${UNROLL:-$ROOT/build/app/unroll}"
SEEDS="${SEEDS:-3}"
EPOCHS="${EPOCHS:-20}"
CSV="$ROOT/tests/data/trend.csv"
PY=/usr/bin/python3
echo "## A trending weekly series: $(basename "$CSV")"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "- each model: \`unroll train --csv trend.csv --preset P --transform T --seeds $SEEDS --epochs $EPOCHS\`; median [min–max] of the seeds' last-step MSE"
echo
echo "| forecaster | transform | validation MSE | test MSE |"
echo "|---|---|---|---|"
first=1
for p in deep-rnn-dense wavenet; do
  for t in none difference window log; do
    echo "$p $t ..." >&2
    "$U" train --csv "$CSV" --preset "$p" --transform "$t" --seeds "$SEEDS" --epochs "$EPOCHS" --json 2>/dev/null |
      FIRST=$first "$PY" -c '
import json, os, sys
d = json.load(sys.stdin)
def stat(s): return "%.3f [%.3f–%.3f]" % (s["median"], s["min"], s["max"])
if os.environ["FIRST"] == "1":
    for name, v, t in (("naive", "naive_mse", "test_naive_mse"), ("seasonal naive", "snaive_mse", "test_snaive_mse"),
                       ("exact linear", "linear_mse", "test_linear_mse"),
                       ("Holt-Winters", "holt_winters_mse", "test_holt_winters_mse")):
        print("| %s (one step) | – | %.3f | %.3f |" % (name, d[v], d[t]))
print("| %s (%s) | %s | %s | %s |" % (d["preset"], "1 step" if d["horizon"] == 1 else "%d steps" % d["horizon"], d["transform"], stat(d["summary"]["val_last_step_mse"]),
                                 stat(d["test_last_step_mse"])))
if d["horizon"] > 1 and d["transform"] == "none":
    print("| …its baselines, %d steps ahead: naive / seasonal naive / linear / Holt-Winters | – | %.3f / %.3f / %.3f / %.3f | %.3f / %.3f / %.3f / %.3f |" % (
        d["horizon"], d["naive_mse"], d["snaive_mse"], d["linear_mse"], d["holt_winters_mse"], d["test_naive_mse"],
        d["test_snaive_mse"], d["test_linear_mse"], d["test_holt_winters_mse"]))
'
    first=0
  done
done
