package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BlasTest {
  private static FloatMatrix random(int rows, int cols, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) rnd.nextDouble(-1, 1));
    }
    return m;
  }

  /** op(a)·op(b) computed naively in double. */
  private static double[] naive(boolean ta, FloatMatrix a, boolean tb, FloatMatrix b) {
    int m = ta ? a.cols() : a.rows();
    int k = ta ? a.rows() : a.cols();
    int n = tb ? b.rows() : b.cols();
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += (double) (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  @ParameterizedTest
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void gemmMatchesNaiveProductForEveryTransposeCombination(boolean ta, boolean tb) {
    int m = 37, k = 23, n = 19;
    FloatMatrix a = ta ? random(k, m, 1) : random(m, k, 1);
    FloatMatrix b = tb ? random(n, k, 2) : random(k, n, 2);
    FloatMatrix c = random(m, n, 3);
    FloatMatrix c0 = c.copy();
    Blas.gemm(ta, tb, 0.5f, a, b, 2f, c);
    double[] expected = naive(ta, a, tb, b);
    for (int i = 0; i < c.size(); i++) {
      assertThat((double) c.get(i)).isCloseTo(0.5 * expected[i] + 2 * c0.get(i), within(1e-4));
    }
  }

  @Test
  void gemmWorksOnViewsWithAnOffset() {
    FloatMatrix big = random(10, 6, 4);
    FloatMatrix a = big.rowRange(3, 7); // 4x6, starts at element 18
    FloatMatrix b = random(6, 5, 5);
    FloatMatrix c = Blas.multiply(false, a, false, b);
    double[] expected = naive(false, a.copy(), false, b);
    for (int i = 0; i < c.size(); i++) {
      assertThat((double) c.get(i)).isCloseTo(expected[i], within(1e-5));
    }
  }

  @Test
  void gemmRejectsMismatchedShapes() {
    assertThatThrownBy(
            () -> Blas.gemm(false, false, 1f, FloatMatrix.zeros(2, 3), FloatMatrix.zeros(4, 2), 0f,
                FloatMatrix.zeros(2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("op(a) is 2x3");
  }

  @Test
  void emptyInnerDimensionScalesC() {
    FloatMatrix c = FloatMatrix.of(1, 2, 1f, 2f);
    Blas.gemm(false, false, 1f, FloatMatrix.zeros(1, 0), FloatMatrix.zeros(0, 2), 3f, c);
    assertThat(c.toArray()).containsExactly(3f, 6f);
  }
}
