package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.FloatMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** NMF with missing values: the weighted MU against tools/golden/masked_nmf_reference.py. */
class MaskedNmfTest {

  private static NmfOptions mu(int k, double beta, int iterations) {
    return NmfOptions.defaults(k).withSolver(Solver.MU).withBetaLoss(new BetaLoss(beta))
        .withInit(InitMethod.CUSTOM).withMaxIterations(iterations).withTol(0);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 1})
  void weightedUpdatesEqualTheNumpyReference(int beta) {
    Golden g = Golden.load("masked_mu_beta" + beta);
    NmfData data = NmfData.withMissing(g.matrix("V").transpose(), g.matrix("missing").transpose());
    assertThat(data.hasMissing()).isTrue();
    for (int it : new int[] {1, 10, 100}) {
      NmfFit fit = new Nmf(mu(4, beta, it)).fit(data, g.matrix("W0"), g.matrix("H0"));
      assertThat(Golden.relativeMaxDifference(fit.basis(), g.matrix("W" + it))).as("W after %d", it).isLessThan(1e-4);
      assertThat(Golden.relativeMaxDifference(fit.codes(), g.matrix("H" + it))).as("H after %d", it).isLessThan(1e-4);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {2, 1, 0.5})
  void anAllOnesMaskGivesTheUnmaskedIterates(double beta) {
    SplittableRandom rng = new SplittableRandom(3);
    FloatMatrix x = random(rng, 25, 40, 0.05f);
    FloatMatrix w0 = random(rng, 40, 5, 0.1f);
    FloatMatrix h0 = random(rng, 5, 25, 0.1f);
    for (int it : new int[] {1, 10}) {
      NmfFit plain = new Nmf(mu(5, beta, it)).fit(NmfData.ofImagesByPixels(x), w0, h0);
      NmfFit masked = new Nmf(mu(5, beta, it)).fit(NmfData.withMissing(x, null, true), w0, h0);
      assertThat(Golden.relativeMaxDifference(masked.basis(), plain.basis())).isLessThan(1e-6);
      assertThat(Golden.relativeMaxDifference(masked.codes(), plain.codes())).isLessThan(1e-6);
      assertThat(masked.reconstructionError()).isCloseTo(plain.reconstructionError(),
          org.assertj.core.data.Percentage.withPercentage(1e-4));
    }
    assertThat(NmfData.withMissing(x, null).hasMissing()).as("nothing missing: the unmasked solver").isFalse();
    assertThat(NmfData.withMissing(x, null).vt()).as("nothing missing: the data itself, not a copy").isSameAs(x);
    assertThat(NmfData.withMissing(x, FloatMatrix.zeros(25, 40)).vt()).as("an all-clear mask").isSameAs(x);
  }

  @ParameterizedTest
  @ValueSource(doubles = {2, 1})
  void theMaskedObjectiveNeverIncreases(double beta) {
    for (int seed = 0; seed < 40; seed++) {
      SplittableRandom rng = new SplittableRandom(seed);
      FloatMatrix x = random(rng, 12, 18, 0.01f);
      FloatMatrix missing = FloatMatrix.zeros(12, 18);
      for (int i = 0; i < missing.size(); i++) {
        missing.set(i, rng.nextDouble() < 0.3 ? 1 : 0);
      }
      for (int i = 0; i < 12; i++) {
        missing.set(i, i, 0);
      }
      NmfData data = NmfData.withMissing(x, missing);
      FloatMatrix w = random(rng, 18, 3, 0.1f);
      FloatMatrix h = random(rng, 3, 12, 0.1f);
      double previous = Double.POSITIVE_INFINITY;
      for (int step = 0; step < 30; step++) {
        NmfFit fit = new Nmf(mu(3, beta, 1)).fit(data, w, h);
        double objective = fit.betaDivergence();
        assertThat(objective).as("seed %d step %d", seed, step).isLessThanOrEqualTo(previous * (1 + 1e-6) + 1e-9);
        previous = objective;
        w = fit.basis();
        h = fit.codes();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cd", "mu"})
  void aConvergedMaskedTransformIsTheNnlsOfTheObservedPixels(String solver) {
    Golden g = Golden.load("masked_nnls");
    FloatMatrix w = g.matrix("W");
    NmfOptions o = NmfOptions.defaults(w.cols()).withSolver(solver.equals("cd") ? Solver.CD : Solver.MU)
        .withMaxIterations(solver.equals("cd") ? 1000 : 200_000).withTol(solver.equals("cd") ? 1e-12 : 0);
    NmfModel model = new NmfModel(w.transpose(), o);
    NmfData image = NmfData.withMissing(g.matrix("v"), g.matrix("missing"));
    FloatMatrix h = model.transform(image);
    FloatMatrix expected = g.matrix("h");
    for (int t = 0; t < expected.size(); t++) {
      assertThat((double) h.get(t)).as("code %d", t).isCloseTo(expected.get(t), org.assertj.core.data.Offset.offset(1e-3));
    }
    // Inpainting: the hidden pixels come from the basis.
    FloatMatrix filled = model.inverseTransform(h);
    assertThat(filled.rows()).isEqualTo(w.rows());
  }

  @Test
  void cdCannotFitMissingValuesAndNamesMu() {
    FloatMatrix x = random(new SplittableRandom(1), 6, 8, 0.1f);
    x.set(0, 0, Float.NaN);
    NmfData data = NmfData.withMissing(x, null);
    assertThatThrownBy(() -> new Nmf(NmfOptions.defaults(2).withSolver(Solver.CD).withInit(InitMethod.RANDOM)).fit(data))
        .isInstanceOf(InvalidParameterException.class).hasMessageContaining("mu")
        .extracting(e -> ((InvalidParameterException) e).parameter()).isEqualTo("solver");
  }

  @Test
  void badMasksAndEmptyImagesAreRefused() {
    FloatMatrix x = random(new SplittableRandom(1), 6, 8, 0.1f);
    assertThatThrownBy(() -> NmfData.withMissing(x, FloatMatrix.zeros(8, 6)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("shape 8x6");
    FloatMatrix hidden = FloatMatrix.zeros(6, 8);
    for (int p = 0; p < 8; p++) {
      hidden.set(2, p, 1);
    }
    assertThatThrownBy(() -> NmfData.withMissing(x, hidden))
        .isInstanceOf(BadInputException.class).hasMessageContaining("image 2 ");
    FloatMatrix negative = x.copy();
    negative.set(1, 1, -1);
    assertThatThrownBy(() -> NmfData.withMissing(negative, null)).isInstanceOf(BadInputException.class);
  }

  static FloatMatrix random(SplittableRandom rng, int rows, int cols, float floor) {
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, floor + (float) rng.nextDouble());
    }
    return m;
  }
}
