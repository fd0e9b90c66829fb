package io.facerecon.eval;

import io.facerecon.linalg.FloatMatrix;

/**
 * Hoyer's sparseness (Hoyer 2004, "Non-negative matrix factorization with sparseness
 * constraints"), the measure by which NMF's parts are compared with PCA's holistic eigenfaces.
 *
 * <p>For a vector x of n ≥ 2 entries, not all zero:
 *
 * <pre>
 * sparseness(x) = (√n − ‖x‖₁ / ‖x‖₂) / (√n − 1)
 * </pre>
 *
 * which is 1 when one entry alone is non-zero and 0 when all entries have the same magnitude.
 * Signs do not matter. A matrix's sparseness is the mean over its rows (a basis: one row per basis
 * image; codes: one row per face), rows of zeros left out.
 */
public final class Sparseness {
  private Sparseness() {}

  /**
   * The sparseness of one vector.
   *
   * @param x the entries, at least 2
   * @return the sparseness in [0, 1], or NaN when every entry is 0
   * @throws IllegalArgumentException if {@code x} has fewer than 2 entries
   */
  public static double of(float[] x) {
    if (x.length < 2) {
      throw new IllegalArgumentException("sparseness needs at least 2 entries, got " + x.length);
    }
    double l1 = 0;
    double l2 = 0;
    for (float v : x) {
      l1 += Math.abs(v);
      l2 += (double) v * v;
    }
    if (l2 == 0) {
      return Double.NaN;
    }
    double root = Math.sqrt(x.length);
    return (root - l1 / Math.sqrt(l2)) / (root - 1);
  }

  /**
   * The mean sparseness of the rows of {@code m}.
   *
   * @param m one vector per row, at least 2 columns
   * @return the mean over rows that are not all zero, or NaN when all are
   * @throws IllegalArgumentException if {@code m} has fewer than 2 columns
   */
  public static double meanOfRows(FloatMatrix m) {
    double sum = 0;
    int counted = 0;
    for (int i = 0; i < m.rows(); i++) {
      double s = of(m.row(i));
      if (!Double.isNaN(s)) {
        sum += s;
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }
}
