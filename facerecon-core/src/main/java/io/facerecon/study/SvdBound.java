package io.facerecon.study;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Lapack;

/**
 * The least error any rank-k linear code can reach on a set of faces (Eckart and Young 1936): with
 * σ₁ ≥ σ₂ ≥ … the singular values of the faces' matrix V,
 *
 * <pre>
 * ‖V − V_k‖_F = √(Σ_{i &gt; k} σ_i²)
 * </pre>
 *
 * where V_k is V's truncated SVD. A linear method's {@code svd_ratio} is its error over this
 * bound, ‖V − V̂‖ / ‖V − V_k‖, at least 1 for any reconstruction of rank k (NMF's W·H; k-means'
 * centres). PCA with k components adds the mean, a rank k + 1 model, and can come slightly below 1.
 */
public final class SvdBound {
  /** tail[k] = Σ_{i ≥ k} σ_i² (0-based), with tail[r] = 0. */
  private final double[] tail;

  private SvdBound(float[] singularValues) {
    tail = new double[singularValues.length + 1];
    for (int i = singularValues.length - 1; i >= 0; i--) {
      tail[i] = tail[i + 1] + (double) singularValues[i] * singularValues[i];
    }
  }

  /**
   * The bound for a set of faces, from the singular values of its matrix (LAPACK's divide and
   * conquer SVD).
   *
   * @param pixels images × pixels
   * @return the bound for every rank
   */
  public static SvdBound of(FloatMatrix pixels) {
    return new SvdBound(Lapack.svd(pixels).s());
  }

  /**
   * The rank-k truncated SVD's error.
   *
   * @param k the rank, at least 1
   * @return ‖V − V_k‖_F, 0 when k reaches V's rank
   * @throws IllegalArgumentException if {@code k < 1}
   */
  public double error(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("rank must be >= 1, got " + k);
    }
    return Math.sqrt(tail[Math.min(k, tail.length - 1)]);
  }

  /**
   * A reconstruction's error over the rank-k bound.
   *
   * @param error ‖V − V̂‖_F of the reconstruction
   * @param k the reconstruction's rank
   * @return error / ‖V − V_k‖_F (+∞ when the bound is 0 and the error is not)
   */
  public double ratio(double error, int k) {
    double bound = error(k);
    return bound == 0 ? (error == 0 ? 1 : Double.POSITIVE_INFINITY) : error / bound;
  }
}
