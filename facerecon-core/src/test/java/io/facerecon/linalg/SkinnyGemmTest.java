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
    assertThat(Blas.ownKernelTakes(true, 2914, 30, 13233)).as("Aᵀ·B, V·Hᵀ from Vᵀ").isTrue();
    assertThat(Blas.ownKernelTakes(false, 2914, 1217, 30)).as("wide results stay with OpenBLAS").isFalse();
    assertThat(Blas.ownKernelTakes(false, 1217, 10, 2914)).as("Vᵀ·W at k = 10: dot products").isTrue();
  }

  /**
   * Results too narrow for SkinnyGemm's two-vector blocks (dot products along the inner dimension):
   * rows beyond the last tile, padded columns, inner dimensions not a whole number of vectors, both
   * orientations of b.
   */
  @ParameterizedTest
  @CsvSource({
    "1217, 2914, 10, true", "2914, 1217, 10, false", "9, 300, 1, true", "31, 4100, 16, false",
    "13, 777, 20, true", "5, 256, 7, false", "64, 1000, 25, true"
  })
  void narrowResultsMatchADoublePrecisionProduct(int m, int k, int n, boolean transB) {
    assertThat(SkinnyGemm.suits(m, n, k)).isFalse();
    assertThat(DotGemm.suits(m, n, k)).isTrue();
    assertProductMatchesReference(m, k, n, transB, new SplittableRandom(m * 13L + n));
  }

  /**
   * a·bᵀ with few rows, which both kernels could compute and {@link Blas} gives to DotGemm: NMF's
   * Gram matrices (k × k) and a case at the limit of 512 rows.
   */
  @ParameterizedTest
  @CsvSource({"30, 2914, 30", "30, 1217, 30", "17, 777, 28", "512, 1000, 32"})
  void fewRowsTimesATransposeMatchADoublePrecisionProduct(int m, int k, int n) {
    assertThat(SkinnyGemm.suits(m, n, k)).isTrue();
    assertThat(DotGemm.suits(m, n, k)).isTrue();
    assertProductMatchesReference(m, k, n, true, new SplittableRandom(m * 7L + k));
  }

  /** Rows not a multiple of the tile, inner dimensions across the L2 chunk, both orientations of b. */
  @ParameterizedTest
  @CsvSource({
    "2914, 1217, 30, false", "1217, 2914, 30, true", "31, 4100, 32, true", "7, 300, 60, false",
    "100, 2049, 64, true", "53, 777, 120, false"
  })
  void matchesADoublePrecisionProduct(int m, int k, int n, boolean transB) {
    assertThat(SkinnyGemm.suits(m, n, k)).isTrue();
    assertProductMatchesReference(m, k, n, transB, new SplittableRandom(m * 31L + n));
  }

  /** a·op(b) (a m × k) through {@link Blas#gemm} against the double-precision reference. */
  private static void assertProductMatchesReference(int m, int k, int n, boolean transB, SplittableRandom rnd) {
    // a is a view with an offset, as NMF's row blocks are.
    FloatMatrix big = random(m + 3, k, rnd);
    FloatMatrix a = big.rowRange(2, 2 + m);
    FloatMatrix b = transB ? random(n, k, rnd) : random(k, n, rnd);
    FloatMatrix c = random(m, n, rnd);
    FloatMatrix before = c.copy();
    float alpha = 0.75f;
    float beta = -0.5f;
    Blas.gemm(false, transB, alpha, a, b, beta, c);
    assertMatchesReference(false, transB, alpha, a, b, beta, before, c);
  }

  /**
   * c = alpha·op(a)·op(b) + beta·before, each entry within 1e-5 of the size of its terms: float32
   * sums of thousands of terms, where a wrong index or block would be off by O(1).
   */
  private static void assertMatchesReference(
      boolean transA, boolean transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix before,
      FloatMatrix c) {
    int k = transA ? a.rows() : a.cols();
    double worst = 0;
    for (int i = 0; i < c.rows(); i++) {
      for (int j = 0; j < c.cols(); j++) {
        double s = 0;
        double scale = 0;
        for (int t = 0; t < k; t++) {
          double term = (double) (transA ? a.get(t, i) : a.get(i, t)) * (transB ? b.get(j, t) : b.get(t, j));
          s += term;
          scale += Math.abs(term);
        }
        double expected = alpha * s + beta * before.get(i, j);
        worst = Math.max(worst, Math.abs(c.get(i, j) - expected) / (alpha * scale + Math.abs(beta)));
      }
    }
    assertThat(worst).isLessThan(1e-5);
  }

  /**
   * aᵀ·op(b) with a stored k × m: result rows beyond the last whole tile, vector and element,
   * padded column groups, inner dimensions across the L2 chunk.
   */
  @ParameterizedTest
  @CsvSource({
    "2914, 1217, 30, true", "2914, 1217, 30, false", "1217, 2049, 31, true", "64, 300, 5, false",
    "97, 4100, 40, true", "150, 1024, 128, false", "211, 777, 64, true", "80, 257, 11, true"
  })
  void transposedMatchesADoublePrecisionProduct(int m, int k, int n, boolean transB) {
    assertThat(Blas.ownKernelTakes(true, m, n, k)).isTrue();
    SplittableRandom rnd = new SplittableRandom(m * 17L + n);
    FloatMatrix big = random(k + 3, m, rnd);
    FloatMatrix a = big.rowRange(1, 1 + k);
    FloatMatrix b = transB ? random(n, k, rnd) : random(k, n, rnd);
    FloatMatrix c = random(m, n, rnd);
    FloatMatrix before = c.copy();
    float alpha = 1.25f;
    float beta = 0.5f;
    Blas.gemm(true, transB, alpha, a, b, beta, c);
    assertMatchesReference(true, transB, alpha, a, b, beta, before, c);
  }

  @Test
  void transposedIgnoresTheOldResultWhenBetaIsZero() {
    SplittableRandom rnd = new SplittableRandom(3);
    FloatMatrix a = random(300, 70, rnd);
    FloatMatrix b = random(300, 6, rnd);
    FloatMatrix c = FloatMatrix.zeros(70, 6);
    c.fill(Float.NaN);
    Blas.gemm(true, false, 1f, a, b, 0f, c);
    FloatMatrix expected = FloatMatrix.zeros(70, 6);
    Blas.gemm(true, false, 1f, a, b, 0f, expected);
    assertThat(c.toArray()).doesNotContain(Float.NaN).containsExactly(expected.toArray());
  }

  @Test
  void transposedGivesTheSameBitsOnOneAndTwoThreads() {
    SplittableRandom rnd = new SplittableRandom(7);
    assertSameBitsOnOneAndTwoThreads(true, random(1300, 523, rnd), random(30, 1300, rnd), 523);
  }

  @Test
  void givesTheSameBitsOnOneAndTwoThreads() {
    SplittableRandom rnd = new SplittableRandom(5);
    assertSameBitsOnOneAndTwoThreads(false, random(500, 1300, rnd), random(30, 1300, rnd), 500);
  }

  @Test
  void narrowResultsGiveTheSameBitsOnOneAndTwoThreads() {
    SplittableRandom rnd = new SplittableRandom(11);
    assertSameBitsOnOneAndTwoThreads(false, random(500, 1300, rnd), random(10, 1300, rnd), 500);
  }

  /** op(a)·bᵀ ({@code rows} × b's rows) computed on one thread and on two gives the same bits. */
  private static void assertSameBitsOnOneAndTwoThreads(boolean transA, FloatMatrix a, FloatMatrix b, int rows) {
    FloatMatrix one = FloatMatrix.zeros(rows, b.rows());
    FloatMatrix two = FloatMatrix.zeros(rows, b.rows());
    int threads = Parallel.threads();
    try {
      ExecutionContext.setDefault(ExecutionContext.ofThreads(1));
      Blas.gemm(transA, true, 1f, a, b, 0f, one);
      ExecutionContext.setDefault(ExecutionContext.ofThreads(2));
      Blas.gemm(transA, true, 1f, a, b, 0f, two);
    } finally {
      ExecutionContext.setDefault(ExecutionContext.ofThreads(threads));
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
