#!/usr/bin/env python3
"""Golden fixtures for the NMF tests, from scikit-learn's own NMF code.

Writes facerecon-core/src/test/resources/golden/nmf/*.safetensors (float32 tensors, string metadata) from
synthetic data only: low rank plus noise, with all-zero rows and columns. Everything is stored
in facerecon's layout: V is pixels x images (scikit-learn's X transposed), W is pixels x k
(scikit-learn's H transposed), H is k x images (scikit-learn's W transposed).

Run from the repository root:  python3 tools/golden/nmf_reference.py
"""
import json
import os
import struct
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import NMF, non_negative_factorization
from sklearn.decomposition import _nmf

OUT = os.path.join("facerecon-core", "src", "test", "resources", "golden", "nmf")
N_SAMPLES, N_FEATURES, K = 40, 30, 4


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    blobs, offset = [], 0
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def ours(W_sk, H_sk):
    """scikit-learn's (W, H) of X = V^T as facerecon's (W, H) of V."""
    return {"W": H_sk.T.copy(), "H": W_sk.T.copy()}


def synthetic(rng, positive=False):
    W = rng.random((N_SAMPLES, K)) * 2
    H = rng.random((K, N_FEATURES))
    X = W @ H + 0.05 * rng.random((N_SAMPLES, N_FEATURES))
    if positive:
        X += 0.1
    else:
        X[[3, 17], :] = 0      # all-zero images
        X[:, [5, 21]] = 0      # all-zero pixels
    return X.astype(np.float32)


def start(rng, X):
    avg = np.sqrt(X.mean() / K)
    W0 = (avg * np.abs(rng.standard_normal((N_SAMPLES, K)))).astype(np.float32)
    H0 = (avg * np.abs(rng.standard_normal((K, N_FEATURES)))).astype(np.float32)
    return W0, H0


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(0)
    X = synthetic(rng)
    Xpos = synthetic(rng, positive=True)
    W0, H0 = start(rng, X)
    X2 = synthetic(rng)[:25]  # new images for transform
    meta = {"sklearn": sklearn.__version__, "k": K}
    base = {"V": X.T.copy(), "Vpos": Xpos.T.copy(), "V2": X2.T.copy(), "W0": H0.T.copy(), "H0": W0.T.copy()}
    write_safetensors(os.path.join(OUT, "data.safetensors"), base, meta)

    # Multiplicative updates from the same start, beta 2, 1, 0.5 (and 0 on positive data).
    for beta, data, tag in ((2.0, X, "2"), (1.0, X, "1"), (0.5, X, "0.5"), (0.0, Xpos, "0")):
        out, errors = {}, dict(meta, beta=beta)
        for it in (1, 10, 100):
            W, H, n = _nmf._fit_multiplicative_update(data, W0.copy(), H0.copy(), beta, max_iter=it, tol=0)
            assert n == it
            for name, value in ours(W, H).items():
                out[f"{name}_{it}"] = value
            err = _nmf._beta_divergence(data, W, H, beta, square_root=True)
            errors[f"error_{it}"] = repr(float(err))
        write_safetensors(os.path.join(OUT, f"mu_beta{tag}.safetensors"), out, errors)

    # Coordinate descent without shuffling.
    out = {}
    for it in (1, 10, 100):
        W, H, n = _nmf._fit_coordinate_descent(X, W0.copy(), H0.copy(), tol=0, max_iter=it)
        for name, value in ours(W, H).items():
            out[f"{name}_{it}"] = value
    write_safetensors(os.path.join(OUT, "cd.safetensors"), out, meta)

    # Regularised fits through the estimator (checks the penalties' scaling and naming).
    reg = {}
    for solver in ("mu", "cd"):
        model = NMF(K, solver=solver, init="custom", max_iter=10, tol=0,
                    alpha_W=0.01, alpha_H=0.02, l1_ratio=0.3)
        W = model.fit_transform(X, W=W0.copy(), H=H0.copy())
        for name, value in ours(W, model.components_).items():
            reg[f"{solver}_{name}"] = value
    write_safetensors(os.path.join(OUT, "regularized.safetensors"),
                      reg, dict(meta, alpha_W=0.01, alpha_H=0.02, l1_ratio=0.3))

    # NNDSVD variants.
    out = {}
    for init in ("nndsvd", "nndsvda", "nndsvdar"):
        W, H = _nmf._initialize_nmf(X, K, init=init, random_state=0)
        for name, value in ours(W, H).items():
            out[f"{init}_{name}"] = value
    write_safetensors(os.path.join(OUT, "nndsvd.safetensors"), out, meta)

    # Stopping iteration counts and transform.
    stop = dict(meta)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for solver, tol in (("mu", 1e-3), ("cd", 1e-3)):
            model = NMF(K, solver=solver, init="custom", max_iter=2000, tol=tol)
            model.fit_transform(X, W=W0.copy(), H=H0.copy())
            stop[f"{solver}_tol"] = tol
            stop[f"{solver}_n_iter"] = model.n_iter_
        tensors = {}
        for solver in ("mu", "cd"):
            model = NMF(K, solver=solver, init="custom", max_iter=200, tol=1e-4)
            model.fit_transform(X, W=W0.copy(), H=H0.copy())
            codes, _, n_iter = non_negative_factorization(
                X2, H=model.components_, n_components=K, init="custom", update_H=False,
                solver=solver, max_iter=200, tol=1e-4)
            tensors[f"{solver}_components"] = model.components_.copy()
            tensors[f"{solver}_codes"] = codes.T.copy()
            assert np.allclose(codes, model.transform(X2))
            stop[f"{solver}_transform_n_iter"] = n_iter
    write_safetensors(os.path.join(OUT, "transform.safetensors"), tensors, stop)
    print(json.dumps(stop, indent=1))


if __name__ == "__main__":
    main()
