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
    float[] a = new float[p];
    float[] b = new float[p];
    double[][] vectors = new double[8][p];
    for (int c = 0; c < p; c++) {
      a[c] = (float) random.nextDouble(-1, 1);
      b[c] = (float) random.nextDouble(-1, 1);
      for (double[] v : vectors) {
        v[c] = (float) random.nextDouble(-1, 1);
      }
    }
    double[] first = new double[KMeansUpcastDistances.GROUP];
    double[] second = new double[KMeansUpcastDistances.GROUP];
    for (int g = 1; g <= KMeansUpcastDistances.GROUP; g++) {
      KMeansSimd.dots(a, b, vectors, 2, g, first, second, KMeansSimd.laneScratch());
      for (int j = 0; j < g; j++) {
        assertThat(first[j]).as("group of " + g + ", a, vector " + j).isCloseTo(plainDot(a, vectors[2 + j]), within(1e-12 * p));
        assertThat(second[j]).as("group of " + g + ", b, vector " + j).isCloseTo(plainDot(b, vectors[2 + j]), within(1e-12 * p));
      }
    }
  }

  private static double plainDot(float[] row, double[] v) {
    double s = 0;
    for (int c = 0; c < row.length; c++) {
      s += row[c] * v[c];
    }
    return s;
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
