#!/usr/bin/env python3
"""Golden fixtures for PCA, TruncatedSVD and the randomized SVD, from scikit-learn 1.2's own code.

  /usr/bin/python3 tools/golden/decomposition_reference.py            synthetic data only
  FACERECON_LFW=path/to/lfw /usr/bin/python3 tools/golden/decomposition_reference.py --lfw

Synthetic fixtures go to facerecon-core/src/test/resources/golden/decomposition/*.safetensors
(float32 tensors, string metadata). The data are images x pixels (scikit-learn's X, facerecon's
FaceSet pixels): "tall" has more images than pixels (randomized_svd works on X), "wide" fewer
(it works on X transposed). The values of k cover both n_iter='auto' branches (7 power iterations
when k < 0.1 min(shape), else 4) and k + n_oversamples above the smaller side.

--lfw writes lfw_summary.json from the study's 1,217 LFW faces (min_faces_per_person=75, resize
0.5, loaded in facerecon's order, as nmf_lfw_errors.py does): explained variance ratios and
singular values for k=30, and per component only its dot product with a seeded random vector
(which checks directions and signs); never pixels or components.
"""
import json
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import scipy
import sklearn
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.utils.extmath import randomized_svd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nmf_reference import write_safetensors  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "facerecon-core" / "src" / "test" / "resources" / "golden" / "decomposition"
LFW_K = 30
PROBE_SEED = 1  # the random vector the LFW components are dotted with


def synthetic(rng, n, p):
    """Full rank with a geometrically decaying spectrum (well separated singular values, so that
    every singular vector is well conditioned) plus an offset (faces are positive, so their mean
    matters), float32 images x pixels."""
    rank = min(n, p)
    left = rng.standard_normal((n, rank))
    right = rng.standard_normal((rank, p))
    x = (left * 0.93 ** np.arange(rank)) @ right + 0.5
    return x.astype(np.float32)


def randomized_cases():
    """(name, data, k, n_iter, normalizer, seed) for randomized_svd."""
    return [
        ("tall_k3", "tall", 3, "auto", "auto", 0),      # 3 < 4: 7 iterations, LU
        ("tall_k10", "tall", 10, "auto", "auto", 0),    # 4 iterations, LU
        ("tall_k35", "tall", 35, "auto", "auto", 42),   # k + 10 > 40 pixels
        ("wide_k2", "wide", 2, "auto", "auto", 0),      # transposed, 7 iterations
        ("wide_k12", "wide", 12, "auto", "auto", 7),    # transposed, 4 iterations
        ("wide_k28", "wide", 28, "auto", "auto", 0),    # transposed, k + 10 > 30 images
        ("tall_qr", "tall", 5, 4, "QR", 3),
        ("wide_none", "wide", 5, 2, "auto", 3),         # auto with 2 iterations: no normalisation
        ("tall_lu1", "tall", 5, 1, "LU", 0),
        ("tall_none0", "tall", 5, 0, "none", 0),
    ]


def write_randomized(data):
    tensors, meta = {}, {"sklearn": sklearn.__version__, "numpy": np.__version__}
    names = []
    for name, which, k, n_iter, normalizer, seed in randomized_cases():
        u, s, vt = randomized_svd(data[which], k, n_iter=n_iter,
                                  power_iteration_normalizer=normalizer, random_state=seed)
        tensors[name + "_u"], tensors[name + "_s"], tensors[name + "_vt"] = u, s[None, :], vt
        meta[name] = json.dumps({"data": which, "k": k, "n_iter": n_iter,
                                 "normalizer": normalizer, "seed": seed})
        names.append(name)
    meta["cases"] = ",".join(names)
    write_safetensors(OUT / "randomized_svd.safetensors", tensors, meta)


def pca_cases():
    """(name, data, PCA keyword arguments)."""
    return [
        ("tall_full_k5", "tall", dict(n_components=5, svd_solver="full")),
        ("tall_rand_k5", "tall", dict(n_components=5, svd_solver="randomized", random_state=0)),
        ("tall_rand_k30", "tall", dict(n_components=30, svd_solver="randomized", random_state=1)),
        ("wide_full_k4", "wide", dict(n_components=4, svd_solver="full", whiten=True)),
        ("wide_rand_k4", "wide", dict(n_components=4, svd_solver="randomized", random_state=0,
                                      whiten=True)),
        ("wide_rand_k2", "wide", dict(n_components=2, svd_solver="randomized", random_state=5)),
        ("tall_fraction", "tall", dict(n_components=0.9, svd_solver="full")),
        ("wide_fraction", "wide", dict(n_components=0.999, svd_solver="full")),
        ("tall_all", "tall", dict(n_components=None, svd_solver="full")),
        ("wide_rand_qr", "wide", dict(n_components=6, svd_solver="randomized", random_state=2,
                                      power_iteration_normalizer="QR", iterated_power=3)),
    ]


def write_pca(data):
    tensors, meta = {}, {"sklearn": sklearn.__version__}
    names = []
    for name, which, kwargs in pca_cases():
        x, x2 = data[which], data[which + "_new"]
        model = PCA(**kwargs)
        fitted = model.fit_transform(x.copy())
        codes = model.transform(x2)
        tensors.update({
            name + "_components": model.components_,
            name + "_explained_variance": model.explained_variance_[None, :],
            name + "_explained_variance_ratio": model.explained_variance_ratio_[None, :],
            name + "_singular_values": model.singular_values_[None, :],
            name + "_mean": model.mean_[None, :],
            name + "_fit_transform": np.asarray(fitted, dtype=np.float32),
            name + "_transform": codes,
            name + "_inverse_transform": model.inverse_transform(codes),
        })
        meta[name] = json.dumps(dict(kwargs, data=which, n_components_=int(model.n_components_),
                                     noise_variance=float(model.noise_variance_)))
        names.append(name)
    meta["cases"] = ",".join(names)
    write_safetensors(OUT / "pca.safetensors", tensors, meta)


def truncated_svd_cases():
    """(name, data, TruncatedSVD keyword arguments); arpack with tol 0 stands for our full solver."""
    return [
        ("tall_rand_k5", "tall", dict(n_components=5, random_state=0)),
        ("tall_rand_k20", "tall", dict(n_components=20, random_state=3, n_iter=7)),
        ("wide_rand_k3", "wide", dict(n_components=3, random_state=0)),
        ("wide_rand_k25", "wide", dict(n_components=25, random_state=4)),
        ("tall_full_k5", "tall", dict(n_components=5, algorithm="arpack")),
        ("wide_full_k6", "wide", dict(n_components=6, algorithm="arpack")),
    ]


def write_truncated_svd(data):
    tensors, meta = {}, {"sklearn": sklearn.__version__}
    names = []
    for name, which, kwargs in truncated_svd_cases():
        x, x2 = data[which], data[which + "_new"]
        model = TruncatedSVD(**kwargs)
        fitted = model.fit_transform(x)
        codes = model.transform(x2)
        tensors.update({
            name + "_components": model.components_,
            name + "_explained_variance": model.explained_variance_[None, :],
            name + "_explained_variance_ratio": model.explained_variance_ratio_[None, :],
            name + "_singular_values": model.singular_values_[None, :],
            name + "_fit_transform": np.asarray(fitted, dtype=np.float32),
            name + "_transform": codes,
            name + "_inverse_transform": model.inverse_transform(codes),
        })
        meta[name] = json.dumps(dict(kwargs, data=which))
        names.append(name)
    meta["cases"] = ",".join(names)
    write_safetensors(OUT / "truncated_svd.safetensors", tensors, meta)


def synthetic_fixtures():
    rng = np.random.RandomState(0)
    data = {"tall": synthetic(rng, 120, 40), "wide": synthetic(rng, 30, 90)}
    data["tall_new"] = synthetic(rng, 7, 40)
    data["wide_new"] = synthetic(rng, 5, 90)
    OUT.mkdir(parents=True, exist_ok=True)
    write_safetensors(OUT / "data.safetensors", data,
                      {"sklearn": sklearn.__version__, "layout": "images x pixels"})
    write_randomized(data)
    write_pca(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_truncated_svd(data)
    print(f"wrote {OUT.relative_to(REPO)}/*.safetensors")


def summary(model, probe):
    """What may be committed about a model fitted on faces: its spectrum and, per component, one
    dot product with a fixed random vector."""
    out = {"explained_variance_ratio": [round(float(v), 7) for v in model.explained_variance_ratio_],
           "singular_values": [round(float(v), 5) for v in model.singular_values_],
           "component_probe": [round(float(v), 6) for v in model.components_ @ probe]}
    if hasattr(model, "mean_"):
        out["mean_probe"] = round(float(model.mean_ @ probe), 6)
    return out


def lfw_fixture():
    from nmf_lfw_errors import MIN_FACES, RESIZE, list_faces
    import lfw_reference

    root = os.environ.get("FACERECON_LFW")
    if not root:
        raise SystemExit("set FACERECON_LFW to the LFW folder")
    faces = lfw_reference.load_imgs(list_faces(root), RESIZE)
    n, h, w = faces.shape
    x = np.ascontiguousarray(faces.reshape(n, h * w))
    probe = np.random.RandomState(PROBE_SEED).standard_normal(h * w).astype(np.float32)
    cases = {
        "pca_randomized": PCA(LFW_K, svd_solver="randomized", random_state=0).fit(x),
        "pca_full": PCA(LFW_K, svd_solver="full").fit(x),
        "truncated_svd_randomized": TruncatedSVD(LFW_K, random_state=0).fit(x),
    }
    result = {
        "generator": "tools/golden/decomposition_reference.py --lfw",
        "sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
        "data": {"min_faces": MIN_FACES, "resize": RESIZE, "images": n, "height": h, "width": w,
                 "pixel_sum": round(float(x.astype(np.float64).sum()), 3),
                 "layout": "images x pixels"},
        "k": LFW_K, "random_state": 0,
        "probe": f"RandomState({PROBE_SEED}).standard_normal(pixels) as float32",
        "cases": {name: summary(model, probe) for name, model in cases.items()},
    }
    path = OUT / "lfw_summary.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    if "--lfw" in sys.argv[1:]:
        lfw_fixture()
    else:
        synthetic_fixtures()
