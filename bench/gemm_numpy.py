"""numpy's float32 GEMM on the NMF shapes of the 1,217-image set; prints one JSON line per case.

Usage: gemm_numpy.py [CASE ...]  (run with the same OpenBLAS environment as our side; default: all
cases, e.g. `gemm_numpy.py square` times only the square product)
"""
import json
import statistics
import sys
import time

import numpy as np

try:
    from threadpoolctl import threadpool_limits
    threadpool_limits(2)
except ImportError:
    pass


def per_call(fn, target_s=1.0, repeats=5):
    fn()
    t0 = time.perf_counter()
    fn()
    n = max(1, int(target_s / max(time.perf_counter() - t0, 1e-6)))
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        runs.append((time.perf_counter() - t0) / n)
    return statistics.median(runs)


def main(names):
    rng = np.random.RandomState(0)
    pixels, images, k = 2914, 1217, 30
    V = rng.rand(pixels, images).astype(np.float32)
    W = rng.rand(pixels, k).astype(np.float32)
    H = rng.rand(k, images).astype(np.float32)
    Vt = np.ascontiguousarray(V.T)
    S = rng.rand(2000, 2000).astype(np.float32)
    cases = {"wtV": (W.T, V), "vtW": (Vt, W), "vHt": (V, H.T), "vtTHt": (Vt.T, H.T), "wH": (W, H), "square": (S, S)}
    for name, (a, b) in cases.items():
        if names and name not in names:
            continue
        seconds = per_call(lambda: a @ b)
        flops = 2.0 * a.shape[0] * a.shape[1] * b.shape[1]
        print(json.dumps({"case": name, "ms": seconds * 1e3, "gflops": flops / seconds / 1e9}))


if __name__ == "__main__":
    main(sys.argv[1:])
