#!/usr/bin/python3
"""PyTorch peer of `layercanvas bench` on Fashion-MNIST, CPU, float32, batch 128, softmax cross-entropy:
--model mlp: the reference MLP of DESIGN.md §5 (784-256-128-10 ReLU, Adam lr 1e-3);
--model lenet5: examples/lenet5-fashion (conv 6@5x5 same, max pool 2, conv 16@5x5, max pool 2,
120-84-10 ReLU; Adam lr 2e-3).

The same protocol as LayerCanvas' bench: the whole training set every epoch, reshuffled with a
seeded permutation, the last partial batch kept; an epoch's time covers the gather, forward, loss,
backward and Adam step; test accuracy is measured after each epoch and timed separately; the
reported seconds/epoch is the median of epochs 2..N (epoch 1 warms up).
Prints one JSON object on stdout.
Usage: torch_peer.py DATA_DIR [--model mlp|lenet5] [--epochs N] [--threads T]"""
import argparse
import gzip
import json
import os
import statistics
import struct
import sys
import time

# Debian's torch runs element-wise ops on libgomp threads and GEMMs on OpenBLAS threads; with
# libgomp's default busy-waiting the two pools fight over the cores. Passive waiting is what a
# user tuning PyTorch would set; it must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def idx(path):
    for candidate in (path, path + ".gz"):
        if os.path.exists(candidate):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(candidate, "rb") as f:
                raw = f.read()
            ndim = raw[3]
            dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
            return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
    sys.exit("missing " + path + "(.gz)")


def blas():
    """Which BLAS the GEMMs ran on: Debian's torch takes whatever libblas.so.3 points to, and the reference BLAS
    is about ten times slower than OpenBLAS."""
    with open("/proc/self/maps") as maps:
        text = maps.read()
    return "openblas" if "openblas" in text else "blis" if "blis" in text else "reference or other"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data_dir")
    p.add_argument("--model", choices=["mlp", "lenet5"], default="mlp")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    load = lambda stem: idx(os.path.join(a.data_dir, stem))
    shape = (-1, 784) if a.model == "mlp" else (-1, 1, 28, 28)
    xtr = torch.from_numpy(load("train-images-idx3-ubyte").reshape(shape).astype(np.float32) / 255)
    ytr = torch.from_numpy(load("train-labels-idx1-ubyte").astype(np.int64))
    xte = torch.from_numpy(load("t10k-images-idx3-ubyte").reshape(shape).astype(np.float32) / 255)
    yte = torch.from_numpy(load("t10k-labels-idx1-ubyte").astype(np.int64))
    if a.model == "mlp":
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
        lr = 1e-3
    else:
        model = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
        lr = 2e-3
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(a.seed)
    n, batch = xtr.shape[0], 128
    epoch_s, accs = [], []
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        xs, ys = xtr[perm], ytr[perm]
        for i in range(0, n, batch):
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(xs[i:i + batch]), ys[i:i + batch]).backward()
            opt.step()
        epoch_s.append(time.perf_counter() - t0)
        with torch.no_grad():
            accs.append((model(xte).argmax(1) == yte).float().mean().item())
    steady = epoch_s[1:] or epoch_s
    print(json.dumps({"peer": "pytorch " + torch.__version__, "model": a.model, "blas": blas(), "threads": torch.get_num_threads(),
                      "sec_per_epoch": statistics.median(steady), "epoch_s": epoch_s, "test_accuracy": accs}))


if __name__ == "__main__":
    main()
