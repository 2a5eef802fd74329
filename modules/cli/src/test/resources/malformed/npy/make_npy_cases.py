#!/usr/bin/python3
"""Writes the NumPy cases of the malformed-input corpus beside this script (/usr/bin/python3 has numpy)."""
import io
import json
import os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y = np.array([0, 1, 1, 0], dtype=np.float32)
np.save(os.path.join(here, "good-x.npy"), x)
np.save(os.path.join(here, "good-y.npy"), y)

# a header whose shape claims 4e11 values over 32 bytes of data
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4000000000, 100), }".ljust(117) + "\n"
with open(os.path.join(here, "shape-overflow-x.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode("latin1") + x.tobytes())

# labels as Python objects: the data is a pickle, which must never be loaded
np.save(os.path.join(here, "pickled-y.npy"), np.array(["a", 1, None, {"k": 2}], dtype=object), allow_pickle=True)

# an .npz cut in half: the zip's central directory is gone
buffer = io.BytesIO()
np.savez(buffer, x=x, y=y)
with open(os.path.join(here, "truncated.npz"), "wb") as f:
    f.write(buffer.getvalue()[: len(buffer.getvalue()) // 2])

# streamed features ("stream": true) are checked by a pass over the file when opened: a NaN in sample 2
with_nan = x.copy()
with_nan[2, 1] = np.nan
np.save(os.path.join(here, "stream-nan-x.npy"), with_nan)

# features in Fortran order (column by column): a sample's values are not together in the file, so they cannot be streamed
np.save(os.path.join(here, "stream-fortran-x.npy"), np.asfortranarray(x))

with open(os.path.join(here, "..", "idx", "bad-magic.lcproj.json")) as f:
    project = json.load(f)
for name, train in [("shape-overflow", {"type": "npy", "features": "shape-overflow-x.npy", "labels": "good-y.npy"}),
                    ("pickled-labels", {"type": "npy", "features": "good-x.npy", "labels": "pickled-y.npy"}),
                    ("truncated-npz", {"type": "npz", "path": "truncated.npz", "features": "x", "labels": "y"}),
                    ("stream-not-boolean", {"type": "npy", "features": "good-x.npy", "labels": "good-y.npy", "stream": "yes"}),
                    ("shuffle-buffer-zero", {"type": "npy", "features": "good-x.npy", "labels": "good-y.npy", "stream": True,
                                             "shuffle_buffer": 0}),
                    ("stream-nan", {"type": "npy", "features": "stream-nan-x.npy", "labels": "good-y.npy", "stream": True}),
                    ("stream-fortran", {"type": "npy", "features": "stream-fortran-x.npy", "labels": "good-y.npy", "stream": True})]:
    project["name"] = name
    project["data"] = {"train": train}
    with open(os.path.join(here, name + ".lcproj.json"), "w") as f:
        json.dump(project, f, indent=1)
        f.write("\n")
