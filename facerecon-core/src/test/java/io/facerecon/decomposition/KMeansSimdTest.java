package io.facerecon.decomposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.facerecon.linalg.VectorSupport;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SIMD kernels of k-means against plain loops. */
class KMeansSimdTest {
  @ParameterizedTest(name = "{0} values")
  @ValueSource(ints = {1, 7, 16, 37, 2914})
  void dotProductsMatchAPlainFloat64Loop(int p) {
    assertThat(VectorSupport.AVAILABLE).as("tests run with --add-modules jdk.incubator.vector").isTrue();
    SplittableRandom random = new SplittableRandom(p);
    float[] row = new float[p];
    double[][] vectors = new double[6][p];
    for (int c = 0; c < p; c++) {
      row[c] = (float) random.nextDouble(-1, 1);
      for (double[] v : vectors) {
        v[c] = (float) random.nextDouble(-1, 1);
      }
    }
    double[] dots = new double[4];
    for (int g = 1; g <= 4; g++) {
      KMeansSimd.dots(row, vectors, 2, g, dots);
      for (int j = 0; j < g; j++) {
        double plain = 0;
        for (int c = 0; c < p; c++) {
          plain += (double) row[c] * vectors[2 + j][c];
        }
        assertThat(dots[j]).as("group of " + g + ", vector " + j).isCloseTo(plain, within(1e-12 * p));
      }
    }
  }

  @ParameterizedTest(name = "{0} values")
  @ValueSource(ints = {1, 15, 16, 33, 2914})
  void addingARowRoundsAsOneValueAtATime(int p) {
    SplittableRandom random = new SplittableRandom(p);
    float[] row = new float[p];
    float[] sums = new float[p + 5];
    float[] plain = new float[p + 5];
    for (int c = 0; c < p + 5; c++) {
      sums[c] = (float) random.nextDouble(-1e4, 1e4);
      plain[c] = sums[c];
    }
    for (int c = 0; c < p; c++) {
      row[c] = (float) random.nextDouble(-1, 1);
      plain[3 + c] += row[c];
    }
    KMeansSimd.add(row, sums, 3);
    assertThat(sums).containsExactly(plain);
  }
}
