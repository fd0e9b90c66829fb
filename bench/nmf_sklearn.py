#!/usr/bin/env python3
"""One scikit-learn NMF fit for bench/nmf and bench/scale: prints a JSON line with time, error and
iterations (with --iteration-times also the seconds from the start of the fit to the end of each
iteration).

With --minibatch it fits MiniBatchNMF instead, its settings named as facerecon's flags
(--batch-size, --forget-factor, --fresh-restarts, --max-no-improvement N|none), and adds n_steps.

Reads images from an N x h x w float32 .npy (as `facerecon info --save-npy` writes it), so both
sides of the benchmark factorise exactly the same matrix.
"""
import argparse
import itertools
import json
import time
import warnings

import numpy as np
from sklearn.decomposition import NMF, MiniBatchNMF
from sklearn.decomposition import _nmf
from threadpoolctl import threadpool_info


def record_iteration_ends(solver, ends):
    """Appends perf_counter() to `ends` after each iteration: wraps the update scikit-learn's solver
    calls last in an iteration (mu: the H update; cd: the second of its two sweeps)."""
    name, calls_per_iteration = ("_multiplicative_update_h", 1) if solver == "mu" else ("_update_coordinate_descent", 2)
    update = getattr(_nmf, name)
    calls = itertools.count(1)

    def timed(*args, **kwargs):
        result = update(*args, **kwargs)
        if next(calls) % calls_per_iteration == 0:
            ends.append(time.perf_counter())
        return result

    setattr(_nmf, name, timed)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--npy", required=True)
    p.add_argument("--k", type=int, default=30)
    p.add_argument("--solver", default="mu")
    p.add_argument("--init", default=None)
    p.add_argument("--max-iter", type=int, default=1000)
    p.add_argument("--tol", type=float, default=0.0)
    p.add_argument("--minibatch", action="store_true")
    p.add_argument("--batch-size", type=int, default=1024)
    p.add_argument("--forget-factor", type=float, default=0.7)
    p.add_argument("--fresh-restarts", action="store_true")
    p.add_argument("--max-no-improvement", default="10")
    p.add_argument("--iteration-times", action="store_true")
    a = p.parse_args()
    ends = []
    if a.iteration_times:
        record_iteration_ends(a.solver, ends)
    images = np.load(a.npy)
    X = np.ascontiguousarray(images.reshape(images.shape[0], -1), dtype=np.float32)
    if a.minibatch:
        no_improvement = None if a.max_no_improvement == "none" else int(a.max_no_improvement)
        model = MiniBatchNMF(a.k, init=a.init, batch_size=a.batch_size, max_iter=a.max_iter, tol=a.tol,
                             max_no_improvement=no_improvement, forget_factor=a.forget_factor,
                             fresh_restarts=a.fresh_restarts, random_state=0)
    else:
        model = NMF(a.k, solver=a.solver, init=a.init, max_iter=a.max_iter, tol=a.tol, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        W = model.fit_transform(X)
        seconds = time.perf_counter() - start
    rel = float(np.linalg.norm(X - W @ model.components_) / np.linalg.norm(X))
    blas = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    out = {"seconds": seconds, "relative_error": rel, "iterations": int(model.n_iter_),
           "n_steps": int(getattr(model, "n_steps_", model.n_iter_)),
           "blas": blas[0].get("architecture") if blas else None,
           "blas_threads": blas[0].get("num_threads") if blas else None}
    if a.iteration_times:
        out["iteration_seconds"] = [t - start for t in ends]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
