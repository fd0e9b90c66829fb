#!/usr/bin/env python3
"""Golden fixtures for the k-means tests, from scikit-learn 1.2.1's own KMeans and NumPy 1.24.

Synthetic part (always), written to facerecon-core/src/test/resources/golden/decomposition/:

  kmeans_cases.safetensors      data/<set> (images x pixels, float32); per case <name>/init (when
                                the case gives the initial centres), <name>/centers, <name>/labels
                                (float32 holding integers) from KMeans(...).fit(data/<set>); the
                                metadata entry "cases" is a JSON list of each case's data set,
                                settings and scalar results (inertia_, n_iter_, the scaled
                                tolerance, the OpenMP threads scikit-learn ran on)
  kmeans_plusplus.safetensors   sklearn.cluster.kmeans_plusplus: <name>/X and <name>/indices, the
                                chosen rows; "cases" lists data, k and seed
  kmeans_numpy.safetensors      NumPy's float32 arithmetic that KMeans relies on: sums (np.sum,
                                pairwise in blocks of 8192) of prefixes of the vector `spread`
                                makes, squared norms (np.einsum) of rows it makes, and the order
                                np.argpartition leaves the largest values of a vector in

LFW part (with --lfw, or when FACERECON_LFW is set), written to kmeans_lfw.json: KMeans(30,
n_init=1, random_state=0) and KMeans(30, n_init=3, random_state=1) on the 1,217 faces
(min_faces_per_person=75, resize 0.5, loaded as facerecon's loader does, see nmf_lfw_errors.py):
inertia_, n_iter_, the cluster sizes, a SHA-256 of labels_, and the rows k-means++ chooses for
the first run. Only these small summaries: no pixels.

KMeans sums the centres and the inertia per OpenMP thread (float32), so results depend on the
thread count: every case records the count it ran with, and the Java tests run with the same.

Run from the repository root:  /usr/bin/python3 tools/golden/kmeans_reference.py [--lfw]
"""
import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.cluster._kmeans import _tolerance
from threadpoolctl import threadpool_limits

from nmf_reference import write_safetensors

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "facerecon-core" / "src" / "test" / "resources" / "golden" / "decomposition"


def blobs(rng, n, p, centres, spread):
    """n float32 points around `centres` random centres in [0, 1]^p, plus a few uniform ones."""
    means = rng.rand(centres, p)
    which = rng.randint(centres, size=n)
    X = means[which] + spread * rng.randn(n, p)
    X[: n // 20] = rng.rand(n // 20, p) * 1.5 - 0.25
    return X.astype(np.float32)


def synthetic_cases(rng):
    """The data sets by name, and the cases: (name, data set, settings, init array or None,
    OpenMP threads)."""
    small = blobs(rng, 200, 10, 4, 0.15)
    medium = blobs(rng, 300, 16, 10, 0.2)
    # Five chunks of 256 rows (the last one short): two threads take three and two of them.
    large = blobs(rng, 1100, 16, 12, 0.25)
    far = np.full((3, 16), 50, dtype=np.float32)
    empty_init = np.vstack([medium[[0, 1, 2]], far])  # three centres no point comes near
    data = {"small": small, "medium": medium, "large": large}
    return data, [
        ("pp_k3_seed0", "small", dict(n_clusters=3, n_init=1, tol=1e-4, random_state=0), None, 1),
        ("pp_k8_ninit3_tol0_seed1", "medium", dict(n_clusters=8, n_init=3, tol=0.0, random_state=1), None, 1),
        ("pp_k40_seed2", "medium", dict(n_clusters=40, n_init=1, tol=1e-4, random_state=2), None, 1),
        ("pp_k12_maxiter3_seed5", "medium", dict(n_clusters=12, n_init=1, max_iter=3, tol=1e-4, random_state=5), None, 1),
        ("random_k6_ninit3_seed3", "small", dict(n_clusters=6, init="random", n_init=3, tol=1e-4, random_state=3), None, 1),
        ("init_empty_relocation", "medium", dict(n_clusters=6, n_init=1, tol=1e-4), empty_init, 1),
        ("pp_k10_ninit2_threads2_seed4", "large", dict(n_clusters=10, n_init=2, tol=1e-4, random_state=4), None, 2),
        ("pp_k25_tol0_threads2_seed6", "large", dict(n_clusters=25, n_init=1, tol=0.0, random_state=6), None, 2),
    ]


def kmeans_cases(rng):
    data, specs = synthetic_cases(rng)
    tensors = {f"data/{key}": X for key, X in data.items()}
    cases = []
    for name, key, settings, init, threads in specs:
        X = data[key]
        args = dict(settings)
        if init is not None:
            args["init"] = init
            tensors[f"{name}/init"] = init
        with threadpool_limits(limits=threads, user_api="openmp"):
            model = KMeans(algorithm="lloyd", **args).fit(X)
        tensors[f"{name}/centers"] = model.cluster_centers_
        tensors[f"{name}/labels"] = model.labels_.astype(np.float32)
        recorded = {k: v for k, v in settings.items()}
        recorded.setdefault("init", "k-means++" if init is None else "array")
        recorded.setdefault("max_iter", 300)
        recorded.setdefault("random_state", 0)
        cases.append({"name": name, "data": key, "settings": recorded, "threads": threads,
                      "inertia": repr(float(model.inertia_)), "n_iter": int(model.n_iter_),
                      "tolerance": repr(float(_tolerance(X, settings["tol"])))})
        print(f"{name}: inertia {model.inertia_:.6g}, {model.n_iter_} iterations", flush=True)
    write_safetensors(OUT / "kmeans_cases.safetensors", tensors,
                      {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": json.dumps(cases)})


def plusplus_cases(rng):
    tensors, cases = {}, []
    for name, n, p, k, seed in [("pp_small", 200, 10, 5, 0), ("pp_small_seed3", 200, 10, 5, 3),
                                ("pp_k1", 50, 4, 1, 9), ("pp_many", 600, 12, 60, 7)]:
        X = blobs(rng, n, p, 6, 0.2)
        _, indices = kmeans_plusplus(X, k, random_state=seed)
        tensors[f"{name}/X"] = X
        tensors[f"{name}/indices"] = indices.astype(np.float32)
        cases.append({"name": name, "k": k, "seed": seed})
    write_safetensors(OUT / "kmeans_plusplus.safetensors", tensors, {"cases": json.dumps(cases)})


def spread(count, scale, offset):
    """count float32 values ((i * 0.6180339887) mod 1 - offset) * scale, computed in float64
    and rounded: a vector the Java test rebuilds bit for bit instead of reading it."""
    return (((np.arange(count, dtype=np.float64) * 0.6180339887) % 1.0 - offset) * scale).astype(np.float32)


def numpy_cases(rng):
    tensors = {}
    sums = []
    v = spread(20000, 100.0, 0.0)
    for n in (1, 5, 8, 9, 16, 100, 128, 129, 1000, 8192, 8193, 13233, 16385, 20000):
        sums.append({"n": n, "sum": repr(float(v[:n].sum()))})
    norms = []
    for rows, cols in ((3, 2914), (12, 37), (4, 5)):
        m = spread(rows * cols, 6.0, 0.5).reshape(rows, cols)
        norms.append({"rows": rows, "cols": cols,
                      "norms": [repr(float(x)) for x in np.einsum("ij,ij->i", m, m)]})
    partitions = []
    for i, (n, top, levels) in enumerate([(10, 2, 4), (50, 3, 5), (257, 4, 1000), (1000, 7, 30),
                                          (3000, 5, 100000), (64, 1, 3), (6, 3, 2), (33, 30, 4), (5, 3, 3), (4, 4, 2)]):
        v = rng.randint(levels, size=n).astype(np.float32)  # few levels: many ties
        tensors[f"argpartition/{i}"] = v
        order = np.argpartition(v, -top)[: -top - 1: -1]
        tensors[f"argpartition/{i}/top"] = order.astype(np.float32)
        partitions.append({"index": i, "top": top})
    write_safetensors(OUT / "kmeans_numpy.safetensors", tensors,
                      {"numpy": np.__version__, "sums": json.dumps(sums), "norms": json.dumps(norms),
                       "partitions": json.dumps(partitions)})


def lfw_summary(root):
    import lfw_reference
    from nmf_lfw_errors import MIN_FACES, RESIZE, list_faces

    faces = lfw_reference.load_imgs(list_faces(root), RESIZE)
    n, h, w = faces.shape
    X = np.ascontiguousarray(faces.reshape(n, h * w))
    threads = 2
    cases = []
    for settings in (dict(n_clusters=30, n_init=1, random_state=0),
                     dict(n_clusters=30, n_init=3, random_state=1)):
        with threadpool_limits(limits=threads, user_api="openmp"):
            model = KMeans(algorithm="lloyd", **settings).fit(X)
        labels = model.labels_.astype("<i4")
        # The first run's start: fit draws it from the same seed, on the centred faces.
        _, chosen = kmeans_plusplus(X - X.mean(axis=0), 30, random_state=settings["random_state"])
        recorded = dict(settings)
        recorded.setdefault("max_iter", 300)
        recorded.setdefault("tol", 1e-4)
        cases.append({"settings": recorded, "threads": threads,
                      "inertia": repr(float(model.inertia_)), "n_iter": int(model.n_iter_),
                      "cluster_sizes": np.bincount(labels, minlength=30).tolist(),
                      "labels_sha256": hashlib.sha256(labels.tobytes()).hexdigest(),
                      "plusplus_rows": chosen.tolist()})
        print(f"LFW {settings}: inertia {model.inertia_:.6f}, {model.n_iter_} iterations", flush=True)
    result = {"generator": "tools/golden/kmeans_reference.py", "sklearn": sklearn.__version__,
              "numpy": np.__version__,
              "data": {"min_faces": MIN_FACES, "resize": RESIZE, "images": n, "height": h, "width": w,
                       "pixel_sum": round(float(X.astype(np.float64).sum()), 3),
                       "layout": "images x pixels"},
              "labels_hash": "SHA-256 of labels_ as little-endian int32",
              "cases": cases}
    (OUT / "kmeans_lfw.json").write_text(json.dumps(result, indent=1) + "\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(20240607)
    kmeans_cases(rng)
    plusplus_cases(rng)
    numpy_cases(rng)
    root = os.environ.get("FACERECON_LFW")
    if "--lfw" in sys.argv or root:
        if not root:
            raise SystemExit("--lfw needs FACERECON_LFW to name the LFW folder")
        lfw_summary(root)


if __name__ == "__main__":
    main()
