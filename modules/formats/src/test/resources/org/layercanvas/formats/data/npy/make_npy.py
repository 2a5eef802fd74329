#!/usr/bin/python3
"""Writes the NumPy test files beside this script (run it with /usr/bin/python3, which has numpy).

The same numbers also go into data.csv, so NpyDatasetReaderTest can check every .npy/.npz variant
bitwise against CsvDatasetReader. Bad files (truncated, lying headers) are made by the tests from these.
"""
import os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
n = 12
# float32 values of several magnitudes; float64 copies hold exactly the same numbers
x = (rng.standard_normal((n, 3)) * np.array([1e-3, 1.0, 1e4])).astype(np.float32)
species = np.array(["setosa", "virginica", "versicolor"])[rng.integers(0, 3, n)]
y = rng.integers(0, 3, n).astype(np.int64)


def save(name, array, version=None):
    path = os.path.join(here, name)
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=version)


with open(os.path.join(here, "data.csv"), "w") as f:
    f.write("a,b,c,label,species\n")
    for row, label, s in zip(x, y, species):
        f.write(",".join(repr(float(v)) for v in row) + f",{label},{s}\n")

save("x.npy", x)
save("y.npy", y)
save("species.npy", species)                       # <U10: text labels
save("x_f64.npy", x.astype(np.float64))
save("x_big_endian.npy", x.astype(">f4"))
save("x_f64_big_endian.npy", x.astype(">f8"))
save("x_fortran.npy", np.asfortranarray(x))
save("x_v2.npy", x, version=(2, 0))
save("x_v3.npy", x, version=(3, 0))
# [n, 2, 3] in Fortran order: the transposition must hold for more than two dimensions
save("cube_fortran.npy", np.asfortranarray(np.arange(n * 6, dtype=np.float32).reshape(n, 2, 3)))
save("cube.npy", np.arange(n * 6, dtype=np.float32).reshape(n, 2, 3))
# images: uint8 [n, 1, 4, 4] with values 0..255
save("images.npy", rng.integers(0, 256, (n, 1, 4, 4)).astype(np.uint8))

# every integer and boolean type holding the same small values (booleans: value != 0)
ints = np.array([[0, 1, 2], [3, 100, 127]] * (n // 2))
np.savez(os.path.join(here, "dtypes.npz"), y=y,
         **{name: ints.astype(dtype) for name, dtype in [
             ("i1", "<i1"), ("i2", "<i2"), ("i4", "<i4"), ("i8", "<i8"), ("i2_be", ">i2"), ("i8_be", ">i8"),
             ("u1", "|u1"), ("u2", "<u2"), ("u4", "<u4"), ("u8", "<u8"), ("u4_be", ">u4"), ("b1", "|b1")]})

np.savez(os.path.join(here, "data.npz"), x=x, y=y)
np.savez_compressed(os.path.join(here, "data_compressed.npz"), x=x, labels=species)

nan = x.copy()
nan[4, 1] = np.nan
save("x_nan.npy", nan)
save("objects.npy", np.array([{"a": 1}, None, "text"], dtype=object))
save("complex.npy", np.zeros((n, 2), dtype=np.complex64))
save("y_short.npy", y[:-1])
