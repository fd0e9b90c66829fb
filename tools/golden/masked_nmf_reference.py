#!/usr/bin/env python3
"""Golden fixtures for NMF with missing values (weighted multiplicative updates).

A numpy reference of the weighted MU update (Blondel, Ho & Van Dooren 2008), written from the
formulas in facerecon's layout (V pixels x images, W pixels x k, H k x images, M = 1 where observed):

    H <- H * (W^T (M*V*(WH)^(b-2))) / (W^T (M*(WH)^(b-1)))      (b = 2: W^T(M*V) / W^T(M*WH))
    W <- W * ((M*V*(WH)^(b-2)) H^T) / ((M*(WH)^(b-1)) H^T)

with scikit-learn's safeguards (EPSILON for zeros of WH where b < 2, zero denominators -> EPSILON,
for b = 1 a zero denominator of the W update -> 1, clipping below float64's eps: H for b < 1, W for b <= 1).
With an all-ones mask it is checked here against scikit-learn's own `_fit_multiplicative_update`.

Writes facerecon-core/src/test/resources/golden/nmf/masked_mu_beta{2,1}.safetensors (V with NaN
at missing entries, the mask, W0, H0, and W, H after 1, 10 and 100 iterations) and
masked_nnls.safetensors (a basis W, one image with missing pixels, and the code that
scipy.optimize.nnls finds from its observed pixels).

Run from the repository root:  python3 tools/golden/masked_nmf_reference.py
"""
import os
import sys

import numpy as np
from scipy.optimize import nnls
from sklearn.decomposition import _nmf

sys.path.insert(0, os.path.dirname(__file__))
from nmf_reference import write_safetensors  # noqa: E402

OUT = os.path.join("facerecon-core", "src", "test", "resources", "golden", "nmf")
PIXELS, IMAGES, K = 30, 20, 4
EPS = np.finfo(np.float32).eps
EPS64 = np.finfo(np.float64).eps


def weighted_mu(V, M, W, H, beta, iterations):
    """Weighted MU in facerecon's layout: H first, then W; V may hold anything at M == 0."""
    V = np.where(M > 0, V, 0.0)
    W, H = W.copy(), H.copy()
    for _ in range(iterations):
        H = H * ratio(V, M, W, H, beta, side="codes")
        if beta < 1:
            H[H < EPS64] = 0.0
        W = W * ratio(V, M, W, H, beta, side="basis")
        if beta <= 1:
            W[W < EPS64] = 0.0
    return W, H


def ratio(V, M, W, H, beta, side):
    WH = W @ H
    if beta == 2:
        num_m, den_m = M * V, M * WH
    else:
        safe = np.where(WH == 0, EPS, WH)
        num_m = M * V * safe ** (beta - 2)
        den_m = M * (WH ** (beta - 1) if beta >= 1 else safe ** (beta - 1))
    if side == "codes":
        num, den = W.T @ num_m, W.T @ den_m
    else:
        num, den = num_m @ H.T, den_m @ H.T
        if beta == 1:
            den = np.where(den == 0, 1.0, den)
    den = np.where(den == 0, EPS, den)
    return num / den


def check_against_sklearn(V, W0, H0, beta):
    M = np.ones_like(V)
    for it in (1, 10, 100):
        W, H = weighted_mu(V, M, W0, H0, beta, it)
        # scikit-learn factorises X = V^T: its W is our H^T and its H our W^T.
        W_sk, H_sk, _ = _nmf._fit_multiplicative_update(
            V.T.copy(), H0.T.copy(), W0.T.copy(), beta_loss=beta, max_iter=it, tol=0)
        assert np.allclose(H, W_sk.T, rtol=1e-10, atol=1e-12), (beta, it)
        assert np.allclose(W, H_sk.T, rtol=1e-10, atol=1e-12), (beta, it)


def main():
    rng = np.random.RandomState(12)
    V = rng.rand(PIXELS, K) @ rng.rand(K, IMAGES) + 0.1 * rng.rand(PIXELS, IMAGES)
    W0 = rng.rand(PIXELS, K) + 0.1
    H0 = rng.rand(K, IMAGES) + 0.1
    missing = rng.rand(PIXELS, IMAGES) < 0.2
    missing[5:12, 3] = True  # a block in one image, as an occlusion
    M = (~missing).astype(np.float64)
    for beta in (2, 1):
        check_against_sklearn(V, W0, H0, beta)
        tensors = {"V": np.where(missing, np.nan, V), "missing": missing.astype(np.float64),
                   "W0": W0, "H0": H0}
        for it in (1, 10, 100):
            W, H = weighted_mu(V, M, W0, H0, beta, it)
            tensors["W%d" % it], tensors["H%d" % it] = W, H
        write_safetensors(os.path.join(OUT, "masked_mu_beta%d.safetensors" % beta), tensors,
                          {"beta": beta, "source": "tools/golden/masked_nmf_reference.py"})

    # One image coded from its observed pixels: non-negative least squares.
    W = rng.rand(PIXELS, K)
    v = W @ np.array([0.5, 0.0, 1.2, 0.3]) + 0.2 * rng.rand(PIXELS)
    hidden = np.zeros(PIXELS, dtype=bool)
    hidden[10:20] = True
    h, _ = nnls(W[~hidden], v[~hidden])
    write_safetensors(os.path.join(OUT, "masked_nnls.safetensors"),
                      {"W": W, "v": v.reshape(1, -1), "missing": hidden.astype(np.float64).reshape(1, -1),
                       "h": h.reshape(-1, 1)},
                      {"source": "tools/golden/masked_nmf_reference.py (scipy.optimize.nnls)"})
    print("wrote masked NMF fixtures; the all-ones mask matches scikit-learn's MU")


if __name__ == "__main__":
    main()
