#!/usr/bin/env python3
"""Grows a face set to N images for bench/scale: the faces as they are, then mirrored, then shifted
by up to 2 pixels, then mirrored and shifted, cycling through the source faces until N images.

  scale_augment.py SOURCE.npy N OUT.npy [--seed 0]

SOURCE is an M x h x w float32 .npy (as `facerecon info --save-npy` writes it); OUT gets N x h x w
float32 and no labels file (the loaders then keep every image). A shift moves a face by (dy, dx),
each drawn from -2..2 per image with the seed, and repeats the edge rows and columns into the gap.
Written through a memory map, a chunk at a time, so the output need not fit in memory.
"""
import argparse

import numpy as np

CHUNK = 2048


def shifted(faces, dy, dx):
    """Each face moved by its (dy, dx): output pixel (r, c) is input pixel (r - dy, c - dx),
    clamped to the image (the edge repeated)."""
    n, h, w = faces.shape
    rows = np.clip(np.arange(h)[None, :] - dy[:, None], 0, h - 1)
    cols = np.clip(np.arange(w)[None, :] - dx[:, None], 0, w - 1)
    return faces[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source")
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    src = np.load(a.source, mmap_mode="r")
    m, h, w = src.shape
    rng = np.random.default_rng(a.seed)
    shifts = rng.integers(-2, 3, size=(a.n, 2))
    out = np.lib.format.open_memmap(a.out, mode="w+", dtype=np.float32, shape=(a.n, h, w))
    for start in range(0, a.n, CHUNK):
        idx = np.arange(start, min(start + CHUNK, a.n))
        faces = np.asarray(src[idx % m], dtype=np.float32)
        variant = (idx // m) % 4
        mirror = (variant == 1) | (variant == 3)
        faces[mirror] = faces[mirror, :, ::-1]
        move = variant >= 2
        if move.any():
            faces[move] = shifted(faces[move], shifts[idx[move], 0], shifts[idx[move], 1])
        out[idx] = faces
    out.flush()


if __name__ == "__main__":
    main()
