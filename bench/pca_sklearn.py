#!/usr/bin/env python3
"""One scikit-learn PCA or TruncatedSVD fit for bench/pca: prints a JSON line with the time of the
fit and the sum of its explained variance ratios.

Reads images from an N x h x w float32 .npy (as `facerecon info --save-npy` writes it), so both
sides of the benchmark decompose exactly the same matrix. One untimed fit first (the BLAS threads
start, the code is loaded), as the Java side warms up its JIT; then the timed fit.

  pca_sklearn.py --npy FILE --case pca-randomized|pca-full|svd-randomized [--k 30]
"""
import argparse
import json
import time

import numpy as np
from sklearn.decomposition import PCA, TruncatedSVD
from threadpoolctl import threadpool_info


def estimator(case, k):
    if case == "pca-randomized":
        return PCA(k, svd_solver="randomized", random_state=0)
    if case == "pca-full":
        return PCA(k, svd_solver="full")
    if case == "svd-randomized":
        return TruncatedSVD(k, random_state=0)
    raise SystemExit(f"unknown case {case}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--npy", required=True)
    p.add_argument("--case", required=True)
    p.add_argument("--k", type=int, default=30)
    a = p.parse_args()
    images = np.load(a.npy)
    X = np.ascontiguousarray(images.reshape(images.shape[0], -1), dtype=np.float32)
    estimator(a.case, a.k).fit(X)
    model = estimator(a.case, a.k)
    start = time.perf_counter()
    model.fit(X)
    seconds = time.perf_counter() - start
    blas = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    print(json.dumps({"seconds": seconds,
                      "explained_variance_ratio_sum": float(model.explained_variance_ratio_.sum()),
                      "blas": blas[0].get("architecture") if blas else None,
                      "blas_threads": blas[0].get("num_threads") if blas else None}))


if __name__ == "__main__":
    main()
