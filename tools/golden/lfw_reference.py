"""Golden fixtures for the LFW preprocessing: scikit-learn's ``fetch_lfw_people`` with Pillow.

Makes a few synthetic 250x250 images (noise, gradients, sharp edges; gray and RGB; PNG and JPEG)
and writes, under facerecon-core/src/test/resources/golden/lfw/:

  images/<name>.png|jpg    the synthetic images (seeded, no real faces)
  resize/<case>.u8.gz      Pillow's crop + resize output, one 8-bit plane per channel
                           (channel-major), gzipped, for exact tests of the resampler
  expected/<case>.f32.gz   scikit-learn's preprocessed pixels, float32 little-endian, h x w,
                           gzipped
  cases.json               what each file holds

scikit-learn's ``_load_imgs`` averages ``face.mean(axis=2)`` and so fails on single-channel
images; for those we run the same steps without the channel mean (see ``load_imgs``). For RGB
images the real ``sklearn.datasets._lfw._load_imgs`` is run and must agree with ``load_imgs``
bit for bit; so must pillow_pixels.py (numpy-free, used by the real-faces test) on every image.

Usage (from the repository root):  python3 tools/golden/lfw_reference.py
"""
import gzip
import json
from pathlib import Path

import numpy as np
from PIL import Image

import pillow_pixels

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "facerecon-core" / "src" / "test" / "resources" / "golden" / "lfw"
SIZE = 250
# scikit-learn's default slice_ as a Pillow crop box (left, upper, right, lower).
FACE_BOX = (78, 70, 172, 195)
FACTORS = (0.5, 0.33, 1.0, 1.7)
SEED = 20240531


def load_imgs(file_paths, resize):
    """scikit-learn 1.2.1 ``_load_imgs`` with the default slice_ and color=False, also for
    single-channel images (which it would reject)."""
    left, upper, right, lower = FACE_BOX
    h, w = lower - upper, right - left
    if resize is not None:
        h, w = int(float(resize) * h), int(float(resize) * w)
    faces = np.zeros((len(file_paths), h, w), dtype=np.float32)
    for i, path in enumerate(file_paths):
        img = Image.open(path).crop(FACE_BOX)
        if resize is not None:
            img = img.resize((w, h))
        face = np.asarray(img, dtype=np.float32)
        face /= 255.0
        if face.ndim == 3:
            face = face.mean(axis=2)
        faces[i, ...] = face
    return faces


def synthetic_images(rng):
    """name -> (uint8 array, Pillow mode), each 250 x 250."""
    y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    noise = rng.integers(0, 256, (SIZE, SIZE), dtype=np.uint8)
    # Sharp edges: blocks of several sizes, thin lines and single pixels at 0 and 255, which make
    # the bicubic filter overshoot and so exercise clipping.
    edges = np.where(((x // 7) + (y // 11)) % 2 == 0, 255, 0).astype(np.uint8)
    edges[:, 120:123] = 255
    edges[100:101, :] = 0
    edges[::17, ::13] = 128
    gradient = (x * 255.0 / (SIZE - 1)).round().astype(np.uint8)
    radial = np.hypot(x - 125, y - 110)
    rings = (127.5 + 127.5 * np.cos(radial / 3.0)).round().astype(np.uint8)
    smooth_rgb = np.stack(
        [gradient, (y * 255.0 / (SIZE - 1)).round().astype(np.uint8), rings], axis=2)
    jitter = rng.integers(-6, 7, (SIZE, SIZE, 3))
    edges_rgb = np.stack([edges, 255 - edges, rings], axis=2).astype(np.int64)
    mixed_rgb = np.clip(edges_rgb + jitter, 0, 255).astype(np.uint8)
    return {
        "noise_gray": (noise, "L"),
        "edges_gray": (edges, "L"),
        "gradient_rgb": (smooth_rgb, "RGB"),
        "mixed_rgb": (mixed_rgb, "RGB"),
        "rings_gray": (rings, "L"),
    }


# (file name, source array name, format options)
FILES = [
    ("noise_gray.png", "noise_gray", {}),
    ("edges_gray.png", "edges_gray", {}),
    ("gradient_rgb.png", "gradient_rgb", {}),
    ("mixed_rgb.png", "mixed_rgb", {}),
    ("rings_gray.jpg", "rings_gray", {"quality": 90}),
    ("mixed_rgb.jpg", "mixed_rgb", {"quality": 90}),
]

# Extra resampler cases on PNG sources: (image, crop box, output (width, height)). Tiny and odd
# outputs, pure upscaling from a small region, one axis only, and a copy.
RESIZE_EXTRA = [
    ("noise_gray.png", FACE_BOX, (1, 1)),
    ("noise_gray.png", FACE_BOX, (3, 2)),
    ("mixed_rgb.png", FACE_BOX, (1, 1)),
    ("mixed_rgb.png", FACE_BOX, (13, 29)),
    ("noise_gray.png", (10, 20, 17, 25), (23, 17)),
    ("mixed_rgb.png", (40, 50, 45, 53), (11, 8)),
    ("edges_gray.png", (0, 0, 250, 250), (250, 61)),
    ("edges_gray.png", (0, 0, 250, 250), (99, 250)),
    ("edges_gray.png", (0, 0, 250, 250), (251, 249)),
    ("gradient_rgb.png", (5, 5, 6, 6), (4, 3)),
]


def planes(img):
    """Pillow image -> bytes of one plane per channel, channel-major."""
    arr = np.asarray(img)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    return np.ascontiguousarray(arr.transpose(2, 0, 1)).tobytes()


def write_gz(path, data):
    # mtime=0 keeps the bytes the same from run to run.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(data)


def check_pure_python(path, resize, ours):
    """pillow_pixels.py, which the real-faces test runs without numpy, must agree bit for bit."""
    theirs = np.array(pillow_pixels.pixels(path, resize), dtype=np.float32)
    if not np.array_equal(theirs, ours.ravel()):
        raise SystemExit(f"pillow_pixels.py differs from load_imgs on {path.name} at {resize}")


def check_against_sklearn(paths, resize, ours):
    """Runs scikit-learn's own _load_imgs on RGB images and demands identical pixels."""
    try:
        from sklearn.datasets import _lfw
    except ImportError:
        print("scikit-learn not importable; skipping the cross-check")
        return
    slice_ = (slice(FACE_BOX[1], FACE_BOX[3]), slice(FACE_BOX[0], FACE_BOX[2]))
    theirs = _lfw._load_imgs([str(p) for p in paths], slice_, False, resize)
    if not np.array_equal(theirs, ours):
        raise SystemExit(f"load_imgs differs from scikit-learn at resize={resize}")


def main():
    rng = np.random.default_rng(SEED)
    arrays = synthetic_images(rng)
    for sub in ("images", "resize", "expected"):
        (OUT / sub).mkdir(parents=True, exist_ok=True)
        for old in (OUT / sub).iterdir():
            old.unlink()

    images = []
    for file_name, source, options in FILES:
        arr, mode = arrays[source]
        path = OUT / "images" / file_name
        Image.fromarray(arr, mode).save(path, **options)
        images.append(path)

    expected = []
    for path in images:
        lossless = path.suffix == ".png"
        for factor in FACTORS:
            faces = load_imgs([path], factor)
            if Image.open(path).mode == "RGB":
                check_against_sklearn([path], factor, faces)
            check_pure_python(path, factor, faces[0])
            name = f"{path.stem}_{path.suffix[1:]}_{factor}"
            write_gz(OUT / "expected" / f"{name}.f32.gz", faces[0].astype("<f4").tobytes())
            expected.append({
                "image": f"images/{path.name}", "resize": factor,
                "height": faces.shape[1], "width": faces.shape[2],
                "pixels": f"expected/{name}.f32.gz", "exact": lossless,
            })

    resize_cases = []
    h0, w0 = FACE_BOX[3] - FACE_BOX[1], FACE_BOX[2] - FACE_BOX[0]
    scaled = [(p.name, FACE_BOX, (int(f * w0), int(f * h0)))
              for p in images if p.suffix == ".png" for f in FACTORS]
    for file_name, box, (w, h) in scaled + RESIZE_EXTRA:
        img = Image.open(OUT / "images" / file_name).crop(box)
        out = img.resize((w, h))
        name = f"{Path(file_name).stem}_{box[0]}_{box[1]}_{box[2]}_{box[3]}_to_{w}x{h}"
        write_gz(OUT / "resize" / f"{name}.u8.gz", planes(out))
        resize_cases.append({
            "image": f"images/{file_name}", "box": list(box), "width": w, "height": h,
            "channels": len(out.getbands()), "levels": f"resize/{name}.u8.gz",
        })

    manifest = {
        "generator": "tools/golden/lfw_reference.py",
        "pillow": Image.__version__,
        "numpy": np.__version__,
        "expected": expected,
        "resize": resize_cases,
    }
    try:
        import sklearn
        manifest["scikit_learn"] = sklearn.__version__
    except ImportError:
        pass
    (OUT / "cases.json").write_text(json.dumps(manifest, indent=1) + "\n")
    total = sum(f.stat().st_size for f in OUT.rglob("*") if f.is_file())
    print(f"wrote {len(expected)} preprocessing and {len(resize_cases)} resize cases, "
          f"{total / 1024:.0f} KiB, to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
