#!/usr/bin/python3
"""Golden fixtures for image metrics: scikit-image's SSIM, PSNR and MSE on synthetic images.

Writes facerecon-core/src/test/resources/golden/eval/ssim_cases.json (run from the repository root):

    /usr/bin/python3 tools/golden/ssim_reference.py

Every image is float32 (as in facerecon), stored as base64 of little-endian float32 bytes, row by
row. The references are computed from those float32 values promoted to float64, so they are the
exact metrics of the stored images; scikit-image's float32 path (it filters in float32) is also
recorded to show how far it drifts from the exact value.
"""
import base64
import json
import os
import sys

import numpy as np
import skimage
from skimage.metrics import mean_squared_error, peak_signal_noise_ratio, structural_similarity

OUT = os.path.join("facerecon-core", "src", "test", "resources", "golden", "eval", "ssim_cases.json")
RNG = np.random.default_rng(20041)


def smooth(h, w):
    """A sum of a few Gaussian blobs: face-like smooth shading in [0, 1]."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.zeros((h, w))
    for _ in range(5):
        cy, cx = RNG.uniform(0, h), RNG.uniform(0, w)
        s = RNG.uniform(0.15, 0.4) * max(h, w)
        img += RNG.uniform(0.2, 1.0) * np.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * s * s))
    return img / img.max()


def edges(h, w):
    """Steps and a checkerboard patch: sharp structure."""
    img = np.zeros((h, w))
    img[:, w // 3:] = 0.6
    img[h // 2:, :] += 0.3
    img[2:8, 2:8] = (np.indices((6, 6)).sum(axis=0) % 2) * 0.9
    return np.clip(img, 0, 1)


def quantised(img):
    """8-bit levels like decoded JPEGs."""
    return np.round(img * 255) / 255


def noisy(img, sd):
    return img + RNG.normal(0, sd, img.shape)


def box_blur(img):
    out = img.copy()
    out[1:-1, 1:-1] = sum(img[1 + dy:img.shape[0] - 1 + dy, 1 + dx:img.shape[1] - 1 + dx]
                          for dy in (-1, 0, 1) for dx in (-1, 0, 1)) / 9
    return out


def cases():
    a = smooth(62, 47)
    yield "face_sized_62x47_noise", quantised(a), np.clip(noisy(a, 0.05), 0, 1)
    b = smooth(62, 47)
    yield "face_sized_62x47_unrelated", quantised(a), b
    yield "random_16x16", RNG.uniform(0, 1, (16, 16)), RNG.uniform(0, 1, (16, 16))
    e = edges(20, 24)
    yield "edges_20x24_blurred", e, box_blur(e)
    r = RNG.uniform(0, 1, (9, 11))
    yield "odd_9x11_noise", r, noisy(r, 0.1)
    s = smooth(7, 7)
    yield "window_sized_7x7", s, noisy(s, 0.02)
    s = smooth(11, 11)
    yield "gaussian_window_sized_11x11", s, noisy(s, 0.02)
    s = smooth(13, 17)
    yield "identical_13x17", s, s.copy()
    yield "constant_equal_12x12", np.full((12, 12), 0.5), np.full((12, 12), 0.5)
    yield "constant_different_12x12", np.full((12, 12), 0.5), np.full((12, 12), 0.3)
    t = smooth(12, 15)
    yield "constant_vs_textured_12x15", np.full((12, 15), 0.4), t
    yield "out_of_range_reconstruction_15x14", smooth(15, 14), smooth(15, 14) * 1.3 - 0.15


def encode(img):
    return base64.b64encode(img.astype("<f4").tobytes()).decode("ascii")


def number(x):
    """JSON has no infinity: a perfect reconstruction's PSNR is written as the string "inf"."""
    return "inf" if np.isinf(x) else float(x)


def ssim(a, b, preset):
    if preset == "skimage_default":
        return structural_similarity(a, b, data_range=1.0)
    if min(a.shape) < 11:
        return None  # scikit-image rejects images smaller than the 11-tap window
    return structural_similarity(a, b, data_range=1.0, gaussian_weights=True, sigma=1.5,
                                 use_sample_covariance=False)


def main():
    out = []
    with np.errstate(divide="ignore"):
        for name, a, b in cases():
            a32, b32 = a.astype(np.float32), b.astype(np.float32)
            a64, b64 = a32.astype(np.float64), b32.astype(np.float64)
            case = {
                "name": name,
                "height": a.shape[0],
                "width": a.shape[1],
                "original": encode(a32),
                "reconstruction": encode(b32),
                "mse": float(mean_squared_error(a64, b64)),
                "psnr": number(peak_signal_noise_ratio(a64, b64, data_range=1.0)),
                "ssim_skimage_default": ssim(a64, b64, "skimage_default"),
                "ssim_wang2004": ssim(a64, b64, "wang2004"),
                "ssim_skimage_default_float32_path": float(ssim(a32, b32, "skimage_default")),
            }
            out.append(case)
    doc = {
        "generator": "tools/golden/ssim_reference.py",
        "scikit_image": skimage.__version__,
        "numpy": np.__version__,
        "cases": out,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    worst = max(abs(c["ssim_skimage_default"] - c["ssim_skimage_default_float32_path"]) for c in out)
    print(f"wrote {len(out)} cases to {OUT}; float32 path differs by at most {worst:.2e}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
