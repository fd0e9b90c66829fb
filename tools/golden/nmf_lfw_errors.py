"""Golden values for NmfLfwTest: scikit-learn's final NMF errors on the study's 1,217 LFW faces.

  FACERECON_LFW=path/to/lfw /usr/bin/python3 tools/golden/nmf_lfw_errors.py [LFW_FOLDER]

The faces are loaded exactly as facerecon's loader does (and as scikit-learn 1.2.1's
``fetch_lfw_people`` preprocesses them): person folders in sorted order, each person's image files
in sorted order, persons with at least 75 images; Pillow crop((78, 70, 172, 195)), resize by 0.5
with Pillow's default filter (62 x 47), float32 / 255, the mean of the colour channels only for
RGB images (LFW's gray copies are single-channel, which scikit-learn's own ``_load_imgs`` rejects).
Unlike scikit-learn, no shuffle: facerecon keeps the load order, and so does this script.

X is images x pixels (float32, as the loader gives it). For each case it fits scikit-learn's NMF
and writes ||X - WH|| / ||X|| (in float64) and n_iter_ to
facerecon-core/src/test/resources/golden/nmf/lfw_errors.json: no pixels, only scalars. The six
fits take about a minute on two cores.
"""
import json
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.decomposition import NMF

import lfw_reference

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "facerecon-core" / "src" / "test" / "resources" / "golden" / "nmf" / "lfw_errors.json"
MIN_FACES = 75
RESIZE = 0.5
# The extensions facerecon's loader counts as images (ImageFiles); LFW holds only .jpg files.
EXTENSIONS = (".jpg", ".jpeg", ".png", ".pgm", ".ppm", ".pnm", ".bmp", ".gif", ".tif", ".tiff")

# (solver, k, settings): NMF's keyword arguments besides n_components. init None is
# scikit-learn's default (nndsvda for these shapes).
CASES = [("mu", k, {"init": "random", "random_state": 0, "max_iter": 1000, "tol": 0.0})
         for k in (10, 20, 30)]
CASES += [("cd", k, {"init": None, "random_state": 0, "max_iter": 1000, "tol": 1e-4})
          for k in (10, 20, 30)]


def is_image(name):
    return not name.startswith(".") and name.lower().endswith(EXTENSIONS)


def list_faces(root):
    """Image paths of the persons with at least MIN_FACES images, in load order."""
    paths = []
    for person in sorted(os.listdir(root)):
        folder = os.path.join(root, person)
        if person.startswith(".") or not os.path.isdir(folder):
            continue
        files = sorted(f for f in os.listdir(folder) if is_image(f))
        if len(files) >= MIN_FACES:
            paths.extend(os.path.join(folder, f) for f in files)
    return paths


def main():
    if len(sys.argv) > 1:
        root = sys.argv[1]
    elif os.environ.get("FACERECON_LFW"):
        root = os.environ["FACERECON_LFW"]
    else:
        raise SystemExit("give the LFW folder as an argument or in FACERECON_LFW")
    faces = lfw_reference.load_imgs(list_faces(root), RESIZE)
    n, h, w = faces.shape
    X = np.ascontiguousarray(faces.reshape(n, h * w))
    X64 = X.astype(np.float64)
    norm = np.linalg.norm(X64)
    print(f"{n} images of {h} x {w}", flush=True)

    cases = []
    for solver, k, settings in CASES:
        model = NMF(n_components=k, solver=solver, beta_loss="frobenius", **settings)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning for mu with tol 0
            W = model.fit_transform(X)
        seconds = time.perf_counter() - start
        H = model.components_
        error = float(np.linalg.norm(X64 - W.astype(np.float64) @ H.astype(np.float64)) / norm)
        case = {"solver": solver, "k": k,
                "settings": dict(settings, beta_loss="frobenius"),
                "relative_error": round(error, 6), "n_iter": int(model.n_iter_),
                "sklearn": sklearn.__version__}
        cases.append(case)
        print(f"{solver} k={k}: relative error {error:.6f}, {model.n_iter_} iterations, "
              f"{seconds:.0f} s", flush=True)

    result = {
        "generator": "tools/golden/nmf_lfw_errors.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "data": {"min_faces": MIN_FACES, "resize": RESIZE, "images": n, "height": h, "width": w,
                 "pixel_sum": round(float(X64.sum()), 3), "layout": "images x pixels"},
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
