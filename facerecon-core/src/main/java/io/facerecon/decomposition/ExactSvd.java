package io.facerecon.decomposition;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Lapack;

/**
 * The full solver's exact SVD A = U·diag(σ)·Vᵀ (n × p), of which PCA and TruncatedSVD keep the
 * leading singular values and right vectors. For k &lt; min(n, p) wanted triplets, LAPACK's {@code
 * sgesvdx} computes only those (the same triplets as a whole SVD, at about the cost of the
 * singular values alone); for all of them, {@code sgesdd} of A, or, for tall A (n ≥ 11p/6, where
 * {@code sgesdd} itself starts with a QR decomposition), of R from A = Q·R, which has A's σ and V
 * without forming Q or U. Callers take U_k·diag(σ_k) as the scores A·V_k and decide svd_flip's signs
 * on them: a column of U and of U·diag(σ) have their largest entry in the same place.
 *
 * @param s the singular values computed, decreasing: the k wanted, or all min(n, p)
 * @param vt their right singular vectors as rows, s.length × p
 * @param complete whether {@code s} holds all min(n, p) singular values
 */
record ExactSvd(float[] s, FloatMatrix vt, boolean complete) {
  /** The leading {@code k} triplets of {@code scratch} (at least; all when k = min(n, p)), which it overwrites. */
  static ExactSvd of(FloatMatrix scratch, int k) {
    int min = Math.min(scratch.rows(), scratch.cols());
    if (k < min) {
      Lapack.Svd svd = Lapack.svdLeadingInPlace(scratch, k);
      return new ExactSvd(svd.s(), svd.vt(), false);
    }
    boolean viaR = scratch.rows() >= scratch.cols() * 11L / 6;
    Lapack.Svd svd = Lapack.svdInPlace(viaR ? Lapack.qrUpperInPlace(scratch) : scratch);
    return new ExactSvd(svd.s(), svd.vt(), true);
  }

  /** The first k right singular vectors, a new k × p matrix. */
  FloatMatrix leading(int k) {
    return vt.rowRange(0, k).copy();
  }
}
