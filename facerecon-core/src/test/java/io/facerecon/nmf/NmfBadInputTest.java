package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.linalg.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets a clear error; awkward but valid input gets a result without NaN. */
class NmfBadInputTest {
  private static FloatMatrix positive(int rows, int cols) {
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, 0.1f + (i * 7919 % 101) / 100f);
    }
    return m;
  }

  @Test
  void negativeNanAndInfiniteValuesAreCountedAndLocated() {
    FloatMatrix v = positive(6, 5);
    v.set(2, 3, -1f);
    v.set(4, 1, Float.NaN);
    v.set(5, 4, Float.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> NmfData.ofPixelsByImages(v))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 negative, 1 NaN and 1 infinite")
        .hasMessageContaining("pixel 4 of image 1");
  }

  @Test
  void allZeroDataIsRejected() {
    assertThatThrownBy(() -> NmfData.ofPixelsByImages(FloatMatrix.zeros(4, 3)))
        .hasMessageContaining("all zeros");
  }

  @Test
  void svdInitNeedsKAtMostTheSmallerDimension() {
    NmfData data = NmfData.ofPixelsByImages(positive(6, 4));
    assertThatThrownBy(() -> new Nmf(NmfOptions.defaults(5).withInit(InitMethod.NNDSVDA)).fit(data))
        .hasMessageContaining("k <= min(pixels, images) = 4, got k = 5");
    NmfFit fit = new Nmf(NmfOptions.defaults(5).withSolver(Solver.MU)).fit(data);
    assertThat(fit.relativeError()).isFinite();
  }

  @Test
  void optionsAreChecked() {
    assertThatThrownBy(() -> NmfOptions.defaults(0)).hasMessageContaining("must be >= 1, got 0");
    assertThatThrownBy(() -> NmfOptions.defaults(3).withBetaLoss(BetaLoss.KULLBACK_LEIBLER))
        .hasMessageContaining("solver cd handles only the frobenius loss");
    assertThatThrownBy(() -> BetaLoss.parse("euclid")).hasMessageContaining("got 'euclid'");
    assertThatThrownBy(() -> NmfOptions.defaults(3).withTol(-1)).hasMessageContaining("tol");
    assertThatThrownBy(() -> NmfOptions.defaults(3).withRegularization(0, 0, 2)).hasMessageContaining("l1Ratio");
  }

  @Test
  void nonPositiveBetaNeedsPositiveData() {
    FloatMatrix v = positive(6, 5);
    v.set(0, 0, 0f);
    NmfData data = NmfData.ofPixelsByImages(v);
    NmfOptions is = NmfOptions.defaults(2).withSolver(Solver.MU).withBetaLoss(BetaLoss.ITAKURA_SAITO);
    assertThatThrownBy(() -> new Nmf(is).fit(data)).hasMessageContaining("needs strictly positive data");
  }

  @Test
  void customStartsAreChecked() {
    NmfData data = NmfData.ofPixelsByImages(positive(6, 5));
    Nmf nmf = new Nmf(NmfOptions.defaults(2).withInit(InitMethod.CUSTOM));
    assertThatThrownBy(() -> nmf.fit(data, positive(5, 2), positive(2, 5)))
        .hasMessageContaining("initial W has shape 5x2, expected 6x2");
    FloatMatrix h0 = positive(2, 5);
    h0.set(1, 3, -0.5f);
    assertThatThrownBy(() -> nmf.fit(data, positive(6, 2), h0))
        .hasMessageContaining("initial H must be finite and non-negative")
        .hasMessageContaining("row 1, column 3");
    assertThatThrownBy(() -> nmf.fit(data, FloatMatrix.zeros(6, 2), positive(2, 5)))
        .hasMessageContaining("all zeros");
  }

  @ParameterizedTest(name = "{0} beta {1} init {2}")
  @CsvSource({
    "MU, 2, RANDOM", "MU, 1, NNDSVDA", "MU, 0.5, NNDSVDAR", "MU, 3, RANDOM", "MU, 2, NNDSVD",
    "CD, 2, NNDSVD", "CD, 2, RANDOM"
  })
  void allZeroImagesAndPixelsGiveFiniteResults(Solver solver, double beta, InitMethod init) {
    FloatMatrix v = positive(12, 9);
    for (int j = 0; j < 9; j++) {
      v.set(4, j, 0f); // an all-zero pixel
    }
    for (int i = 0; i < 12; i++) {
      v.set(i, 2, 0f); // an all-zero image
    }
    NmfOptions options = NmfOptions.defaults(3).withSolver(solver).withBetaLoss(new BetaLoss(beta))
        .withInit(init).withMaxIterations(50).withTol(0);
    NmfFit fit = new Nmf(options).fit(NmfData.ofPixelsByImages(v));
    assertFinite(fit.basis());
    assertFinite(fit.codes());
    assertThat(fit.relativeError()).isFinite().isLessThan(1);
    assertThat(fit.reconstructionError()).isFinite();
    for (int t = 0; t < 3; t++) {
      assertThat(fit.codes().get(t, 2)).as("code of the all-zero image").isZero();
    }
  }

  private static void assertFinite(FloatMatrix m) {
    for (int i = 0; i < m.size(); i++) {
      assertThat(Float.isFinite(m.get(i))).as("entry %d of %s", i, m).isTrue();
    }
  }
}
