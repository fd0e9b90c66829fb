#!/usr/bin/env python3
"""One scikit-learn KMeans fit for bench/kmeans: prints a JSON line with wall and CPU time, inertia
and iterations.

Reads images from an N x h x w float32 .npy (as bench/kmeans exports them), so both sides cluster
exactly the same matrix. KMeans(algorithm='lloyd', random_state=0); OpenMP and BLAS limited to
--threads threads.
"""
import argparse
import json
import time

import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--npy", required=True)
    p.add_argument("--k", type=int, default=30)
    p.add_argument("--n-init", type=int, default=1)
    p.add_argument("--max-iter", type=int, default=100)
    p.add_argument("--tol", type=float, default=0.0)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    images = np.load(a.npy)
    X = np.ascontiguousarray(images.reshape(images.shape[0], -1), dtype=np.float32)
    model = KMeans(a.k, n_init=a.n_init, max_iter=a.max_iter, tol=a.tol, random_state=0, algorithm="lloyd")
    with threadpool_limits(limits=a.threads):
        start, cpu = time.perf_counter(), time.process_time()
        model.fit(X)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "inertia": float(model.inertia_), "n_iter": int(model.n_iter_),
                      "images": int(X.shape[0])}))


if __name__ == "__main__":
    main()
