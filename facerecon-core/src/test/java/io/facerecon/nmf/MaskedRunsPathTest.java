package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.VectorSupport;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The weighted MU's runs path for β = 2 (the Gram products less sums over the missing entries,
 * {@link MaskedMultiplicativeUpdate}) against its dense path, the numpy reference and the masked
 * objective, with the SIMD and the plain sums alike.
 */
class MaskedRunsPathTest {

  /** H then W, {@code iterations} times, as {@link Nmf} runs them. */
  private static void iterate(NmfData data, FloatMatrix wt, FloatMatrix h, MaskedMultiplicativeUpdate.Path path,
      MaskedCorrection.Factory corrections, int iterations) {
    int k = wt.rows();
    MaskedMultiplicativeUpdate codes = new MaskedMultiplicativeUpdate(
        k, Side.CODES, data, Penalty.NONE, BetaLoss.FROBENIUS, path, corrections);
    MaskedMultiplicativeUpdate basis = new MaskedMultiplicativeUpdate(
        k, Side.BASIS, data, Penalty.NONE, BetaLoss.FROBENIUS, path, corrections);
    assertThat(codes.onRuns()).isEqualTo(path == MaskedMultiplicativeUpdate.Path.RUNS);
    for (int it = 0; it < iterations; it++) {
      codes.update(wt, data.vt(), h, false);
      basis.update(h, data.basisData(k), wt, false);
    }
  }

  /** Images × pixels data, and a mask with a block of each image missing plus scattered pixels. */
  private static NmfData blockMasked(long seed, int images, int height, int width) {
    SplittableRandom rng = new SplittableRandom(seed);
    FloatMatrix x = MaskedNmfTest.random(rng, images, height * width, 0.05f);
    FloatMatrix missing = FloatMatrix.zeros(images, height * width);
    for (int i = 0; i < images; i++) {
      int side = 2 + rng.nextInt(height / 2);
      int top = rng.nextInt(height - side + 1);
      int left = rng.nextInt(width - side + 1);
      for (int y = top; y < top + side; y++) {
        for (int c = left; c < left + side; c++) {
          missing.set(i, y * width + c, 1);
        }
      }
      missing.set(i, rng.nextInt(height * width), 1);
    }
    // The last row of pixels is missing everywhere: the basis takes those rows directly.
    for (int i = 0; i < images; i++) {
      for (int c = 0; c < width; c++) {
        missing.set(i, (height - 1) * width + c, 1);
      }
    }
    return NmfData.withMissing(x, missing);
  }

  @Test
  void theRunsPathGivesTheDensePathsIterates() {
    for (long seed = 0; seed < 4; seed++) {
      NmfData data = blockMasked(seed, 37, 13, 11);
      SplittableRandom rng = new SplittableRandom(seed + 50);
      FloatMatrix wt0 = MaskedNmfTest.random(rng, 6, data.pixels(), 0.1f);
      FloatMatrix h0 = MaskedNmfTest.random(rng, 6, data.images(), 0.1f);
      FloatMatrix denseW = wt0.copy();
      FloatMatrix denseH = h0.copy();
      iterate(data, denseW, denseH, MaskedMultiplicativeUpdate.Path.DENSE, MaskedCorrection::of, 30);
      for (MaskedCorrection.Factory factory : MaskedCorrectionTest.implementations()) {
        FloatMatrix wt = wt0.copy();
        FloatMatrix h = h0.copy();
        iterate(data, wt, h, MaskedMultiplicativeUpdate.Path.RUNS, factory, 30);
        assertThat(Golden.relativeMaxDifference(wt, denseW)).as("W, seed %d", seed).isLessThan(1e-4);
        assertThat(Golden.relativeMaxDifference(h, denseH)).as("H, seed %d", seed).isLessThan(1e-4);
      }
    }
  }

  @Test
  void theRunsPathEqualsTheNumpyReference() {
    Golden g = Golden.load("masked_mu_beta2");
    NmfData data = NmfData.withMissing(g.matrix("V").transpose(), g.matrix("missing").transpose());
    for (MaskedCorrection.Factory factory : MaskedCorrectionTest.implementations()) {
      for (int it : new int[] {1, 10, 100}) {
        FloatMatrix wt = g.matrix("W0").transpose();
        FloatMatrix h = g.matrix("H0");
        iterate(data, wt, h, MaskedMultiplicativeUpdate.Path.RUNS, factory, it);
        assertThat(Golden.relativeMaxDifference(wt.transpose(), g.matrix("W" + it))).as("W after %d", it)
            .isLessThan(1e-4);
        assertThat(Golden.relativeMaxDifference(h, g.matrix("H" + it))).as("H after %d", it).isLessThan(1e-4);
      }
    }
  }

  @Test
  void theMaskedObjectiveNeverIncreasesOnTheRunsPath() {
    for (long seed = 0; seed < 30; seed++) {
      NmfData data = blockMasked(seed, 12, 6, 5);
      SplittableRandom rng = new SplittableRandom(seed + 7);
      FloatMatrix wt = MaskedNmfTest.random(rng, 3, data.pixels(), 0.1f);
      FloatMatrix h = MaskedNmfTest.random(rng, 3, data.images(), 0.1f);
      Divergence divergence = new Divergence(data.pixels(), data.images());
      double previous = Double.POSITIVE_INFINITY;
      for (MaskedCorrection.Factory factory : MaskedCorrectionTest.implementations()) {
        for (int step = 0; step < 30; step++) {
          iterate(data, wt, h, MaskedMultiplicativeUpdate.Path.RUNS, factory, 1);
          double objective = divergence.compute(data, wt, h, BetaLoss.FROBENIUS).beta();
          assertThat(objective).as("seed %d step %d", seed, step).isLessThanOrEqualTo(previous * (1 + 1e-6) + 1e-9);
          previous = objective;
        }
      }
    }
  }

  @Test
  void theErrorFromTheProductsIsTheMaskedError() {
    NmfData data = blockMasked(3, 29, 12, 10);
    SplittableRandom rng = new SplittableRandom(8);
    int k = 5;
    FloatMatrix wt = MaskedNmfTest.random(rng, k, data.pixels(), 0.1f);
    FloatMatrix h = MaskedNmfTest.random(rng, k, data.images(), 0.1f);
    Divergence divergence = new Divergence(data.pixels(), data.images());
    for (MaskedCorrection.Factory factory : MaskedCorrectionTest.implementations()) {
      MaskedMultiplicativeUpdate codes = new MaskedMultiplicativeUpdate(
          k, Side.CODES, data, Penalty.NONE, BetaLoss.FROBENIUS, MaskedMultiplicativeUpdate.Path.RUNS, factory);
      MaskedMultiplicativeUpdate basis = new MaskedMultiplicativeUpdate(
          k, Side.BASIS, data, Penalty.NONE, BetaLoss.FROBENIUS, MaskedMultiplicativeUpdate.Path.RUNS, factory);
      codes.computeProducts(wt, data.vt());
      double exact = divergence.compute(data, wt, h, BetaLoss.FROBENIUS).squaredFrobenius();
      assertThat(codes.squaredError(data.squaredNorm(), h)).as("before the first update")
          .isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(1e-3));
      for (int it = 0; it < 5; it++) {
        codes.update(wt, data.vt(), h, false);
        exact = divergence.compute(data, wt, h, BetaLoss.FROBENIUS).squaredFrobenius();
        assertThat(codes.squaredError(data.squaredNorm(), h)).as("after the codes, iteration %d", it)
            .isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(1e-3));
        basis.update(h, data.basisData(k), wt, false);
        exact = divergence.compute(data, wt, h, BetaLoss.FROBENIUS).squaredFrobenius();
        assertThat(basis.squaredError(data.squaredNorm(), wt)).as("after the basis, iteration %d", it)
            .isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(1e-3));
      }
    }
  }

  @Test
  void blocksTakeTheRunsPathScatteredPixelsAndOtherBetasTheDensePath() {
    // Without the Vector API the plain kernel is slower than the dense path on such masks.
    NmfData blocks = blockMasked(1, 40, 16, 12);
    assertThat(new MaskedMultiplicativeUpdate(4, Side.CODES, blocks, Penalty.NONE, BetaLoss.FROBENIUS).onRuns())
        .isEqualTo(VectorSupport.AVAILABLE);
    assertThat(new MaskedMultiplicativeUpdate(4, Side.BASIS, blocks, Penalty.NONE, BetaLoss.FROBENIUS).onRuns())
        .isEqualTo(VectorSupport.AVAILABLE);
    assertThat(new MaskedMultiplicativeUpdate(4, Side.CODES, blocks, Penalty.NONE, new BetaLoss(1)).onRuns())
        .isFalse();
    SplittableRandom rng = new SplittableRandom(2);
    FloatMatrix x = MaskedNmfTest.random(rng, 40, 192, 0.05f);
    FloatMatrix scattered = FloatMatrix.zeros(40, 192);
    for (int i = 0; i < scattered.size(); i++) {
      scattered.set(i, rng.nextDouble() < 0.3 ? 1 : 0);
    }
    NmfData pixels = NmfData.withMissing(x, scattered);
    assertThat(new MaskedMultiplicativeUpdate(4, Side.CODES, pixels, Penalty.NONE, BetaLoss.FROBENIUS).onRuns())
        .isFalse();
  }
}
