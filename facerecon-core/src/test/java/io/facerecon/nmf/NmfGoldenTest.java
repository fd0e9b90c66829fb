package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.linalg.FloatMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Our NMF against scikit-learn 1.2's on synthetic data, from the same starting factors. */
class NmfGoldenTest {
  private static final Golden DATA = Golden.load("data");
  private static final int K = 4;

  private static NmfFit fit(NmfOptions options, String data) {
    return new Nmf(options).fit(
        NmfData.ofPixelsByImages(DATA.matrix(data)), DATA.matrix("W0"), DATA.matrix("H0"));
  }

  private static NmfOptions exact(Solver solver, BetaLoss loss, int iterations) {
    return NmfOptions.defaults(K).withSolver(solver).withBetaLoss(loss).withInit(InitMethod.CUSTOM)
        .withMaxIterations(iterations).withTol(0);
  }

  @ParameterizedTest(name = "beta {0}")
  @CsvSource({"2, V", "1, V", "0.5, V", "0, Vpos"})
  void multiplicativeUpdatesMatchScikitLearn(String beta, String data) {
    Golden expected = Golden.load("mu_beta" + beta);
    for (int it : new int[] {1, 10, 100}) {
      NmfFit fit = fit(exact(Solver.MU, BetaLoss.parse(beta), it), data);
      assertThat(fit.iterations()).isEqualTo(it);
      assertThat(Golden.relativeMaxDifference(fit.basis(), expected.matrix("W_" + it)))
          .as("W after %d iterations", it).isLessThan(1e-4);
      assertThat(Golden.relativeMaxDifference(fit.codes(), expected.matrix("H_" + it)))
          .as("H after %d iterations", it).isLessThan(1e-4);
      // 1e-4 relative, as the factors: float32 sums whose order depends on the CPU's BLAS kernels
      // (on one machine beta 0 after 100 iterations differed by 1.005e-5).
      assertThat(fit.reconstructionError())
          .isCloseTo(expected.number("error_" + it), org.assertj.core.data.Percentage.withPercentage(1e-2));
    }
  }

  @Test
  void coordinateDescentMatchesScikitLearn() {
    Golden expected = Golden.load("cd");
    for (int it : new int[] {1, 10, 100}) {
      NmfFit fit = fit(exact(Solver.CD, BetaLoss.FROBENIUS, it), "V");
      assertThat(Golden.relativeMaxDifference(fit.basis(), expected.matrix("W_" + it)))
          .as("W after %d iterations", it).isLessThan(1e-3);
      assertThat(Golden.relativeMaxDifference(fit.codes(), expected.matrix("H_" + it)))
          .as("H after %d iterations", it).isLessThan(1e-3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mu", "cd"})
  void regularisationIsScaledAsScikitLearn(String solver) {
    Golden expected = Golden.load("regularized");
    // scikit-learn's alpha_W penalises its W, our codes H: our alphaH.
    NmfOptions options = exact(Solver.valueOf(solver.toUpperCase()), BetaLoss.FROBENIUS, 10)
        .withRegularization(expected.number("alpha_H"), expected.number("alpha_W"), expected.number("l1_ratio"));
    NmfFit fit = fit(options, "V");
    assertThat(Golden.relativeMaxDifference(fit.basis(), expected.matrix(solver + "_W"))).isLessThan(1e-4);
    assertThat(Golden.relativeMaxDifference(fit.codes(), expected.matrix(solver + "_H"))).isLessThan(1e-4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nndsvd", "nndsvda"})
  void nndsvdMatchesScikitLearn(String init) {
    Golden expected = Golden.load("nndsvd");
    FloatMatrix wt = FloatMatrix.zeros(K, DATA.matrix("V").rows());
    FloatMatrix h = FloatMatrix.zeros(K, DATA.matrix("V").cols());
    Initialization.initialize(
        NmfData.ofPixelsByImages(DATA.matrix("V")), InitMethod.valueOf(init.toUpperCase()), 0, wt, h);
    // The randomized SVD draws scikit-learn's test matrix (same seed), so only rounding differs.
    assertThat(Golden.relativeMaxDifference(wt.transpose(), expected.matrix(init + "_W"))).isLessThan(1e-5);
    assertThat(Golden.relativeMaxDifference(h, expected.matrix(init + "_H"))).isLessThan(1e-5);
  }

  @Test
  void nndsvdarKeepsNndsvdAndFillsItsZerosWithSmallValues() {
    Golden expected = Golden.load("nndsvd");
    NmfData data = NmfData.ofPixelsByImages(DATA.matrix("V"));
    FloatMatrix wt = FloatMatrix.zeros(K, data.pixels());
    FloatMatrix h = FloatMatrix.zeros(K, data.images());
    Initialization.initialize(data, InitMethod.NNDSVDAR, 0, wt, h);
    checkFilled(wt.transpose(), expected.matrix("nndsvd_W"), expected.matrix("nndsvdar_W"), data.mean());
    checkFilled(h, expected.matrix("nndsvd_H"), expected.matrix("nndsvdar_H"), data.mean());
  }

  private static void checkFilled(FloatMatrix ours, FloatMatrix nndsvd, FloatMatrix theirs, double mean) {
    double scale = 0;
    for (int i = 0; i < nndsvd.size(); i++) {
      scale = Math.max(scale, Math.abs(nndsvd.get(i)));
    }
    for (int i = 0; i < ours.size(); i++) {
      if (nndsvd.get(i) != 0) {
        assertThat(Math.abs(ours.get(i) - theirs.get(i))).isLessThan((float) (1e-3 * scale));
      } else {
        assertThat((double) ours.get(i)).isBetween(0.0, mean * 6 / 100);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mu", "cd"})
  void stopsAtScikitLearnsIteration(String solver) {
    Golden expected = Golden.load("transform");
    NmfOptions options = exact(Solver.valueOf(solver.toUpperCase()), BetaLoss.FROBENIUS, 2000)
        .withTol(expected.number(solver + "_tol"));
    NmfFit fit = fit(options, "V");
    assertThat(fit.iterations()).isEqualTo((int) expected.number(solver + "_n_iter"));
    assertThat(fit.converged()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mu", "cd"})
  void transformMatchesScikitLearn(String solver) {
    Golden expected = Golden.load("transform");
    NmfOptions options = exact(Solver.valueOf(solver.toUpperCase()), BetaLoss.FROBENIUS, 200).withTol(1e-4);
    NmfModel model = new NmfModel(expected.matrix(solver + "_components"), options);
    int[] iterations = new int[1];
    FloatMatrix codes =
        model.transform(NmfData.ofPixelsByImages(DATA.matrix("V2")), (it, max, error) -> iterations[0] = it);
    assertThat(Golden.relativeMaxDifference(codes, expected.matrix(solver + "_codes"))).isLessThan(1e-3);
    assertThat(iterations[0]).isEqualTo((int) expected.number(solver + "_transform_n_iter"));
  }
}
