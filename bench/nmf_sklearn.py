#!/usr/bin/env python3
"""One scikit-learn NMF fit for bench/nmf: prints a JSON line with time, error and iterations.

Reads images from an N x h x w float32 .npy (as `facerecon info --save-npy` writes it), so both
sides of the benchmark factorise exactly the same matrix.
"""
import argparse
import json
import time
import warnings

import numpy as np
from sklearn.decomposition import NMF
from threadpoolctl import threadpool_info


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--npy", required=True)
    p.add_argument("--k", type=int, default=30)
    p.add_argument("--solver", default="mu")
    p.add_argument("--init", default=None)
    p.add_argument("--max-iter", type=int, default=1000)
    p.add_argument("--tol", type=float, default=0.0)
    a = p.parse_args()
    images = np.load(a.npy)
    X = np.ascontiguousarray(images.reshape(images.shape[0], -1), dtype=np.float32)
    model = NMF(a.k, solver=a.solver, init=a.init, max_iter=a.max_iter, tol=a.tol, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        W = model.fit_transform(X)
        seconds = time.perf_counter() - start
    rel = float(np.linalg.norm(X - W @ model.components_) / np.linalg.norm(X))
    blas = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    print(json.dumps({"seconds": seconds, "relative_error": rel, "iterations": int(model.n_iter_),
                      "blas": blas[0].get("architecture") if blas else None,
                      "blas_threads": blas[0].get("num_threads") if blas else None}))


if __name__ == "__main__":
    main()
