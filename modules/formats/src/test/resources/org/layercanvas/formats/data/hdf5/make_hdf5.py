"""Writes the small HDF5 files HdfDatasetReaderTest reads (run with /usr/bin/python3; needs h5py and numpy).

events.h5 holds the good layouts; events.csv the same features and labels as text, so that the test can
check the HDF5 reader against the CSV reader bit for bit; odd.h5 holds what the reader must refuse.
"""
import os

import h5py
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
n = 40

x = rng.normal(size=(n, 5)).astype(np.float32)
y = rng.integers(0, 3, size=n).astype(np.int64)
words = np.array(["muon", "electron", "tau"])[y]

with h5py.File(os.path.join(here, "events.h5"), "w") as f:
    # chunks smaller than the dataset, so that reading crosses chunk borders
    f.create_dataset("x", data=x, chunks=(7, 5), compression="gzip")
    f.create_dataset("y", data=y)
    f.create_dataset("x64", data=x.astype(np.float64))
    f.create_dataset("names", data=words.astype("S8"))  # fixed-length strings
    f.create_dataset("kinds", data=words.astype(object), dtype=h5py.string_dtype())  # variable-length
    f.create_dataset("regression", data=x[:, :2] * 2)
    f.create_dataset("column_label", data=y.reshape(n, 1).astype(np.int32))
    jets = f.create_group("jets")
    for i, name in enumerate(["pt", "eta", "phi"]):
        jets.create_dataset(name, data=x[:, i], chunks=(16,))
    f.create_dataset("is_signal", data=y == 1)  # h5py's bool: an enum over int8
    table = np.zeros(n, dtype=[("pt", "<f4"), ("eta", "<f8"), ("flag", "i1")])
    table["pt"], table["eta"], table["flag"] = x[:, 0], x[:, 1], y
    f.create_dataset("table", data=table)

with h5py.File(os.path.join(here, "images.h5"), "w") as f:
    images = rng.integers(0, 256, size=(12, 1, 8, 8)).astype(np.uint8)
    f.create_dataset("images", data=images, chunks=(5, 1, 8, 8), compression="gzip")
    f.create_dataset("labels", data=np.arange(12) % 10)
    small = np.array([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 127]])
    types = f.create_group("types")
    for dtype in ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "float16", "float32", "float64"]:
        types.create_dataset(dtype, data=small.astype(dtype))
    types.create_dataset("signed", data=-small.astype(np.int16))

with open(os.path.join(here, "events.csv"), "w") as out:
    out.write("a,b,c,d,e,y\n")
    for row, label in zip(x, y):
        # str of a numpy float32 is its shortest decimal form, which parses back to the same float
        out.write(",".join(str(v) for v in row) + f",{label}\n")

with h5py.File(os.path.join(here, "odd.h5"), "w") as f:
    f.create_dataset("y", data=np.arange(4))
    f.create_dataset("x", data=np.array([[1, 2], [3, np.nan], [5, 6], [7, 8]], dtype=np.float32))
    f.create_dataset("three", data=np.zeros((3, 2), dtype=np.float32))
    f.create_dataset("scalar", data=np.float32(1))
    f.create_dataset("empty", shape=(0, 2), dtype=np.float32)
    # numpy's datetime64 as h5py stores it: opaque bytes with a tag (jHDF cannot read untagged opaque types)
    f.create_dataset("opaque", data=np.arange(4).astype("M8[s]").astype(h5py.opaque_dtype(np.dtype("M8[s]"))))
    f.create_dataset("compound", data=np.zeros(4, dtype=[("a", "<f4"), ("b", "<i4")]))
    cols = f.create_group("cols")
    cols.create_dataset("a", data=np.arange(4, dtype=np.float32))
    cols.create_dataset("b", data=np.arange(3, dtype=np.float32))
    f.create_group("group")
    # 1e10 values claimed, none written: the file stays small, and reading must stop before allocating
    f.create_dataset("huge", shape=(100_000_000, 100), dtype=np.float32, chunks=(1000, 100))
    f.create_dataset("huge_y", shape=(100_000_000,), dtype=np.int64, chunks=(100_000,))
