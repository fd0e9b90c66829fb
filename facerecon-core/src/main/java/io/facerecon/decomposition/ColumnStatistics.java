package io.facerecon.decomposition;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * Per-pixel statistics of a data matrix X (images × pixels), accumulated in double: the mean image
 * μ_j = Σ_i x_ij / n and the total centred sum of squares Σ_ij (x_ij − μ_j)².
 */
final class ColumnStatistics {
  private ColumnStatistics() {}

  /** μ, the mean of every column. */
  static float[] means(FloatMatrix x) {
    int n = x.rows();
    float[] mean = new float[x.cols()];
    // Column blocks per thread: each reads its slice of every row, sums in row order.
    Parallel.forRange(x.cols(), 64, (from, to) -> {
      double[] sum = new double[to - from];
      for (int i = 0; i < n; i++) {
        for (int j = from; j < to; j++) {
          sum[j - from] += x.get(i, j);
        }
      }
      for (int j = from; j < to; j++) {
        mean[j] = (float) (sum[j - from] / n);
      }
    });
    return mean;
  }

  /** Σ_ij (x_ij − μ_j)². */
  static double centredSumOfSquares(FloatMatrix x, float[] mean) {
    int cols = x.cols();
    return Parallel.sum(x.rows(), 64, (from, to) -> {
      double s = 0;
      for (int i = from; i < to; i++) {
        for (int j = 0; j < cols; j++) {
          double d = (double) x.get(i, j) - mean[j];
          s += d * d;
        }
      }
      return s;
    });
  }

  /** A new matrix X − 1·μᵀ. */
  static FloatMatrix centredCopy(FloatMatrix x, float[] mean) {
    FloatMatrix c = FloatMatrix.zeros(x.rows(), x.cols());
    int cols = x.cols();
    Parallel.forRange(x.rows(), 64, (from, to) -> {
      for (int i = from; i < to; i++) {
        for (int j = 0; j < cols; j++) {
          c.set(i, j, x.get(i, j) - mean[j]);
        }
      }
    });
    return c;
  }
}
