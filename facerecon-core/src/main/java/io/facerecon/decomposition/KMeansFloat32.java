package io.facerecon.decomposition;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * The float32 sums scikit-learn's KMeans takes from NumPy and from its own Cython kernels, each in
 * the order of the reference, so that the same data give the same float32 results bit for bit.
 *
 * <ul>
 *   <li>{@link #sum}: {@code np.sum} of a float32 vector. NumPy reduces in buffers of 8192
 *       elements, {@code s = (…(0 + P(b₁)) + P(b₂)) + …}, where P is its pairwise sum: fewer than
 *       8 values added in turn; up to 128 in eight interleaved partial sums r₀…r₇ (r_j adds
 *       a_j, a_{j+8}, …) combined as ((r₀+r₁)+(r₂+r₃))+((r₄+r₅)+(r₆+r₇)), then the remainder in
 *       turn; longer ones split at the multiple of 8 below n/2, P(left) + P(right).
 *   <li>{@link #squaredNorm}: {@code np.einsum('ij,ij->i', X, X)}, scikit-learn's {@code
 *       row_norms}: four SIMD lanes, 16 values a step, lane l accumulating
 *       acc ← a₀² + (a₁² + (a₂² + (a₃² + acc))) over the step's four vectors (products rounded
 *       before each addition), the tail in vectors of four padded with zeros, then
 *       (acc₀ + acc₁) + (acc₂ + acc₃).
 *   <li>{@link #squaredDistance}: scikit-learn's {@code _euclidean_dense_dense}:
 *       s ← s + (((d₀² + d₁²) + d₂²) + d₃²) over blocks of four differences d, then the remaining
 *       d² one by one.
 *   <li>{@link #columnMeans}: {@code X.mean(axis=0)}: each column summed row after row, then
 *       divided by the number of rows.
 *   <li>{@link #tolerance}: scikit-learn's {@code _tolerance}: tol · mean over pixels of the
 *       per-pixel variance, Var_j = Σ_i (x_ij − x̄_j)² / n ({@code np.var(X, axis=0)}, summed
 *       row after row), the mean a {@link #sum} divided by the pixel count, all in float32; the
 *       product with tol in float64.
 * </ul>
 */
final class KMeansFloat32 {
  /** Elements NumPy's reductions take per inner loop: its buffer size. */
  static final int NUMPY_BUFFER = 8192;
  /** Below this length NumPy's pairwise sum adds in turn. */
  private static final int UNROLL = 8;
  /** Up to this length NumPy's pairwise sum uses its eight partial sums without splitting. */
  private static final int PAIRWISE_BLOCK = 128;
  private static final int MIN_COLUMNS_PER_THREAD = 64;

  private KMeansFloat32() {}

  /**
   * {@code np.sum(a[from:from+n])} for float32 {@code a}.
   *
   * @param a the values
   * @param from the first index
   * @param n the count
   * @return the float32 sum, rounded as NumPy rounds it
   */
  static float sum(float[] a, int from, int n) {
    float s = 0f;
    for (int start = 0; start < n; start += NUMPY_BUFFER) {
      s += pairwise(a, from + start, Math.min(NUMPY_BUFFER, n - start));
    }
    return s;
  }

  private static float pairwise(float[] a, int from, int n) {
    if (n < UNROLL) {
      float s = 0f;
      for (int i = 0; i < n; i++) {
        s += a[from + i];
      }
      return s;
    }
    if (n <= PAIRWISE_BLOCK) {
      float[] r = new float[UNROLL];
      System.arraycopy(a, from, r, 0, UNROLL);
      int i = UNROLL;
      for (; i < n - n % UNROLL; i += UNROLL) {
        for (int j = 0; j < UNROLL; j++) {
          r[j] += a[from + i + j];
        }
      }
      float s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        s += a[from + i];
      }
      return s;
    }
    int half = n / 2;
    half -= half % UNROLL;
    return pairwise(a, from, half) + pairwise(a, from + half, n - half);
  }

  /**
   * {@code ‖a[from:from+n]‖²} as NumPy's einsum computes it for float32.
   *
   * @param a the values
   * @param from the first index
   * @param n the count
   * @return the float32 squared norm
   */
  static float squaredNorm(float[] a, int from, int n) {
    float l0 = 0f;
    float l1 = 0f;
    float l2 = 0f;
    float l3 = 0f;
    int i = 0;
    for (; n - i >= 16; i += 16) {
      int b = from + i;
      l0 = a[b] * a[b] + (a[b + 4] * a[b + 4] + (a[b + 8] * a[b + 8] + (a[b + 12] * a[b + 12] + l0)));
      l1 = a[b + 1] * a[b + 1] + (a[b + 5] * a[b + 5] + (a[b + 9] * a[b + 9] + (a[b + 13] * a[b + 13] + l1)));
      l2 = a[b + 2] * a[b + 2] + (a[b + 6] * a[b + 6] + (a[b + 10] * a[b + 10] + (a[b + 14] * a[b + 14] + l2)));
      l3 = a[b + 3] * a[b + 3] + (a[b + 7] * a[b + 7] + (a[b + 11] * a[b + 11] + (a[b + 15] * a[b + 15] + l3)));
    }
    for (; i < n; i += 4) {
      int b = from + i;
      l0 += a[b] * a[b];
      l1 += i + 1 < n ? a[b + 1] * a[b + 1] : 0f;
      l2 += i + 2 < n ? a[b + 2] * a[b + 2] : 0f;
      l3 += i + 3 < n ? a[b + 3] * a[b + 3] : 0f;
    }
    return 0f + ((l0 + l1) + (l2 + l3));
  }

  /**
   * {@code ‖a − b‖²} over {@code n} values as scikit-learn's Cython kernel computes it in float32.
   *
   * @param a the first vector's values
   * @param aFrom its first index
   * @param b the second vector's values
   * @param bFrom its first index
   * @param n the length
   * @return the float32 squared distance
   */
  static float squaredDistance(float[] a, int aFrom, float[] b, int bFrom, int n) {
    float s = 0f;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      float d0 = a[aFrom + i] - b[bFrom + i];
      float d1 = a[aFrom + i + 1] - b[bFrom + i + 1];
      float d2 = a[aFrom + i + 2] - b[bFrom + i + 2];
      float d3 = a[aFrom + i + 3] - b[bFrom + i + 3];
      s += ((d0 * d0 + d1 * d1) + d2 * d2) + d3 * d3;
    }
    for (; i < n; i++) {
      float d = a[aFrom + i] - b[bFrom + i];
      s += d * d;
    }
    return s;
  }

  /**
   * {@code x.mean(axis=0)} in float32.
   *
   * @param x images × pixels
   * @return the mean image
   */
  static float[] columnMeans(FloatMatrix x) {
    float[] sums = columnSums(x, null);
    divide(sums, x.rows());
    return sums;
  }

  /**
   * scikit-learn's {@code _tolerance(X, tol)}: tol times the mean per-pixel variance of x; 0 when
   * tol is 0.
   *
   * @param x images × pixels, as given (before k-means centres it)
   * @param means x's {@link #columnMeans}
   * @param tol the relative tolerance
   * @return the absolute tolerance on the summed squared centre shifts
   */
  static double tolerance(FloatMatrix x, float[] means, double tol) {
    if (tol == 0) {
      return 0;
    }
    float[] variances = columnSums(x, means);
    divide(variances, x.rows());
    float mean = sum(variances, 0, variances.length) / variances.length;
    return mean * tol;
  }

  /**
   * Per column, Σ_i x_ij (or Σ_i (x_ij − mean_j)² when {@code means} is given), row after row; the
   * columns are split across threads, which leaves each column's order of additions as it is.
   */
  private static float[] columnSums(FloatMatrix x, float[] means) {
    int p = x.cols();
    float[] sums = new float[p];
    Parallel.forRange(p, MIN_COLUMNS_PER_THREAD, (from, to) -> {
      float[] part = new float[to - from];
      for (int i = 0; i < x.rows(); i++) {
        x.buffer().get(x.offset() + i * p + from, part);
        if (means == null) {
          for (int j = from; j < to; j++) {
            sums[j] += part[j - from];
          }
        } else {
          for (int j = from; j < to; j++) {
            float d = part[j - from] - means[j];
            sums[j] += d * d;
          }
        }
      }
    });
    return sums;
  }

  /** a_j ← a_j / n in float32 (n below 2²⁴ is exact as a float). */
  private static void divide(float[] a, int n) {
    for (int j = 0; j < a.length; j++) {
      a[j] = a[j] / n;
    }
  }
}
