package io.facerecon.decomposition;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Lapack;

/**
 * The full solver's exact SVD A = U·diag(σ)·Vᵀ (n × p), of which PCA and TruncatedSVD keep σ and
 * Vᵀ: LAPACK's {@code sgesdd} of A, or, for tall A (n ≥ 11p/6, where {@code sgesdd} itself starts
 * with a QR decomposition), of R from A = Q·R, which has A's σ and V without forming Q or U. The
 * callers get U_k·diag(σ_k) as the scores A·V_k, and decide svd_flip's signs on them: a column of
 * U and of U·diag(σ) have their largest entry in the same place.
 *
 * @param s all min(n, p) singular values, decreasing
 * @param vt the right singular vectors as rows, min(n, p) × p
 */
record ExactSvd(float[] s, FloatMatrix vt) {
  /** The SVD of {@code scratch}, which it overwrites. */
  static ExactSvd ofScratch(FloatMatrix scratch) {
    boolean viaR = scratch.rows() >= scratch.cols() * 11L / 6;
    Lapack.Svd svd = Lapack.svdInPlace(viaR ? Lapack.qrUpperInPlace(scratch) : scratch);
    return new ExactSvd(svd.s(), svd.vt());
  }

  /** The first k right singular vectors, a new k × p matrix. */
  FloatMatrix leading(int k) {
    return vt.rowRange(0, k).copy();
  }
}
