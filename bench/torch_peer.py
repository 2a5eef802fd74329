#!/usr/bin/python3
"""PyTorch peer of `layercanvas bench` on Fashion-MNIST, CPU, float32, batch 128:
--model mlp: the reference MLP of DESIGN.md §5 (784-256-128-10 ReLU, Adam lr 1e-3);
--model lenet5: examples/lenet5-fashion (conv 6@5x5 same, max pool 2, conv 16@5x5, max pool 2,
120-84-10 ReLU; Adam lr 2e-3);
--model lstm: each image as a sequence of 28 rows of 28 pixels, LSTM(128), its last state into a
10-way softmax (Adam lr 1e-3);
--model vae: examples/vae-fashion (784-256 ReLU, z_mean and z_log_var 8, sampling, 8-256 ReLU,
256-784 sigmoid; binary cross-entropy averaged over pixels plus the KL divergence weighted 1/784;
Adam lr 1e-3), scored by its test loss with z = z_mean.
The classifiers are trained with softmax cross-entropy and scored by test accuracy.

The same protocol as LayerCanvas' bench: the whole training set every epoch, reshuffled with a
seeded permutation, the last partial batch kept; an epoch's time covers the gather, forward, loss,
backward and Adam step; test accuracy is measured after each epoch and timed separately; the
reported seconds/epoch is the median of epochs 2..N (epoch 1 warms up).
--inference then measures the trained model under torch.no_grad() in eval mode: the median latency of
one sample at a time (test samples in turn, after a second of warm-up, for two seconds) and the
throughput of the test set in batches of 256 (the best of repeated passes over two seconds).
peak_rss_mb is the process' peak resident memory (VmHWM), data loading included.
Prints one JSON object on stdout.
Usage: torch_peer.py DATA_DIR [--model mlp|lenet5|lstm|vae] [--epochs N] [--threads T] [--inference]"""
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


class LastStep(nn.Module):
    """LSTM(128) over the rows, the last step's hidden state into the classifier."""

    def __init__(self):
        super().__init__()
        self.lstm, self.out = nn.LSTM(28, 128, batch_first=True), nn.Linear(128, 10)

    def forward(self, x):
        return self.out(self.lstm(x)[0][:, -1])


class Vae(nn.Module):
    """examples/vae-fashion: the encoder's z_mean and z_log_var, z sampled while training, z_mean in eval mode."""

    def __init__(self):
        super().__init__()
        self.encoder, self.mean, self.log_var = nn.Linear(784, 256), nn.Linear(256, 8), nn.Linear(256, 8)
        self.decoder, self.pixels = nn.Linear(8, 256), nn.Linear(256, 784)
        self.kl = None

    def forward(self, x):
        h = F.relu(self.encoder(x))
        mu, log_var = self.mean(h), self.log_var(h)
        z = mu + torch.exp(log_var / 2) * torch.randn_like(mu) if self.training else mu
        self.kl = -0.5 * (1 + log_var - mu * mu - log_var.exp()).sum(1).mean() / 784
        return torch.sigmoid(self.pixels(F.relu(self.decoder(z))))


MODELS = {
    "mlp": lambda: (nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)), 1e-3),
    "lenet5": lambda: (nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                                     nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10)), 2e-3),
    "lstm": lambda: (LastStep(), 1e-3),
    "vae": lambda: (Vae(), 1e-3),
}


def peak_rss_mb():
    """VmHWM, not getrusage's ru_maxrss: started by layercanvas bench, this process would report the JVM's peak (Linux keeps
    ru_maxrss across fork and exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def inference(model, x):
    """Batch-1 latency (median, microseconds) and batch-256 throughput (samples/s), as layercanvas bench --inference measures them."""
    n = x.shape[0]
    i, until = 0, time.perf_counter() + 1
    while time.perf_counter() < until:
        model(x[i % n:i % n + 1])
        i += 1
    times, until = [], time.perf_counter() + 2
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        model(x[i % n:i % n + 1])
        times.append(time.perf_counter() - t0)
        i += 1
    best, until, passes = float("inf"), time.perf_counter() + 2, 0
    while passes < 3 or time.perf_counter() < until:
        t0 = time.perf_counter()
        for j in range(0, n, 256):
            model(x[j:j + 256])
        best = min(best, time.perf_counter() - t0)
        passes += 1
    return {"latency_batch1_us": statistics.median(times) * 1e6, "throughput_batch256": n / best}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data_dir")
    p.add_argument("--model", choices=["mlp", "lenet5", "lstm", "vae"], default="mlp")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--inference", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    load = lambda stem: idx(os.path.join(a.data_dir, stem))
    shape = {"lenet5": (-1, 1, 28, 28), "lstm": (-1, 28, 28)}.get(a.model, (-1, 784))
    xtr = torch.from_numpy(load("train-images-idx3-ubyte").reshape(shape).astype(np.float32) / 255)
    ytr = torch.from_numpy(load("train-labels-idx1-ubyte").astype(np.int64))
    xte = torch.from_numpy(load("t10k-images-idx3-ubyte").reshape(shape).astype(np.float32) / 255)
    yte = torch.from_numpy(load("t10k-labels-idx1-ubyte").astype(np.int64))
    model, lr = MODELS[a.model]()
    if a.model == "vae":
        yte = xte  # training reconstructs each batch's own images
        loss_of = lambda out, x: F.binary_cross_entropy(out, x) + model.kl  # noqa: E731
        score = lambda out, x: loss_of(out, x).item()  # noqa: E731
    else:
        loss_of = F.cross_entropy
        score = lambda out, y: (out.argmax(1) == y).float().mean().item()  # noqa: E731
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(a.seed)
    n, batch = xtr.shape[0], 128
    epoch_s, scores = [], []
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        xs = xtr[perm]
        ys = xs if a.model == "vae" else ytr[perm]
        for i in range(0, n, batch):
            opt.zero_grad(set_to_none=True)
            loss_of(model(xs[i:i + batch]), ys[i:i + batch]).backward()
            opt.step()
        epoch_s.append(time.perf_counter() - t0)
        model.eval()
        with torch.no_grad():
            scores.append(score(model(xte), yte))
        model.train()
    steady = epoch_s[1:] or epoch_s
    result = {"peer": "pytorch " + torch.__version__, "model": a.model, "blas": blas(), "threads": torch.get_num_threads(),
              "sec_per_epoch": statistics.median(steady), "epoch_s": epoch_s, "test_" + ("loss" if a.model == "vae" else "accuracy"): scores}
    if a.inference:
        model.eval()
        with torch.no_grad():
            result.update(inference(model, xte))
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
