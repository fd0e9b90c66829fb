package io.facerecon.decomposition;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import io.facerecon.linalg.VectorSupport;

/**
 * Squared Euclidean distances between the images of a data set and a few other vectors, as
 * scikit-learn's {@code euclidean_distances} computes them for float32 data: in float64 (it casts
 * chunks up), d = (−2·a·b + ‖a‖²) + ‖b‖², rounded to float32 and floored at 0. k-means++ measures
 * its candidates this way ({@code a} the candidate, {@code b} an image), and so does {@code
 * transform} ({@code a} the image, {@code b} a centre). Float products are exact in float64, so the
 * sums differ from scikit-learn's float64 BLAS only in their last bits, far below a float32 ulp.
 *
 * <p>The images' squared norms are computed once, in float64, and kept; the images are read in
 * place and split across the threads of the {@link io.facerecon.linalg.ExecutionContext}. With the
 * Vector API the dot products run in SIMD ({@code KMeansSimd}, two images at a time), else in the
 * plain loop here.
 */
final class KMeansUpcastDistances {
  private static final int MIN_ROWS_PER_THREAD = 64;
  /**
   * Vectors whose dot products with one image are accumulated in one pass over it: six, the
   * candidates k-means++ draws per centre (2 + ⌊ln k⌋) up to k = 148.
   */
  static final int GROUP = 6;

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
  void fromVectors(double[][] vectors, float[][] out) {
    compute(vectors, (i, j, dot, vectorNorm) -> out[j][i] = round((-2 * dot + vectorNorm) + norms[i]));
  }

  /**
   * {@code out(i, j)} = d(image i, vectors[j]): the image first, as in {@code transform}.
   *
   * @param vectors m vectors of p values
   * @param out n × m, overwritten
   */
  void toVectors(double[][] vectors, FloatMatrix out) {
    compute(vectors, (i, j, dot, vectorNorm) -> out.set(i, j, round((-2 * dot + norms[i]) + vectorNorm)));
  }

  /** Receives one image–vector pair's float64 dot product and the vector's squared norm. */
  @FunctionalInterface
  private interface Sink {
    void accept(int image, int vector, double dot, double vectorNorm);
  }

  private void compute(double[][] vectors, Sink sink) {
    int p = images.cols();
    int m = vectors.length;
    double[] vectorNorms = new double[m];
    for (int j = 0; j < m; j++) {
      vectorNorms[j] = squaredNorm(vectors[j]);
    }
    // Images in pairs: the SIMD kernel shares each load of a vector between two images.
    int pairs = (images.rows() + 1) / 2;
    Parallel.forRange(pairs, MIN_ROWS_PER_THREAD / 2, (from, to) -> {
      float[] first = new float[p];
      float[] second = new float[p];
      double[] firstDots = new double[GROUP];
      double[] secondDots = new double[GROUP];
      double[] lanes = VectorSupport.AVAILABLE ? KMeansSimd.laneScratch() : null;
      for (int pair = from; pair < to; pair++) {
        int i = 2 * pair;
        boolean both = i + 1 < images.rows();
        images.buffer().get(images.offset() + i * p, first);
        if (both) {
          images.buffer().get(images.offset() + (i + 1) * p, second);
        }
        for (int j0 = 0; j0 < m; j0 += GROUP) {
          int g = Math.min(GROUP, m - j0);
          if (VectorSupport.AVAILABLE) {
            KMeansSimd.dots(first, both ? second : first, vectors, j0, g, firstDots, secondDots, lanes);
          } else {
            dots(first, vectors, j0, g, firstDots);
            dots(second, vectors, j0, both ? g : 0, secondDots);
          }
          for (int j = 0; j < g; j++) {
            sink.accept(i, j0 + j, firstDots[j], vectorNorms[j0 + j]);
            if (both) {
              sink.accept(i + 1, j0 + j, secondDots[j], vectorNorms[j0 + j]);
            }
          }
        }
      }
    });
  }

  /** dots[j] = row · vectors[j0 + j] for j &lt; g, in float64: the plain loop. */
  private static void dots(float[] row, double[][] vectors, int j0, int g, double[] dots) {
    for (int j = 0; j < g; j++) {
      double[] v = vectors[j0 + j];
      double s = 0;
      for (int c = 0; c < row.length; c++) {
        s += row[c] * v[c];
      }
      dots[j] = s;
    }
  }

  private static double squaredNorm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return s;
  }

  private static double squaredNorm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return s;
  }

  /**
   * Rows of a matrix as float64 vectors, for the methods above.
   *
   * @param m the matrix
   * @param rows which rows
   * @return one array per row
   */
  static double[][] rows(FloatMatrix m, int... rows) {
    double[][] out = new double[rows.length][m.cols()];
    float[] row = new float[m.cols()];
    for (int j = 0; j < rows.length; j++) {
      m.buffer().get(m.offset() + rows[j] * m.cols(), row);
      for (int c = 0; c < row.length; c++) {
        out[j][c] = row[c];
      }
    }
    return out;
  }

  /** float64 → float32, floored at 0 as scikit-learn does after the cast. */
  private static float round(double d) {
    return Math.max((float) d, 0f);
  }
}
