#!/usr/bin/python3
"""Writes the image-folder test data of ImageFolderReaderTest (run from this folder: /usr/bin/python3 make_images.py).

lossless/<class>/: PNG (grey, RGB, palette, RGBA, 16-bit grey, grey+alpha), GIF and BMP images, 5 rows x 6 columns
(not square, so a swapped height and width shows). lossless-rgb.csv and lossless-grey.csv hold the values the
reader must give for shape [3, 5, 6] and [1, 5, 6], computed here from the pixels written, with the same
double-precision formulas as the reader, so the test compares the float32 values bitwise:
  a sample s of a channel with maximum m (255, or 65535 at 16 bits):  s * 255.0 / m
  with alpha a of maximum n, composited on white:                    (s*a + m*(n - a)) * 255.0 / (m*n)
  grey from RGB (ITU-R BT.601 luma):                                 0.299*r + 0.587*g + 0.114*b
jpeg/<class>/: baseline, progressive, CMYK and grey JPEGs; jpeg-rgb.csv holds PIL's decode, which the reader
must match within +-2 (JPEG decoders round differently). Each CSV row: the class, then the values [C, H, W].
"""
import os

import numpy as np
from PIL import Image

H, W = 5, 6
rng = np.random.default_rng(7)


def u8(*shape):
    return rng.integers(0, 256, (H, W) + shape, dtype=np.uint8)


def composite(s, a, m, n):
    s, a = s.astype(np.int64), a.astype(np.int64)
    return (s * a + m * (n - a)) * 255.0 / (m * n)


def luma(rgb):
    return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]


def save(path, image, **options):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image.save(path, **options)


def lossless():
    """(class, file, image, RGB values in double [H, W, 3] or None, grey values [H, W] or None)."""
    grey, rgb, rgba, la = u8(), u8(3), u8(4), u8(2)
    rgba[0, :, 3] = 255  # some opaque, some fully transparent pixels besides the random ones
    rgba[1, :, 3] = 0
    palette = rng.integers(0, 256, (5, 3), dtype=np.uint8)
    indices = rng.integers(0, 5, (H, W), dtype=np.uint8)
    paletted = Image.fromarray(indices, "P")
    paletted.putpalette(palette.flatten().tolist())
    grey16 = rng.integers(0, 65536, (H, W), dtype=np.uint16)
    grey16[0, :2] = [0, 65535]
    f = np.float64
    return [
        ("daisy", "grey.png", Image.fromarray(grey, "L"), None, grey * 255.0 / 255),
        ("daisy", "rgb.png", Image.fromarray(rgb, "RGB"), rgb * 255.0 / 255, None),
        ("daisy", "palette.png", paletted, palette[indices] * 255.0 / 255, None),
        ("daisy", "rgba.png", Image.fromarray(rgba, "RGBA"), composite(rgba[..., :3], rgba[..., 3:], 255, 255), None),
        ("tulip", "grey16.png", Image.fromarray(grey16), None, grey16 * 255.0 / 65535),
        ("tulip", "grey-alpha.png", Image.fromarray(la, "LA"), None, composite(la[..., 0], la[..., 1], 255, 255)),
        ("tulip", "palette.gif", paletted, palette[indices].astype(f), None),
        ("tulip", "rgb.bmp", Image.fromarray(rgb[::-1].copy(), "RGB"), rgb[::-1].astype(f), None),
    ]


def jpegs():
    rgb = np.kron(u8(3)[:3, :3], np.ones((2, 2, 1), dtype=np.uint8))[:H, :W]  # 2x2 blocks: JPEG keeps them close
    smooth = Image.fromarray(rgb, "RGB")
    return [
        ("daisy", "baseline.jpg", smooth, {"quality": 95}),
        ("daisy", "progressive.JPEG", smooth, {"quality": 95, "progressive": True}),
        ("tulip", "cmyk.jpg", smooth.convert("CMYK"), {"quality": 95}),
        ("tulip", "grey.jpeg", smooth.convert("L"), {"quality": 95}),
    ]


def number(v):
    return np.format_float_positional(np.float32(v), trim="-")


def write_csv(path, rows):
    """rows: (class, values [C, H, W]) in the reader's order."""
    with open(path, "w") as out:
        out.write("label," + ",".join(f"v{i}" for i in range(rows[0][1].size)) + "\n")
        for label, values in rows:
            out.write(label + "," + ",".join(number(v) for v in values.flatten()) + "\n")


def in_reader_order(rows):
    """Classes by name, then files by name, as the reader lists them."""
    return sorted(rows, key=lambda r: (r[0], r[1]))


def main():
    rgb_rows, grey_rows = [], []
    for label, name, image, rgb, grey in in_reader_order(lossless()):
        path = f"lossless/{label}/{name}"
        save(path, image)
        if rgb is not None:
            assert np.array_equal(np.asarray(Image.open(path).convert("RGB")), np.asarray(image.convert("RGB"))), path
            rgb_rows.append((label, rgb.transpose(2, 0, 1)))
            grey_rows.append((label, luma(rgb)[None]))
        else:
            rgb_rows.append((label, np.repeat(grey[None], 3, axis=0)))
            grey_rows.append((label, grey[None]))
    write_csv("lossless-rgb.csv", rgb_rows)
    write_csv("lossless-grey.csv", grey_rows)
    jpeg_rows = []
    for label, name, image, options in in_reader_order(jpegs()):
        path = f"jpeg/{label}/{name}"
        save(path, image, **options)
        decoded = np.asarray(Image.open(path).convert("RGB"), dtype=np.float64)
        jpeg_rows.append((label, decoded.transpose(2, 0, 1)))
    write_csv("jpeg-rgb.csv", jpeg_rows)


if __name__ == "__main__":
    main()
