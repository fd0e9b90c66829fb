#!/usr/bin/python3
"""Writes a folder of synthetic gray "faces" (one sub-folder per person), made by code only.

  /usr/bin/python3 tools/synthetic_faces.py OUT_DIR [--persons 6] [--per-person 60] [--seed 0]

Each person has its own head shape, eye spacing and mouth; each image varies the lighting, the
position and the noise. The pictures in README (tools/readme_screenshot.sh) come from these, so
that no real face is stored in the repository. Needs numpy and Pillow.
"""
import argparse
import pathlib

import numpy as np
from PIL import Image

H, W = 62, 47


def face(rng, person, y, x):
    cy = H / 2 + rng.normal(0, 1.0)
    cx = W / 2 + rng.normal(0, 1.0)
    head = ((y - cy) / person["ry"]) ** 2 + ((x - cx) / person["rx"]) ** 2
    light = 0.75 + 0.15 * rng.uniform(-1, 1) * (x - cx) / W
    img = np.where(head < 1, light * (1 - 0.25 * head), 0.15)
    for side in (-1, 1):
        ey, ex = cy - person["eye_y"], cx + side * person["eye_dx"]
        img -= 0.5 * np.exp(-(((y - ey) ** 2) + (x - ex) ** 2) / (2 * person["eye_r"] ** 2))
    my = cy + person["mouth_y"]
    mouth = np.exp(-((y - my) ** 2) / 2.0) * (np.abs(x - cx) < person["mouth_w"])
    img -= 0.35 * mouth
    nose = np.exp(-((x - cx) ** 2) / 2.0) * (np.abs(y - cy) < 4)
    img -= 0.1 * nose
    img += rng.normal(0, 0.03, img.shape)
    return np.clip(img, 0, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--persons", type=int, default=6)
    ap.add_argument("--per-person", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    y, x = np.mgrid[0:H, 0:W].astype(np.float64)
    for p in range(args.persons):
        person = {
            "ry": rng.uniform(24, 29), "rx": rng.uniform(16, 21), "eye_y": rng.uniform(5, 9),
            "eye_dx": rng.uniform(6, 10), "eye_r": rng.uniform(1.5, 3), "mouth_y": rng.uniform(9, 14),
            "mouth_w": rng.uniform(4, 9),
        }
        folder = args.out / f"Person_{p + 1}"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(args.per_person):
            pixels = np.round(face(rng, person, y, x) * 255).astype(np.uint8)
            Image.fromarray(pixels, "L").save(folder / f"Person_{p + 1}_{i + 1:04d}.png")


if __name__ == "__main__":
    main()
