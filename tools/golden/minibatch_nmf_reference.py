#!/usr/bin/env python3
"""Golden fixtures for the MiniBatchNMF tests, from scikit-learn's own MiniBatchNMF code.

Writes facerecon-core/src/test/resources/golden/nmf/minibatch_*.safetensors (float32 tensors, string
metadata) from synthetic data only, in facerecon's layout: V is pixels x images (scikit-learn's X
transposed), W is pixels x k (scikit-learn's components_ H transposed), H is k x images (scikit-learn's
W transposed).

Each fit case runs scikit-learn's own fit_transform from the same custom start; a subclass records,
without changing them, the factors after the first steps (_minibatch_step) and every step's batch
cost and exponentially weighted cost (_minibatch_convergence). Stored per case: the factors after
steps 1, 2 and 3 and at the end, n_iter_, n_steps_, the rule that stopped the fit, the costs, and
reconstruction_err_. The script also prints, per case, how far the stopping decisions were from a
tie, so that a fixture never hangs on float32 rounding.

With an LFW folder (as an argument or in FACERECON_LFW) it also fits the study's 1,217 faces
(min_faces_per_person 75, resize 0.5, loaded as tools/golden/nmf_lfw_errors.py loads them) from the
seeded start `lfw_start` below and writes only small summaries (final relative error, n_iter_,
n_steps_, the stopping rule, the last costs) to golden/nmf/minibatch_lfw.json: no pixels, no factors.

Run from the repository root:  /usr/bin/python3 tools/golden/minibatch_nmf_reference.py [LFW_FOLDER]
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import MiniBatchNMF
from scipy import linalg

from nmf_reference import write_safetensors

OUT = os.path.join("facerecon-core", "src", "test", "resources", "golden", "nmf")
N_SAMPLES, N_FEATURES, K = 50, 30, 4
SNAPSHOTS = (1, 2, 3)


def ours(W_sk, H_sk):
    """scikit-learn's (W, H) of X = V^T as facerecon's (W, H) of V."""
    return H_sk.T.copy(), W_sk.T.copy()


class Recorder(MiniBatchNMF):
    """scikit-learn's MiniBatchNMF, recording what its loop computes (the numbers are untouched)."""

    def _fit_transform(self, X, W=None, H=None, update_H=True):
        self.rec_costs, self.rec_ewa, self.rec_snapshots = [], [], {}
        self.rec_stop, self.rec_margin = "max_iter", np.inf
        self.rec_W = W
        return super()._fit_transform(X, W=W, H=H, update_H=update_H)

    def _minibatch_step(self, X, W, H, update_H):
        cost = super()._minibatch_step(X, W, H, update_H)
        step = len(self.rec_costs) + 1
        self.rec_costs.append(float(cost))
        if step in SNAPSHOTS:
            # Without fresh restarts W is a view of the batch's rows, updated in place; with them
            # the batch's solved codes stay inside the step.
            self.rec_snapshots[step] = (H.copy(), None if self.fresh_restarts else W.copy())
        return cost

    def _minibatch_convergence(self, X, batch_cost, H, H_buffer, n_samples, step, n_steps):
        before_min = self._ewa_cost_min
        stop = super()._minibatch_convergence(X, batch_cost, H, H_buffer, n_samples, step, n_steps)
        self.rec_ewa.append(None if self._ewa_cost is None else float(self._ewa_cost))
        if step == 0:
            return stop
        h_diff = linalg.norm(H - H_buffer) / linalg.norm(H)
        if self.tol > 0:  # only the rules in play can flip
            self.rec_margin = min(self.rec_margin, abs(h_diff - self.tol) / self.tol)
        if before_min is not None and self.max_no_improvement is not None:
            self.rec_margin = min(self.rec_margin, abs(self._ewa_cost - before_min) / before_min)
        if stop:
            self.rec_stop = "tol" if self.tol > 0 and h_diff <= self.tol else "no_improvement"
        return stop


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


# name: (data, MiniBatchNMF's keyword arguments besides n_components and init='custom'). "Vramp" scales
# the images from 0.8 to 1.2 times, so that batch costs differ along a pass and the smoothed cost
# stops improving (max_no_improvement) within a few passes.
CASES = {
    # Batches that divide n; the smoothed cost stops the fit.
    "frobenius_b10_mni": ("Vramp", dict(batch_size=10, tol=0.0, max_no_improvement=10)),
    # Batches that do not divide n (50 = 3 x 15 + 5); the change of H stops the fit.
    "frobenius_b15_tol": ("V", dict(batch_size=15, tol=3e-3, max_no_improvement=None)),
    # Fresh restarts with regularisation of both factors, L1 and L2 (50 = 8 x 6 + 2).
    "frobenius_b6_fresh_reg": ("Vramp", dict(batch_size=6, tol=1e-4, max_no_improvement=6,
                                             fresh_restarts=True, alpha_W=0.01, alpha_H=0.02,
                                             l1_ratio=0.3, forget_factor=0.5)),
    # Kullback-Leibler (50 = 7 x 7 + 1), the smoothed cost stops it.
    "kl_b7_mni": ("Vramp", dict(batch_size=7, beta_loss="kullback-leibler", tol=0.0,
                                max_no_improvement=5)),
    # Kullback-Leibler with fresh restarts, the change of H stops it.
    "kl_b15_fresh_tol": ("V", dict(batch_size=15, beta_loss="kullback-leibler", tol=2e-3,
                                   max_no_improvement=None, fresh_restarts=True,
                                   fresh_restarts_max_iter=10)),
    # gamma != 1: H^(1/gamma) before the accumulators, (A/B)^gamma after; an L1 penalty.
    "beta0.5_b7_mni": ("Vramp", dict(batch_size=7, beta_loss=0.5, tol=0.0, max_no_improvement=5,
                                     alpha_W=0.005, l1_ratio=1.0)),
    "beta3_b15_max_iter": ("Vpos", dict(batch_size=15, beta_loss=3.0, tol=1e-4,
                                        max_no_improvement=None, max_iter=20)),
    # A batch larger than n (one batch per pass, rho = forget_factor) and the iteration limit.
    "frobenius_b64_max_iter": ("V", dict(batch_size=64, tol=0.0, max_no_improvement=None, max_iter=7)),
}


def fit_case(name, settings, X, W0, H0):
    model = Recorder(K, init="custom", random_state=0, **settings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        W = model.fit_transform(X, W=W0.copy(), H=H0.copy())
    tensors = {}
    Wo, Ho = ours(W, model.components_)
    tensors["W_end"], tensors["H_end"] = Wo, Ho
    for step, (Hs, Wb) in model.rec_snapshots.items():
        tensors[f"W_{step}"] = Hs.T.copy()
        if Wb is not None:
            tensors[f"Hbatch_{step}"] = Wb.T.copy()
    meta = {
        "sklearn": sklearn.__version__,
        "k": K,
        "settings": json.dumps(settings),
        "n_iter": model.n_iter_,
        "n_steps": model.n_steps_,
        "stop": model.rec_stop,
        "reconstruction_err": repr(float(model.reconstruction_err_)),
        "batch_costs": json.dumps(model.rec_costs[:10]),
        "ewa_costs": json.dumps(model.rec_ewa[:10]),
        "last_batch_cost": repr(model.rec_costs[-1]),
        "last_ewa_cost": repr(model.rec_ewa[-1]),
    }
    print(f"{name}: n_iter {model.n_iter_}, n_steps {model.n_steps_}, stop {model.rec_stop}, "
          f"error {model.reconstruction_err_:.6f}, closest decision {model.rec_margin:.2e}")
    return tensors, meta


def lowbias32(x):
    """A 32-bit integer hash (Wellons' lowbias32): the same bits in Java with int arithmetic."""
    x &= 0xFFFFFFFF
    x ^= x >> 16
    x = (x * 0x7FEB352D) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 0x846CA68B) & 0xFFFFFFFF
    x ^= x >> 16
    return x


def seeded(shape, seed):
    """Entry m (row-major) is 0.5 + lowbias32(seed * 0x9E3779B9 + m) / 2^32, in [0.5, 1.5)."""
    n = int(np.prod(shape))
    base = (seed * 0x9E3779B9) & 0xFFFFFFFF
    x = (np.arange(n, dtype=np.uint64) + np.uint64(base)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x7FEB352D)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(15)
    x = (x * np.uint64(0x846CA68B)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    assert int(x[min(7, n - 1)]) == lowbias32(base + min(7, n - 1))
    return (0.5 + x.astype(np.float64) / 2.0**32).reshape(shape)


def lfw_start(X, k):
    """The documented start of the LFW fits: avg = sqrt(mean(X) / k) (mean in float64), then
    scikit-learn's W (images x k) = avg * seeded((n, k), 1) and H (k x pixels) = avg * seeded((k, p), 2),
    rounded to float32. In facerecon's layout W0 = H.T and H0 = W.T."""
    avg = np.sqrt(X.astype(np.float64).mean() / k)
    n, p = X.shape
    return (avg * seeded((n, k), 1)).astype(np.float32), (avg * seeded((k, p), 2)).astype(np.float32)


LFW_K = 30
# name: MiniBatchNMF's keyword arguments besides n_components=30, random_state=0 and init='custom'
# from lfw_start (unless they name another init).
LFW_CASES = {
    "frobenius_default": dict(),
    # scikit-learn's own random start (NumPy's RandomState(0)), which facerecon draws alike.
    "frobenius_random": dict(init="random"),
    "frobenius_b256_fresh": dict(batch_size=256, fresh_restarts=True, max_iter=20),
    "kl_b512": dict(batch_size=512, beta_loss="kullback-leibler", max_iter=50),
}


def lfw_summaries(root):
    from nmf_lfw_errors import MIN_FACES, RESIZE, list_faces
    import lfw_reference

    faces = lfw_reference.load_imgs(list_faces(root), RESIZE)
    n, h, w = faces.shape
    X = np.ascontiguousarray(faces.reshape(n, h * w))
    X64 = X.astype(np.float64)
    W0, H0 = lfw_start(X, LFW_K)
    cases = []
    for name, settings in LFW_CASES.items():
        custom = "init" not in settings
        model = Recorder(LFW_K, random_state=0, **(dict(settings, init="custom") if custom else settings))
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            W = model.fit_transform(X, **(dict(W=W0.copy(), H=H0.copy()) if custom else {}))
        seconds = time.perf_counter() - start
        rel = float(np.linalg.norm(X64 - W.astype(np.float64) @ model.components_.astype(np.float64))
                    / np.linalg.norm(X64))
        cases.append({"name": name, "k": LFW_K, "settings": settings,
                      "relative_error": round(rel, 7),
                      "reconstruction_err": round(float(model.reconstruction_err_), 5),
                      "n_iter": int(model.n_iter_), "n_steps": int(model.n_steps_),
                      "stop": model.rec_stop, "closest_decision": float(model.rec_margin),
                      "last_batch_cost": model.rec_costs[-1], "last_ewa_cost": model.rec_ewa[-1]})
        print(f"LFW {name}: relative error {rel:.6f}, n_iter {model.n_iter_}, n_steps {model.n_steps_}, "
              f"stop {model.rec_stop}, closest decision {model.rec_margin:.2e}, {seconds:.1f} s", flush=True)
    result = {
        "generator": "tools/golden/minibatch_nmf_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "data": {"min_faces": MIN_FACES, "resize": RESIZE, "images": n, "height": h, "width": w,
                 "pixel_sum": round(float(X64.sum()), 3), "layout": "images x pixels"},
        "start": "lfw_start: avg = sqrt(mean(X)/k); W = avg*seeded((n,k),1), H = avg*seeded((k,p),2)",
        "cases": cases,
    }
    with open(os.path.join(OUT, "minibatch_lfw.json"), "w") as f:
        f.write(json.dumps(result, indent=1) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(42)
    X = synthetic(rng)
    Xpos = synthetic(rng, positive=True)
    W0, H0 = start(rng, X)
    X2 = synthetic(rng)[:25]
    Xramp = (X * np.linspace(0.8, 1.2, N_SAMPLES, dtype=np.float32)[:, None]).astype(np.float32)
    xs = {"V": X, "Vpos": Xpos, "Vramp": Xramp}
    data = {"V": X.T.copy(), "Vpos": Xpos.T.copy(), "Vramp": Xramp.T.copy(), "V2": X2.T.copy(),
            "W0": H0.T.copy(), "H0": W0.T.copy()}
    write_safetensors(os.path.join(OUT, "minibatch_data.safetensors"), data,
                      {"sklearn": sklearn.__version__, "k": K})

    for name, (data_name, settings) in CASES.items():
        tensors, meta = fit_case(name, settings, xs[data_name], W0, H0)
        meta["data"] = data_name
        write_safetensors(os.path.join(OUT, f"minibatch_{name}.safetensors"), tensors, meta)

    # transform: _solve_W with transform_max_iter, from the fitted components.
    tensors, meta = {}, {"sklearn": sklearn.__version__, "k": K}
    for name, settings in (("frobenius", dict(batch_size=10, transform_max_iter=50)),
                           ("kl", dict(batch_size=10, beta_loss="kullback-leibler", tol=1e-3))):
        model = MiniBatchNMF(K, init="custom", random_state=0, **settings)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(X, W=W0.copy(), H=H0.copy())
        tensors[f"{name}_W"] = model.components_.T.copy()
        tensors[f"{name}_codes"] = model.transform(X2).T.copy()
        meta[f"{name}_settings"] = json.dumps(settings)
    write_safetensors(os.path.join(OUT, "minibatch_transform.safetensors"), tensors, meta)

    # partial_fit: chunks of 20, 20 and 10 images; the first call starts from the custom factors
    # (W0 for its 20 images) or from scikit-learn's default init (nndsvda) of the first chunk.
    tensors, meta = {}, {"sklearn": sklearn.__version__, "k": K, "chunks": "[20, 20, 10]"}
    for name, kwargs in (("custom", dict(init="custom")), ("default", dict())):
        model = MiniBatchNMF(K, random_state=0, alpha_W=0.01, l1_ratio=0.5, **kwargs)
        for c, (a, b) in enumerate(((0, 20), (20, 40), (40, 50))):
            if c == 0 and name == "custom":
                model.partial_fit(X[a:b], W=W0[a:b].copy(), H=H0.copy())
            else:
                model.partial_fit(X[a:b])
            tensors[f"{name}_W_{c + 1}"] = model.components_.T.copy()
        meta[f"{name}_n_steps"] = model.n_steps_
    write_safetensors(os.path.join(OUT, "minibatch_partial_fit.safetensors"), tensors, meta)

    root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("FACERECON_LFW")
    if root:
        lfw_summaries(root)
    else:
        print("no LFW folder (argument or FACERECON_LFW): minibatch_lfw.json left as it is")


if __name__ == "__main__":
    main()
