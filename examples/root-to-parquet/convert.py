#!/usr/bin/env python3
"""Convert a ROOT TTree into a file LayerCanvas reads: HDF5 (.h5) or Parquet (.parquet).

No Java library reads current ROOT files (see docs/data.md), so ROOT data reaches LayerCanvas through
uproot, the pure-Python ROOT reader:

    pip install uproot awkward h5py          # pyarrow too for .parquet
    python3 convert.py events.root --tree Events --out events.h5 --label is_signal
    python3 convert.py events.root --tree Events --out events.parquet --branches pt,eta,phi,jet_pt --jagged pad:4

Every chosen branch becomes one column. A jagged branch (a variable number of values per event, such as
the jets' pt) becomes fixed columns: "pad:N" keeps the first N values as NAME_0 .. NAME_{N-1}, padding
short events with 0 and adding NAME_count; "sum", "mean", "max" or "count" summarise it in one column.
HDF5 output holds each column as a 1-D dataset /events/NAME; the printed data source lists them as
the project's features and the --label branch as its labels. Parquet output is a table of the columns.

--synthetic writes the same output from generated events instead of a ROOT file (no uproot needed):
CI checks the conversion's output path with it, and the example project reads what it writes.
"""
import argparse
import json
import sys

import numpy as np


def read_root(path, tree, branches):
    """The branches of the tree as {name: list or array}; needs uproot and awkward."""
    import awkward as ak
    import uproot

    with uproot.open(path) as f:
        t = f[tree]
        names = branches or [b for b in t.keys() if t[b].interpretation is not None]
        arrays = t.arrays(names, library="ak")
        return {n: (ak.to_numpy(arrays[n]) if arrays[n].ndim == 1 else ak.to_list(arrays[n])) for n in names}


def synthetic(events=2000, seed=1):
    """Generated events like a ROOT tree's: flat kinematics, a jagged jet branch and a signal flag."""
    rng = np.random.default_rng(seed)
    signal = rng.random(events) < 0.5
    met = np.where(signal, rng.gamma(4, 15, events), rng.gamma(3, 12, events)).astype(np.float32)
    lepton_pt = np.where(signal, rng.normal(45, 12, events), rng.normal(35, 12, events)).clip(5).astype(np.float32)
    n_jets = rng.poisson(np.where(signal, 3.5, 2.0))
    jet_pt = [list(rng.exponential(40 if s else 30, n).astype(np.float32)) for s, n in zip(signal, n_jets)]
    return {"met": met, "lepton_pt": lepton_pt, "jet_pt": jet_pt, "is_signal": signal.astype(np.int64)}


def flatten(columns, jagged):
    """Fixed-width float32/int64 columns: jagged branches padded or summarised as --jagged says."""
    out = {}
    for name, values in columns.items():
        if isinstance(values, np.ndarray) and values.dtype != object:
            out[name] = values if values.dtype.kind in "iub" else values.astype(np.float32)
            continue
        rows = [np.asarray(v, dtype=np.float32) for v in values]
        if jagged.startswith("pad:"):
            width = int(jagged[4:])
            padded = np.zeros((len(rows), width), dtype=np.float32)
            for i, r in enumerate(rows):
                padded[i, :min(width, len(r))] = r[:width]
            for k in range(width):
                out[f"{name}_{k}"] = padded[:, k]
            out[f"{name}_count"] = np.array([len(r) for r in rows], dtype=np.float32)
        else:
            summary = {"sum": np.sum, "mean": lambda r: np.mean(r) if len(r) else 0.0,
                       "max": lambda r: np.max(r) if len(r) else 0.0, "count": len}[jagged]
            out[f"{name}_{jagged}"] = np.array([summary(r) for r in rows], dtype=np.float32)
    return out


def write(columns, out, label):
    """Writes the columns to out (.h5/.hdf5 or .parquet) and returns the LayerCanvas data source."""
    features = [n for n in columns if n != label]
    if out.endswith((".h5", ".hdf5")):
        import h5py

        with h5py.File(out, "w") as f:
            for name, values in columns.items():
                f.create_dataset(f"events/{name}", data=values)
        source = {"type": "hdf5", "path": out, "features": [f"/events/{n}" for n in features]}
        if label:
            source["labels"] = f"/events/{label}"
        return source
    if out.endswith(".parquet"):
        import pyarrow
        import pyarrow.parquet

        pyarrow.parquet.write_table(pyarrow.table(columns), out)
        source = {"type": "parquet", "path": out, "features": features}
        if label:
            source["target"] = label
        return source
    raise SystemExit(f"convert.py: {out}: the output must end in .h5, .hdf5 or .parquet")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("root", nargs="?", help="the ROOT file")
    p.add_argument("--tree", default="Events", help="the TTree's name (default: Events)")
    p.add_argument("--branches", help="comma-separated branches (default: every branch uproot can read)")
    p.add_argument("--jagged", default="pad:4", help="pad:N, sum, mean, max or count (default: pad:4)")
    p.add_argument("--label", default="is_signal", help="the branch to predict (default: is_signal; empty for none)")
    p.add_argument("--out", required=True, help="events.h5 or events.parquet")
    p.add_argument("--synthetic", action="store_true", help="convert generated events instead of a ROOT file")
    a = p.parse_args(argv)
    if a.jagged not in ("sum", "mean", "max", "count") and not (a.jagged.startswith("pad:") and a.jagged[4:].isdigit()):
        raise SystemExit(f"convert.py: --jagged {a.jagged}: use pad:N, sum, mean, max or count")
    if a.synthetic:
        columns = synthetic()
    elif a.root:
        columns = read_root(a.root, a.tree, a.branches.split(",") if a.branches else None)
    else:
        raise SystemExit("convert.py: name a ROOT file, or --synthetic")
    if a.label and a.label not in columns:
        raise SystemExit(f"convert.py: no branch {a.label!r} to use as the label (branches: {', '.join(columns)})")
    source = write(flatten(columns, a.jagged), a.out, a.label)
    print(json.dumps(source))


if __name__ == "__main__":
    sys.exit(main())
