#!/usr/bin/python3
"""Writes the image-folder cases of the malformed-input corpus (run here: /usr/bin/python3 make_cases.py).

Each case is a folder of 4x4 RGB PNGs in two classes (a, b) with one fault, and a project reading it.
"""
import io
import json
import os
import shutil
import struct
import zlib

import numpy as np
from PIL import Image


def png(seed):
    out = io.BytesIO()
    Image.fromarray(np.random.default_rng(seed).integers(0, 256, (4, 4, 3), dtype=np.uint8)).save(out, "png")
    return out.getvalue()


def png_claiming(width, height):
    """A PNG header claiming width x height pixels, with no pixel data."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


CASES = {  # case: {file in the folder: bytes}
    "truncated-png": {"b/truncated.png": png(9)[:-30]},
    "text-as-jpg": {"b/notes.jpg": b"these are my holiday notes, not a photo\n"},
    "webp": {"b/photo.webp": b"RIFF\x1a\x00\x00\x00WEBPVP8 "},
    "claims-60000x60000": {"b/huge.png": png_claiming(60000, 60000)},
    "one-class": None,  # only class a
}


def project(name):
    return {
        "format": "layercanvas.project", "version": 1, "name": name,
        "networks": [{"name": "main",
                      "nodes": [{"id": "x", "type": "Input", "params": {"shape": [3, 4, 4]}},
                                {"id": "f", "type": "Flatten"},
                                {"id": "y", "type": "Dense", "params": {"units": 2, "activation": "softmax"}}],
                      "edges": [{"from": "x", "to": "f"}, {"from": "f", "to": "y"}]}],
        "training": {"loss": "categorical_crossentropy", "metrics": ["accuracy"],
                     "optimizer": {"type": "adam", "learning_rate": 0.01}, "batch_size": 4, "epochs": 1, "seed": 42},
        "data": {"train": {"type": "images", "path": name, "shape": [3, 4, 4]},
                 "preprocess": {"scale": 0.00392156862745098, "one_hot": 2}},
    }


def main():
    for name, faults in CASES.items():
        shutil.rmtree(name, ignore_errors=True)
        for c in ["a"] if faults is None else ["a", "b"]:
            os.makedirs(f"{name}/{c}")
            for i in range(2):
                with open(f"{name}/{c}/{i}.png", "wb") as out:
                    out.write(png(10 * ord(c) + i))
        for path, data in (faults or {}).items():
            with open(f"{name}/{path}", "wb") as out:
                out.write(data)
        with open(f"{name}.lcproj.json", "w") as out:
            json.dump(project(name), out, indent=1)
            out.write("\n")


if __name__ == "__main__":
    main()
