package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.testing.GoldenTensors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** LU, QR and svd_flip as SciPy and scikit-learn compute them (fixtures by {@code decomposition_reference.py}). */
class LapackTest {
  private static final GoldenTensors EXPECTED =
      GoldenTensors.load("decomposition/randomized_svd.safetensors");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"9x5", "4x9"})
  void luPermutedLowerIsScipysPermuteL(String shape) {
    FloatMatrix a = EXPECTED.matrix("lu_in_" + shape);
    FloatMatrix before = a.copy();
    FloatMatrix pl = Lapack.luPermutedLower(a);
    assertThat(GoldenTensors.relativeMaxDifference(pl, EXPECTED.matrix("lu_pl_" + shape))).isLessThan(1e-6);
    assertThat(a.toArray()).as("input untouched").containsExactly(before.toArray());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"9x5", "4x9"})
  void qrEconomicIsScipys(String shape) {
    FloatMatrix q = Lapack.qrEconomic(EXPECTED.matrix("lu_in_" + shape));
    assertThat(GoldenTensors.relativeMaxDifference(q, EXPECTED.matrix("qr_q_" + shape))).isLessThan(1e-5);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"9x5", "4x9"})
  void qrUpperIsTriangularWithTheSameGramMatrix(String shape) {
    FloatMatrix a = EXPECTED.matrix("lu_in_" + shape);
    FloatMatrix r = Lapack.qrUpperInPlace(a.copy());
    assertThat(r.rows()).isEqualTo(Math.min(a.rows(), a.cols()));
    for (int i = 0; i < r.rows(); i++) {
      for (int j = 0; j < Math.min(i, r.cols()); j++) {
        assertThat(r.get(i, j)).isZero();
      }
    }
    // RᵀR = AᵀA, since Q is orthogonal: the same singular values and right vectors.
    FloatMatrix expected = Blas.multiply(true, a, false, a);
    assertThat(GoldenTensors.relativeMaxDifference(Blas.multiply(true, r, false, r), expected)).isLessThan(1e-5);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"60x25", "25x60"})
  void theLeadingTripletsAreThoseOfTheWholeSvd(String shape) {
    String[] size = shape.split("x");
    FloatMatrix a = new NumpyRandomState(4).standardNormal(Integer.parseInt(size[0]), Integer.parseInt(size[1]));
    Lapack.Svd whole = Lapack.svd(a);
    Lapack.Svd leading = Lapack.svdLeadingInPlace(a.copy(), 6);
    Lapack.svdFlip(whole.u(), whole.vt(), true);
    Lapack.svdFlip(leading.u(), leading.vt(), true);
    assertThat(GoldenTensors.relativeMaxDifference(leading.s(), java.util.Arrays.copyOf(whole.s(), 6))).isLessThan(1e-5);
    assertThat(GoldenTensors.relativeMaxDifference(leading.vt(), whole.vt().rowRange(0, 6))).isLessThan(1e-4);
    for (int i = 0; i < a.rows(); i++) {
      for (int j = 0; j < 6; j++) {
        assertThat((double) leading.u().get(i, j)).isCloseTo(whole.u().get(i, j), org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  @Test
  void svdFlipMakesTheLargestEntryOfEachLeftVectorPositive() {
    // Columns of u: the largest |entry| of column 0 is -3 (flip), of column 1 is 2 (keep); a tie
    // is decided by the first entry, as numpy's argmax.
    FloatMatrix u = FloatMatrix.of(3, 3, 1, 2, -1, -3, 0, 1, 2, 1, 0);
    FloatMatrix vt = FloatMatrix.of(3, 2, 1, 1, 2, 2, 3, 3);
    Lapack.svdFlip(u, vt, true);
    assertThat(u.toArray()).containsExactly(-1, 2, 1, 3, 0, -1, -2, 1, -0f);
    assertThat(vt.toArray()).containsExactly(-1, -1, 2, 2, -3, -3);
  }

  @Test
  void svdFlipCanDecideOnTheRightVectors() {
    FloatMatrix u = FloatMatrix.of(2, 2, 1, 1, 1, 1);
    FloatMatrix vt = FloatMatrix.of(2, 3, 0.5f, -2, 1, 0, 1, 0);
    Lapack.svdFlip(u, vt, false);
    assertThat(u.toArray()).containsExactly(-1, 1, -1, 1);
    assertThat(vt.toArray()).containsExactly(-0.5f, 2, -1, 0, 1, 0);
  }
}
