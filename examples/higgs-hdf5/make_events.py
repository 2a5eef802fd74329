#!/usr/bin/env python3
"""Writes events.h5: generated collision events, Higgs-like signal (H -> bb, a dijet mass peak at 125 GeV)
against a QCD-like background whose dijet mass falls steeply, with eight kinematic features per event.

    /usr/bin/python3 make_events.py          # needs numpy and h5py (Debian: python3-h5py)

Layout, as h5py writes it (chunked, gzip): /train/features float32 [10000, 8], /train/labels int64 [10000]
(1 = signal), /test/features [4000, 8], /test/labels [4000], and /feature_names. The seed is fixed, so
the file is the same every time. The signal differs from the background mostly by a window in m_jj,
which a linear discriminant (LDA) cannot cut and a small MLP can.
"""
import h5py
import numpy as np

FEATURES = ["lepton_pt", "lepton_eta", "met", "jet1_pt", "jet2_pt", "m_jj", "delta_r_jj", "ht"]


def events(rng, n):
    signal = rng.random(n) < 0.5
    s = signal.astype(float)
    lepton_pt = rng.gamma(3 + s, 12)
    lepton_eta = rng.normal(0, 1.2 - 0.2 * s)
    met = rng.gamma(3 + 0.5 * s, 14)
    m_jj = np.where(signal, rng.normal(125, 14, n), 40 + rng.exponential(70, n))
    jet1_pt = m_jj * rng.uniform(0.45, 0.8, n) + rng.gamma(2, 8, n)
    jet2_pt = np.minimum(jet1_pt, m_jj * rng.uniform(0.2, 0.5, n) + rng.gamma(2, 6, n))
    delta_r_jj = np.clip(2 * m_jj / (jet1_pt + jet2_pt) + rng.normal(0, 0.3, n), 0.4, 5)
    ht = lepton_pt + met + jet1_pt + jet2_pt
    x = np.stack([lepton_pt, lepton_eta, met, jet1_pt, jet2_pt, m_jj, delta_r_jj, ht], axis=1)
    return np.round(x, 2).astype(np.float32), signal.astype(np.int64)


def main():
    rng = np.random.default_rng(2012)
    with h5py.File("events.h5", "w") as f:
        for part, n in (("train", 10000), ("test", 4000)):
            x, y = events(rng, n)
            f.create_dataset(f"{part}/features", data=x, chunks=(1000, 8), compression="gzip", shuffle=True)
            f.create_dataset(f"{part}/labels", data=y, chunks=(1000,), compression="gzip")
        f.create_dataset("feature_names", data=np.array(FEATURES, dtype=h5py.string_dtype()))


if __name__ == "__main__":
    main()
