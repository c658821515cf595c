#!/usr/bin/env bash
# Side-by-side benchmark: Unroll (C engine) vs PyTorch 1.13, seconds per training
# epoch, one thread each. Prints a markdown table on stdout; progress on stderr.
#
#   bench/run.sh                        # all presets, 2 epochs each
#   PRESETS=lstm,gru EPOCHS=3 bench/run.sh
#   UNROLL=/path/to/unroll bench/run.sh
#   TORCH_ARGS="--max-batches-for ln-rnn=60" bench/run.sh
#   SKIP_UNROLL=1 bench/run.sh          # torch column only
#   KEEP_RAW=dir bench/run.sh           # keep every raw output in dir
#
# Environment: UNROLL (default build/app/unroll), PY (default /usr/bin/python3),
# EPOCHS (2), PRESETS (all), TORCH_ARGS (extra args for torch_bench.py),
# UNROLL_ARGS (extra args for `unroll train`), TIMEOUT (seconds per run, 1800),
# SKIP_UNROLL, SKIP_TORCH, KEEP_RAW.
set -u

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"

# Resolve UNROLL against the caller's cwd before we cd to the repo root.
UNROLL="${UNROLL:-$ROOT/build/app/unroll}"
case "$UNROLL" in
  */*) [ -e "$UNROLL" ] && UNROLL="$(cd "$(dirname "$UNROLL")" && pwd)/$(basename "$UNROLL")" ;;
  *)   UNROLL="$(command -v "$UNROLL" || echo "$UNROLL")" ;;
esac
PY="${PY:-/usr/bin/python3}"
EPOCHS="${EPOCHS:-2}"
ALL="linear,simple-rnn,deep-rnn,deep-rnn-dense,linear-10,rnn-vector-10,rnn-seq2seq,bn-rnn,ln-rnn,lstm,gru,conv-gru,wavenet,wavenet-full"
PRESETS="${PRESETS:-$ALL}"
TORCH_ARGS="${TORCH_ARGS:-}"
UNROLL_ARGS="${UNROLL_ARGS:-}"
TIMEOUT="${TIMEOUT:-1800}"

export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

cd "$ROOT" || exit 1

if [ -n "${KEEP_RAW:-}" ]; then
  RAW="$KEEP_RAW"; mkdir -p "$RAW"
else
  RAW="$(mktemp -d "${TMPDIR:-/tmp}/unroll-bench.XXXXXX")"
  trap 'rm -rf "$RAW"' EXIT
fi

run_timed() {  # run_timed OUTFILE ERRFILE CMD... ; records the exit code in OUTFILE.rc
  local out="$1" err="$2"; shift 2
  if command -v timeout >/dev/null 2>&1; then
    timeout "$TIMEOUT" "$@" >"$out" 2>"$err"
  else
    "$@" >"$out" 2>"$err"
  fi
  echo $? >"$out.rc"
}

have_unroll=0
if [ -z "${SKIP_UNROLL:-}" ] && [ -x "$UNROLL" ] && [ -f "$UNROLL" ]; then have_unroll=1; fi
if [ "$have_unroll" = 0 ] && [ -z "${SKIP_UNROLL:-}" ]; then
  echo "note: engine binary '$UNROLL' not found or not executable; Unroll column will be n/a" >&2
fi
have_torch=0
if [ -z "${SKIP_TORCH:-}" ] && "$PY" -c 'import torch, numpy' 2>/dev/null; then have_torch=1; fi
if [ "$have_torch" = 0 ] && [ -z "${SKIP_TORCH:-}" ]; then
  echo "note: '$PY' cannot import torch+numpy; PyTorch column will be n/a" >&2
fi

IFS=',' read -r -a LIST <<<"$PRESETS"
for p in "${LIST[@]}"; do
  p="${p// /}"; [ -z "$p" ] && continue
  if [ "$have_unroll" = 1 ]; then
    echo "[unroll] $p ..." >&2
    # shellcheck disable=SC2086
    run_timed "$RAW/$p.unroll.out" "$RAW/$p.unroll.err" \
      "$UNROLL" train --preset "$p" --epochs "$EPOCHS" --seeds 1 --jobs 1 --json $UNROLL_ARGS
  fi
  if [ "$have_torch" = 1 ]; then
    echo "[torch ] $p ..." >&2
    # shellcheck disable=SC2086
    run_timed "$RAW/$p.torch.out" "$RAW/$p.torch.err" \
      "$PY" "$HERE/torch_bench.py" --presets "$p" --epochs "$EPOCHS" $TORCH_ARGS
    tail -n 1 "$RAW/$p.torch.out" >&2
  fi
done

# ---------------------------------------------------------------- report
TORCH_VERSION="n/a"
[ "$have_torch" = 1 ] && TORCH_VERSION="$("$PY" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo n/a)"
CPU="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null)"
[ -z "$CPU" ] && CPU="$(awk -F': ' '/^(Hardware|cpu model|Model)/ {print $2; exit}' /proc/cpuinfo 2>/dev/null)"
[ -z "$CPU" ] && CPU="unknown"
FLAGS="$(awk -F': ' '/^flags/ {print $2; exit}' /proc/cpuinfo 2>/dev/null)"
SIMD=""
for f in avx512f avx2 fma neon asimd; do
  case " $FLAGS " in *" $f "*) SIMD="$SIMD $f" ;; esac
done
CORES="$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"

export RAW PRESETS EPOCHS UNROLL TORCH_VERSION CPU CORES SIMD have_unroll have_torch
"$PY" - <<'PYEOF'
import json, os, re, datetime, platform

raw = os.environ["RAW"]
presets = [p.strip() for p in os.environ["PRESETS"].split(",") if p.strip()]
LINEAR = {"linear", "linear-10"}
WAVENETS = {"wavenet", "wavenet-full"}


def find_key(obj, key):
    if isinstance(obj, dict):
        if key in obj:
            return obj
        for v in obj.values():
            r = find_key(v, key)
            if r is not None:
                return r
    elif isinstance(obj, list):
        for v in obj:
            r = find_key(v, key)
            if r is not None:
                return r
    return None


def record(path, key="seconds_per_epoch"):
    """The JSON object (last one in the output) holding `key`, or None."""
    try:
        with open(path, errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    cands = []
    try:
        cands.append(json.loads(text))
    except ValueError:
        pass
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{") or line.startswith("["):
            try:
                cands.append(json.loads(line))
            except ValueError:
                pass
    for c in cands:
        r = find_key(c, key)
        if r is not None and isinstance(r.get(key), (int, float)):
            return r
    m = re.findall(r'"%s"\s*:\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)' % re.escape(key), text)
    if m:
        return {key: float(m[-1])}
    return None


def rc(path):
    try:
        return int(open(path + ".rc").read().strip())
    except (OSError, ValueError):
        return None


def fmt(x):
    if x is None:
        return "n/a"
    return f"{x:.1f}" if x >= 10 else (f"{x:.2f}" if x >= 1 else f"{x:.3g}")


rows, notes = [], []
if os.environ["have_unroll"] != "1":
    notes.append(f"Unroll column n/a: engine `{os.environ['UNROLL']}` not found/executable (or SKIP_UNROLL set)")
if os.environ["have_torch"] != "1":
    notes.append("PyTorch column n/a: torch+numpy not importable (or SKIP_TORCH set)")
for p in presets:
    u = record(os.path.join(raw, p + ".unroll.out"))
    t = record(os.path.join(raw, p + ".torch.out"))
    us = u["seconds_per_epoch"] if u else None
    ts = t["seconds_per_epoch"] if t else None
    if us is not None and us <= 0:
        us = None
    if os.environ["have_unroll"] == "1" and us is None:
        code = rc(os.path.join(raw, p + ".unroll.out"))
        notes.append(f"{p}: no seconds_per_epoch from unroll (exit code {code})")
    if os.environ["have_torch"] == "1" and ts is None:
        code = rc(os.path.join(raw, p + ".torch.out"))
        notes.append(f"{p}: no seconds_per_epoch from torch_bench.py (exit code {code})")
    if t and "scaled_from_batches" in t:
        notes.append(f"{p}: PyTorch time scaled from {t['scaled_from_batches']} of "
                     f"{t.get('batches_per_epoch', 219)} minibatches per epoch")
    speed = ts / us if (us and ts) else None
    floor = None if p in LINEAR else (3.0 if p in WAVENETS else 5.0)
    if floor is None:
        meets = "—"
    elif speed is None:
        meets = "n/a"
    else:
        meets = "yes" if speed >= floor else "no"
    rows.append((p, fmt(us), fmt(ts),
                 f"{speed:.1f}×" if speed is not None else "n/a",
                 f"{floor:g}×" if floor else "—", meets))

now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
print(f"## Unroll vs PyTorch {os.environ['TORCH_VERSION']}: seconds per training epoch")
print()
print(f"- date: {now}")
print(f"- machine: `{platform.machine()}`, {os.environ['CPU']}, {os.environ['CORES']} cores"
      + (f" (SIMD:{os.environ['SIMD']})" if os.environ['SIMD'].strip() else ""))
print(f"- PyTorch: {os.environ['TORCH_VERSION']}, one thread (torch.set_num_threads(1), "
      f"OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1)")
print(f"- protocol: 7000 series × 50 steps, batch 32 shuffled (219 steps), MSE, Adam; "
      f"{os.environ['EPOCHS']} epochs per preset, time of the epochs after the first")
print(f"- engine: `{os.environ['UNROLL']}`")
print()
print("| preset | Unroll s/epoch | PyTorch 1.13 s/epoch | speed-up | floor | meets floor |")
print("|---|---:|---:|---:|---:|:---:|")
for r in rows:
    print("| " + " | ".join(r) + " |")
if notes:
    print()
    for n in notes:
        print(f"- {n}")
PYEOF
