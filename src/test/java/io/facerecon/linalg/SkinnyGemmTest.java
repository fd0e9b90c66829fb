package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SkinnyGemmTest {
  @Test
  void theBuildRunsTestsWithTheVectorApi() {
    assertThat(VectorSupport.AVAILABLE).as("tests run with --add-modules jdk.incubator.vector").isTrue();
    assertThat(Blas.ownKernelTakes(false, 2914, 30, 1217)).isTrue();
    assertThat(Blas.ownKernelTakes(true, 2914, 30, 1217)).as("Aᵀ·B stays with OpenBLAS").isFalse();
    assertThat(Blas.ownKernelTakes(false, 2914, 1217, 30)).as("wide results stay with OpenBLAS").isFalse();
  }

  /** Rows not a multiple of the tile, inner dimensions across the L2 chunk, both orientations of b. */
  @ParameterizedTest
  @CsvSource({
    "2914, 1217, 30, false", "1217, 2914, 30, true", "31, 4100, 32, true", "7, 300, 60, false",
    "100, 2049, 64, true", "53, 777, 120, false"
  })
  void matchesADoublePrecisionProduct(int m, int k, int n, boolean transB) {
    assertThat(Blas.ownKernelTakes(false, m, n, k)).isTrue();
    SplittableRandom rnd = new SplittableRandom(m * 31L + n);
    // a is a view with an offset, as NMF's row blocks are.
    FloatMatrix big = random(m + 3, k, rnd);
    FloatMatrix a = big.rowRange(2, 2 + m);
    FloatMatrix b = transB ? random(n, k, rnd) : random(k, n, rnd);
    FloatMatrix c = random(m, n, rnd);
    FloatMatrix before = c.copy();
    float alpha = 0.75f;
    float beta = -0.5f;
    Blas.gemm(false, transB, alpha, a, b, beta, c);
    double worst = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        double scale = 0;
        for (int t = 0; t < k; t++) {
          double term = (double) a.get(i, t) * (transB ? b.get(j, t) : b.get(t, j));
          s += term;
          scale += Math.abs(term);
        }
        double expected = alpha * s + beta * before.get(i, j);
        worst = Math.max(worst, Math.abs(c.get(i, j) - expected) / (alpha * scale + Math.abs(beta)));
      }
    }
    // float32 sums of thousands of terms: a wrong index or block would be off by O(1).
    assertThat(worst).isLessThan(1e-5);
  }

  @Test
  void givesTheSameBitsOnOneAndTwoThreads() {
    SplittableRandom rnd = new SplittableRandom(5);
    FloatMatrix a = random(500, 1300, rnd);
    FloatMatrix b = random(30, 1300, rnd);
    FloatMatrix one = FloatMatrix.zeros(500, 30);
    FloatMatrix two = FloatMatrix.zeros(500, 30);
    int threads = Parallel.threads();
    try {
      Parallel.setThreads(1);
      Blas.gemm(false, true, 1f, a, b, 0f, one);
      Parallel.setThreads(2);
      Blas.gemm(false, true, 1f, a, b, 0f, two);
    } finally {
      Parallel.setThreads(threads);
    }
    assertThat(two.toArray()).containsExactly(one.toArray());
  }

  private static FloatMatrix random(int rows, int cols, SplittableRandom rnd) {
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) (rnd.nextDouble() - 0.3));
    }
    return m;
  }
}
