package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.FloatMatrix;
import org.junit.jupiter.api.Test;

/**
 * Numbers stay finite: settings that overflow float are refused before the fit, naming the
 * parameter, and a fit whose numbers stop being finite stops naming its most likely cause.
 */
class NmfFiniteNumbersTest {
  /** 12 pixels × 8 images in (0, 1]. */
  private static NmfData data() {
    FloatMatrix v = FloatMatrix.zeros(12, 8);
    for (int i = 0; i < v.size(); i++) {
      v.set(i, 0.05f + (i * 7919 % 97) / 104f);
    }
    return NmfData.ofPixelsByImages(v);
  }

  @Test
  void aPenaltyThatOverflowsOnceScaledIsRefusedUpFront() {
    // 1e38 × 8 images: beyond float's range, so every update would hold infinity.
    NmfOptions o = NmfOptions.defaults(3).withRegularization(1e38, 0, 0.5);
    assertThatThrownBy(() -> new Nmf(o).fit(data()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("alphaW 1.0E38 is too large: scaled by the 8 images as scikit-learn scales it, the penalty is 8.0E38")
        .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("alphaW"));
    // The codes' penalty scales with the 12 pixels.
    NmfOptions h = NmfOptions.defaults(3).withRegularization(0, 3e37, 0);
    assertThatThrownBy(() -> new Nmf(h).fit(data()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("alphaH 3.0E37 is too large: scaled by the 12 pixels");
    // Without its own value, the codes' penalty is alphaW's, and so is its name.
    NmfOptions same = NmfOptions.defaults(3).withRegularization(3e37, Double.NaN, 0);
    assertThatThrownBy(() -> new Nmf(same).fit(data())).hasMessageStartingWith("alphaW 3.0E37 is too large");
  }

  @Test
  void aBetaWhosePowersOverflowIsRefusedUpFront() {
    NmfOptions big = NmfOptions.defaults(3).withSolver(Solver.MU).withBetaLoss(new BetaLoss(1000));
    assertThatThrownBy(() -> new Nmf(big).fit(data()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("betaLoss 1000.0 is too large: the multiplicative updates raise WH to the power 999.0")
        .hasMessageContaining("use a beta loss of at most 128.0");
    NmfOptions small = NmfOptions.defaults(3).withSolver(Solver.MU).withBetaLoss(new BetaLoss(-10));
    assertThatThrownBy(() -> new Nmf(small).fit(data()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("betaLoss -10.0 is too small")
        .hasMessageContaining("use a beta loss of at least -3.0");
    // The bounds themselves fit, with finite factors.
    for (double beta : new double[] {128, -3, 0.5, 3}) {
      NmfFit fit = new Nmf(NmfOptions.defaults(3).withSolver(Solver.MU).withBetaLoss(new BetaLoss(beta))
          .withMaxIterations(30)).fit(data());
      assertThat(fit.relativeError()).as("beta %s", beta).isFinite();
      assertFinite(fit.model().components());
      assertFinite(fit.codes());
    }
  }

  @Test
  void dataTooLargeForFloatStopsTheFitNamingTheData() {
    FloatMatrix v = FloatMatrix.zeros(12, 8);
    for (int i = 0; i < v.size(); i++) {
      v.set(i, 1e30f * (1 + i % 5));
    }
    NmfData huge = NmfData.ofPixelsByImages(v);
    for (Solver solver : Solver.values()) {
      NmfOptions o = NmfOptions.defaults(3).withSolver(solver).withInit(InitMethod.RANDOM).withMaxIterations(50);
      assertThatThrownBy(() -> new Nmf(o).fit(huge))
          .as(solver.name())
          .isExactlyInstanceOf(BadInputException.class)
          .hasMessageContaining("diverged")
          .hasMessageContaining("the data (largest value 5.0E30) or the starting factors are too large");
    }
  }

  @Test
  void aDivergedFitNamesItsMostLikelyCause() {
    NmfData d = data();
    BadInputException regularised = Nmf.diverged(
        NmfOptions.defaults(3).withRegularization(2, 1, 0), true, d, "the error is NaN at iteration 10");
    assertThat(regularised).isInstanceOf(InvalidParameterException.class)
        .hasMessage("alphaW 2.0 is too large: the fit diverged (the error is NaN at iteration 10); try a smaller value");
    // 0.1 × 8 images against 1 × 12 pixels: the codes' penalty weighs more.
    assertThat(((InvalidParameterException) Nmf.diverged(
            NmfOptions.defaults(3).withRegularization(0.1, 1, 0), true, d, "x")).parameter())
        .isEqualTo("alphaH");
    // A transform updates the codes only: their penalty is the one to blame.
    assertThat(((InvalidParameterException) Nmf.diverged(
            NmfOptions.defaults(3).withRegularization(5, 1, 0), false, d, "x")).parameter())
        .isEqualTo("alphaH");
    BadInputException beta = Nmf.diverged(
        NmfOptions.defaults(3).withSolver(Solver.MU).withBetaLoss(new BetaLoss(5)), true, d, "x");
    assertThat(((InvalidParameterException) beta).parameter()).isEqualTo("betaLoss");
    assertThat(beta).hasMessageStartingWith("betaLoss 5.0 made the fit diverge");
    assertThat(Nmf.diverged(NmfOptions.defaults(3), true, d, "x"))
        .isExactlyInstanceOf(BadInputException.class)
        .hasMessageStartingWith("NMF: the fit diverged (x)");
  }

  @Test
  void transformChecksItsSettingsToo() {
    NmfFit fit = new Nmf(NmfOptions.defaults(3).withMaxIterations(20)).fit(data());
    assertFinite(fit.model().transform(data()));
    NmfModel model = new NmfModel(fit.model().components(), NmfOptions.defaults(3).withRegularization(0, 1e38, 0));
    assertThatThrownBy(() -> model.transform(data()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("alphaH 1.0E38 is too large: scaled by the 12 pixels");
  }

  private static void assertFinite(FloatMatrix m) {
    for (int i = 0; i < m.size(); i++) {
      assertThat(Float.isFinite(m.get(i))).as("entry %d is %s", i, m.get(i)).isTrue();
    }
  }
}
