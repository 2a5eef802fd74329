"""Writes the HDF5 cases of the malformed-input corpus (run with /usr/bin/python3; needs h5py and numpy)."""
import os

import h5py
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(here, name)


x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]] * 2, dtype=np.float32)
y = np.array([0, 1, 1, 0] * 2, dtype=np.int64)

with h5py.File(path("missing-dataset.h5"), "w") as f:
    f["x"], f["y"] = x, y

with_nan = x.copy()
with_nan[5, 1] = np.nan
with h5py.File(path("nan.h5"), "w") as f:
    f["x"], f["y"] = with_nan, y

# 1e10 values claimed, none written: the file stays small, and reading must stop before allocating
with h5py.File(path("huge-shape.h5"), "w") as f:
    f.create_dataset("x", shape=(100_000_000, 100), dtype=np.float32, chunks=(1000, 100))
    f.create_dataset("y", shape=(100_000_000,), dtype=np.int64, chunks=(100_000,))

with open(path("missing-dataset.h5"), "rb") as good, open(path("truncated.h5"), "wb") as cut:
    data = good.read()
    cut.write(data[: len(data) // 2])

with open(path("not-hdf5.h5"), "w") as f:
    f.write("x1,x2,y\n0,0,0\n0,1,1\n")
