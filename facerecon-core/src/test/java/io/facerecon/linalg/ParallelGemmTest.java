package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParallelGemmTest {
  /**
   * aᵀ·op(b) split by rows of the result: through our kernel, or (shapes it does not take) as
   * OpenBLAS calls on column ranges of a read in place, on a view with an offset.
   */
  @ParameterizedTest
  @CsvSource({"300, 1000, 30, true", "300, 1000, 30, false", "97, 50, 3, true", "130, 400, 200, false"})
  void transposedRowsEqualsTheDirectProduct(int m, int k, int n, boolean transB) {
    SplittableRandom rnd = new SplittableRandom(m + 7L * n);
    FloatMatrix a = random(k + 2, m, rnd).rowRange(1, k + 1);
    FloatMatrix b = transB ? random(n, k, rnd) : random(k, n, rnd);
    FloatMatrix split = FloatMatrix.zeros(m, n);
    ParallelGemm.transposedRows(a, transB, b, split);
    assertEverySeventhRowIsTheProduct(split, k, (i, t) -> a.get(t, i), (t, j) -> transB ? b.get(j, t) : b.get(t, j));
  }

  @ParameterizedTest
  @CsvSource({"10, 5", "12, 4"})
  void transposedRowsChecksTheResultShape(int rows, int cols) {
    FloatMatrix a = FloatMatrix.zeros(8, 12);
    FloatMatrix b = FloatMatrix.zeros(8, 5);
    assertThatThrownBy(() -> ParallelGemm.transposedRows(a, false, b, FloatMatrix.zeros(rows, cols)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * a·op(b) split by columns of the result, each part an OpenBLAS call on column ranges of op(b)
   * and of the result read in place, all three on views with an offset.
   */
  @ParameterizedTest
  @CsvSource({"60, 300, 700, true", "60, 300, 700, false", "7, 50, 3, true", "200, 257, 1000, false"})
  void columnsEqualsTheDirectProduct(int m, int k, int n, boolean transB) {
    SplittableRandom rnd = new SplittableRandom(m + 11L * n);
    FloatMatrix a = random(m + 2, k, rnd).rowRange(1, m + 1);
    FloatMatrix b = (transB ? random(n + 1, k, rnd) : random(k + 1, n, rnd)).rowRange(1, (transB ? n : k) + 1);
    FloatMatrix split = random(m + 1, n, rnd).rowRange(1, m + 1);
    ParallelGemm.columns(a, transB, b, split);
    assertEverySeventhRowIsTheProduct(split, k, a::get, (t, j) -> transB ? b.get(j, t) : b.get(t, j));
  }

  /** An element of a factor of the product, by row and column. */
  private interface Element {
    float at(int row, int col);
  }

  /** Rows 0, 7, 14, … of {@code c} against the double-precision sums of {@code left(i, t) · right(t, j)} over t &lt; k. */
  private static void assertEverySeventhRowIsTheProduct(FloatMatrix c, int k, Element left, Element right) {
    for (int i = 0; i < c.rows(); i += 7) {
      for (int j = 0; j < c.cols(); j++) {
        double s = 0;
        for (int t = 0; t < k; t++) {
          s += (double) left.at(i, t) * right.at(t, j);
        }
        assertThat((double) c.get(i, j)).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-4 * k));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"8, 40", "9, 41"})
  void columnsChecksTheShapes(int rows, int cols) {
    FloatMatrix a = FloatMatrix.zeros(8, 12);
    FloatMatrix b = FloatMatrix.zeros(12, 40);
    assertThatThrownBy(() -> ParallelGemm.columns(a, true, b, FloatMatrix.zeros(rows, cols)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static FloatMatrix random(int rows, int cols, SplittableRandom rnd) {
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) rnd.nextDouble());
    }
    return m;
  }
}
