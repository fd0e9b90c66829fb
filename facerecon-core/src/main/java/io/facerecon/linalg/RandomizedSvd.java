package io.facerecon.linalg;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The leading singular triplets of a matrix by randomised range finding (Halko, Martinsson and
 * Tropp 2011), as scikit-learn's {@code randomized_svd}: a Gaussian test matrix with
 * {@code oversamples} extra columns, power iterations (7 when k is below a tenth of the smaller
 * dimension, else 4), then an exact SVD of the small projected matrix.
 *
 * <p>Each power iteration re-orthonormalises with QR, which spans the same subspace as
 * scikit-learn's LU normalisation and is numerically safer. The Gaussian draws come from our own
 * seeded generator, so the result differs from scikit-learn's only by the approximation error
 * and the signs of singular vector pairs.
 */
public final class RandomizedSvd {
  /** scikit-learn's default number of extra random directions. */
  public static final int DEFAULT_OVERSAMPLES = 10;

  private RandomizedSvd() {}

  /**
   * The leading {@code k} singular triplets of {@code a} (rows × cols). The products with
   * {@code a} and its transpose read {@code a} where it lies, split across threads ({@link
   * Blas#gemm}, {@link ParallelGemm#transposedRows}).
   *
   * @param a the matrix
   * @param k number of singular triplets, 1 to min(rows, cols)
   * @param seed seed of the Gaussian test matrix
   * @return u (rows × k), s (k values, decreasing), vt (k × cols)
   * @throws IllegalArgumentException if {@code k} is out of range
   */
  public static Lapack.Svd compute(FloatMatrix a, int k, long seed) {
    int rows = a.rows();
    int cols = a.cols();
    int min = Math.min(rows, cols);
    if (k < 1 || k > min) {
      throw new IllegalArgumentException(
          "randomized SVD: k must be in 1.." + min + " for a " + rows + "x" + cols + " matrix, got " + k);
    }
    int l = Math.min(min, k + DEFAULT_OVERSAMPLES);
    int powerIterations = k < 0.1 * min ? 7 : 4;
    SplittableRandom random = new SplittableRandom(seed);
    FloatMatrix omega = FloatMatrix.zeros(cols, l);
    for (int i = 0, n = omega.size(); i < n; i++) {
      omega.set(i, (float) random.nextGaussian());
    }
    FloatMatrix y = FloatMatrix.zeros(rows, l);
    FloatMatrix z = FloatMatrix.zeros(cols, l);
    multiply(a, omega, y);
    Lapack.orthonormalizeColumns(y);
    for (int it = 0; it < powerIterations; it++) {
      ParallelGemm.transposedRows(a, false, y, z);
      Lapack.orthonormalizeColumns(z);
      multiply(a, z, y);
      Lapack.orthonormalizeColumns(y);
    }
    FloatMatrix b = Blas.multiply(true, y, false, a); // l × cols
    Lapack.Svd small = Lapack.svd(b);
    FloatMatrix u = Blas.multiply(false, y, false, small.u()); // rows × l
    FloatMatrix uk = FloatMatrix.zeros(rows, k);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < k; j++) {
        uk.set(i, j, u.get(i, j));
      }
    }
    float[] s = Arrays.copyOf(small.s(), k);
    FloatMatrix vt = small.vt().rowRange(0, k).copy();
    return new Lapack.Svd(uk, s, vt);
  }

  private static void multiply(FloatMatrix left, FloatMatrix right, FloatMatrix out) {
    Blas.gemm(false, false, 1f, left, right, 0f, out);
  }
}
