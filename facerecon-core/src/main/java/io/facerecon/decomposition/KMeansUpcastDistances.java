package io.facerecon.decomposition;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * Squared Euclidean distances between the images of a data set and a few other vectors, as
 * scikit-learn's {@code euclidean_distances} computes them for float32 data: in float64 (it casts
 * chunks up), d = (−2·a·b + ‖a‖²) + ‖b‖², rounded to float32 and floored at 0. k-means++ measures
 * its candidates this way ({@code a} the candidate, {@code b} an image), and so does {@code
 * transform} ({@code a} the image, {@code b} a centre). Float products are exact in float64, so the
 * sums differ from scikit-learn's float64 BLAS only in their last bits, far below a float32 ulp.
 *
 * <p>The images' squared norms are computed once, in float64, and kept; the images are read in
 * place and split across the threads of the {@link io.facerecon.linalg.ExecutionContext}.
 */
final class KMeansUpcastDistances {
  private static final int MIN_ROWS_PER_THREAD = 64;
  /** Vectors whose dot products with one image are accumulated in one pass over it. */
  private static final int GROUP = 4;

  private final FloatMatrix images;
  private final double[] norms;

  /**
   * Prepares distances to the rows of {@code images}.
   *
   * @param images n × p, read in place, not modified while this object is used
   */
  KMeansUpcastDistances(FloatMatrix images) {
    this.images = images;
    this.norms = new double[images.rows()];
    int p = images.cols();
    Parallel.forRange(images.rows(), MIN_ROWS_PER_THREAD, (from, to) -> {
      float[] row = new float[p];
      for (int i = from; i < to; i++) {
        images.buffer().get(images.offset() + i * p, row);
        norms[i] = squaredNorm(row);
      }
    });
  }

  /**
   * {@code out[j][i]} = d(vectors[j], image i): the vector first, as in k-means++.
   *
   * @param vectors m vectors of p values
   * @param out m arrays of n distances, overwritten
   */
  void fromVectors(float[][] vectors, float[][] out) {
    compute(vectors, (i, j, dot, vectorNorm) -> out[j][i] = round((-2 * dot + vectorNorm) + norms[i]));
  }

  /**
   * {@code out(i, j)} = d(image i, vectors[j]): the image first, as in {@code transform}.
   *
   * @param vectors m vectors of p values
   * @param out n × m, overwritten
   */
  void toVectors(float[][] vectors, FloatMatrix out) {
    compute(vectors, (i, j, dot, vectorNorm) -> out.set(i, j, round((-2 * dot + norms[i]) + vectorNorm)));
  }

  /** Receives one image–vector pair's float64 dot product and the vector's squared norm. */
  @FunctionalInterface
  private interface Sink {
    void accept(int image, int vector, double dot, double vectorNorm);
  }

  private void compute(float[][] vectors, Sink sink) {
    int p = images.cols();
    int m = vectors.length;
    double[] vectorNorms = new double[m];
    for (int j = 0; j < m; j++) {
      vectorNorms[j] = squaredNorm(vectors[j]);
    }
    Parallel.forRange(images.rows(), MIN_ROWS_PER_THREAD, (from, to) -> {
      float[] row = new float[p];
      double[] dots = new double[GROUP];
      for (int i = from; i < to; i++) {
        images.buffer().get(images.offset() + i * p, row);
        for (int j0 = 0; j0 < m; j0 += GROUP) {
          int g = Math.min(GROUP, m - j0);
          dots(row, vectors, j0, g, dots);
          for (int j = 0; j < g; j++) {
            sink.accept(i, j0 + j, dots[j], vectorNorms[j0 + j]);
          }
        }
      }
    });
  }

  /**
   * dots[j] = row · vectors[j0 + j] for j &lt; g, in float64: the vectors of a group share each
   * load of the row and accumulate independently.
   */
  private static void dots(float[] row, float[][] vectors, int j0, int g, double[] dots) {
    float[] v0 = vectors[j0];
    float[] v1 = vectors[j0 + Math.min(1, g - 1)];
    float[] v2 = vectors[j0 + Math.min(2, g - 1)];
    float[] v3 = vectors[j0 + Math.min(3, g - 1)];
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int c = 0; c < row.length; c++) {
      double x = row[c];
      s0 += x * v0[c];
      s1 += x * v1[c];
      s2 += x * v2[c];
      s3 += x * v3[c];
    }
    dots[0] = s0;
    dots[1] = s1;
    dots[2] = s2;
    dots[3] = s3;
  }

  private static double squaredNorm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return s;
  }

  /** float64 → float32, floored at 0 as scikit-learn does after the cast. */
  private static float round(double d) {
    return Math.max((float) d, 0f);
  }
}
