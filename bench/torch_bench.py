#!/usr/bin/python3
"""Seconds per training epoch of Unroll's presets in PyTorch, on ONE thread.

    /usr/bin/python3 bench/torch_bench.py [--presets a,b,c] [--epochs N] [--max-batches K]

For each preset: the book's data (np.random.seed(42)), 7000 training series,
shuffled minibatches of 32 (219 steps an epoch, last one 24), Adam, MSE loss,
a plain Python loop over index tensors (no DataLoader). Each epoch is timed
with time.perf_counter (shuffle + forward + backward + Adam step; validation
is NOT inside the timed region). Prints one JSON line per preset.

seconds_per_epoch is the median of the epochs after the first (the first is
warm-up); with --epochs 1 it is that single epoch.

--max-batches K times only the first K minibatches of every epoch and scales
the time by 219/K; the JSON then says "scaled_from_batches": K. Use it for
presets too slow to time in full (--max-batches-for ln-rnn=60,... to apply it
per preset).
"""
import argparse
import json
import os
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_models as tm  # noqa: E402

BATCH = 32


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--presets", default=",".join(tm.PRESETS),
                   help="comma-separated preset names (default: all)")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--max-batches", type=int, default=0,
                   help="time only the first K minibatches of each epoch and scale up (0 = whole epoch)")
    p.add_argument("--max-batches-for", default="",
                   help="per-preset override, e.g. 'ln-rnn=60,lstm=100'")
    p.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1)")
    p.add_argument("--seed", type=int, default=42)
    return p.parse_args(argv)


def evaluate(model, X, Y, seq2seq):
    model.eval()
    with torch.no_grad():
        P = torch.cat([model(X[i:i + 1000]) for i in range(0, len(X), 1000)])
    model.train()
    out = {"val_mse": float(torch.mean((P - Y) ** 2))}
    if seq2seq:
        out["val_last_step_mse"] = float(torch.mean((P[:, -1] - Y[:, -1]) ** 2))
    return out


def bench(name, epochs, max_batches, seed):
    kind, lr = tm.PRESETS[name]
    Xtr, Ytr, Xva, Yva = (torch.from_numpy(a) for a in tm.load_data(kind))
    torch.manual_seed(seed)
    model = tm.build(name).float()
    model.train()
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=lr)  # Keras eps 1e-7 vs torch 1e-8: no cost difference
    loss_fn = nn.MSELoss()
    n = Xtr.shape[0]
    n_batches = (n + BATCH - 1) // BATCH
    timed_batches = min(max_batches, n_batches) if max_batches > 0 else n_batches
    gen = torch.Generator().manual_seed(seed)

    times, train_losses = [], []
    for _ in range(epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for b in range(timed_batches):
            idx = perm[b * BATCH:(b + 1) * BATCH]
            xb, yb = Xtr[idx], Ytr[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        dt = time.perf_counter() - t0
        times.append(dt * n_batches / timed_batches)
        train_losses.append(total / min(n, timed_batches * BATCH))

    later = times[1:] if len(times) > 1 else times
    rec = {
        "preset": name,
        "seconds_per_epoch": round(float(np.median(later)), 4),
        "epochs": epochs,
        "epoch_seconds": [round(t, 4) for t in times],
        "train_loss": round(train_losses[-1], 6),
    }
    rec.update({k: round(v, 6) for k, v in evaluate(model, Xva, Yva, kind.startswith("seq2seq")).items()})
    rec["params"] = tm.n_params(model)
    if timed_batches < n_batches:
        rec["scaled_from_batches"] = timed_batches
        rec["batches_per_epoch"] = n_batches
    rec["torch"] = torch.__version__
    rec["threads"] = torch.get_num_threads()
    return rec


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    per = {}
    for item in filter(None, args.max_batches_for.split(",")):
        k, v = item.split("=")
        per[k.strip()] = int(v)
    names = [s.strip() for s in args.presets.split(",") if s.strip()]
    for name in names:
        if name not in tm.PRESETS:
            sys.exit(f"unknown preset {name!r}; known: {', '.join(tm.PRESETS)}")
    for name in names:
        rec = bench(name, args.epochs, per.get(name, args.max_batches), args.seed)
        print(json.dumps(rec), flush=True)


if __name__ == "__main__":
    main()
