package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.testing.PlainMultiplicativeRule;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour beyond scikit-learn's numbers: determinism, model files, acceleration, history. */
class NmfBehaviourTest {
  private static final Golden DATA = Golden.load("data");

  private static NmfData data() {
    return NmfData.ofPixelsByImages(DATA.matrix("V"));
  }

  @ParameterizedTest
  @CsvSource({"MU, 2, false", "MU, 1, false", "MU, 0.5, false", "MU, 2, true", "CD, 2, false", "CD, 2, true"})
  void oneLayoutOfTheDataGivesTheFactorsOfTwo(Solver solver, double beta, boolean accelerated) {
    FloatMatrix x = DATA.matrix("V").transpose();
    NmfOptions options = NmfOptions.defaults(4).withSolver(solver).withBetaLoss(new BetaLoss(beta))
        .withInit(InitMethod.RANDOM).withAccelerated(accelerated).withMaxIterations(20).withTol(0);
    NmfData both = NmfData.ofImagesByPixels(x, NmfData.BOTH_LAYOUTS_MAX_BYTES, 1);
    NmfData one = NmfData.ofImagesByPixels(x, 0, 1);
    assertThat(both.basisDataTransposed(4)).isFalse();
    assertThat(one.basisDataTransposed(4)).isTrue();
    NmfFit a = new Nmf(options).fit(both);
    NmfFit b = new Nmf(options).fit(one);
    assertClose(a.basis().toArray(), b.basis().toArray());
    assertClose(a.codes().toArray(), b.codes().toArray());
  }

  @Test
  void fitsBelowTheComponentThresholdReadTheOneLayoutAndLargerOnesTheSecond() {
    FloatMatrix x = DATA.matrix("V").transpose();
    NmfData data = NmfData.ofImagesByPixels(x);
    int threshold = NmfData.SECOND_LAYOUT_MIN_COMPONENTS;
    assertThat(data.basisDataTransposed(threshold - 1)).isTrue();
    assertThat(data.basisData(threshold - 1)).isSameAs(data.vt());
    assertThat(data.basisDataTransposed(threshold)).isFalse();
    FloatMatrix v = data.basisData(threshold);
    assertThat(v.toArray()).containsExactly(x.transpose().toArray());
    assertThat(data.basisData(threshold + 5)).as("built once").isSameAs(v);
    assertThat(data.basisData(threshold - 1)).as("the choice depends on k only").isSameAs(data.vt());
    assertThat(NmfData.ofImagesByPixels(x, 0, 1).basisDataTransposed(threshold)).as("too large for two").isTrue();
  }

  /**
   * At 50 components the numerators are products OpenBLAS computes in their own k × c layout (no
   * narrow kernel takes them): the fit follows the update rule, the codes first (scikit-learn's W),
   * H ← H ⊙ (Wᵀ·V) / (Wᵀ·W·H), then the basis, W ← W ⊙ (V·Hᵀ) / (W·H·Hᵀ), here in double
   * precision, with V held once (read transposed) and twice.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void fiftyComponentsFollowTheMultiplicativeRule(boolean bothLayouts) {
    int images = 150;
    int pixels = 300;
    int k = 50;
    SplittableRandom rnd = new SplittableRandom(3);
    double[][] v = new double[pixels][images];
    double[][] w = new double[pixels][k];
    double[][] h = new double[k][images];
    FloatMatrix x = FloatMatrix.zeros(images, pixels);
    FloatMatrix w0 = FloatMatrix.zeros(pixels, k);
    FloatMatrix h0 = FloatMatrix.zeros(k, images);
    for (int p = 0; p < pixels; p++) {
      for (int i = 0; i < images; i++) {
        x.set(i, p, (float) rnd.nextDouble());
        v[p][i] = x.get(i, p);
      }
      for (int t = 0; t < k; t++) {
        w0.set(p, t, (float) rnd.nextDouble(0.1, 1));
        w[p][t] = w0.get(p, t);
      }
    }
    for (int t = 0; t < k; t++) {
      for (int i = 0; i < images; i++) {
        h0.set(t, i, (float) rnd.nextDouble(0.1, 1));
        h[t][i] = h0.get(t, i);
      }
    }
    int iterations = 3;
    NmfData data = NmfData.ofImagesByPixels(x, bothLayouts ? NmfData.BOTH_LAYOUTS_MAX_BYTES : 0, 1);
    NmfFit fit = new Nmf(NmfOptions.defaults(k).withSolver(Solver.MU).withAccelerated(false)
        .withMaxIterations(iterations).withTol(0))
        .fit(data, w0, h0);
    for (int it = 0; it < iterations; it++) {
      PlainMultiplicativeRule.Factors next = PlainMultiplicativeRule.iterate(v, w, h);
      w = next.w();
      h = next.h();
    }
    assertClose(flat(w), fit.basis().toArray());
    assertClose(flat(h), fit.codes().toArray());
  }

  private static float[] flat(double[][] a) {
    float[] f = new float[a.length * a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        f[i * a[0].length + j] = (float) a[i][j];
      }
    }
    return f;
  }

  private static void assertClose(float[] expected, float[] actual) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("value %d", i)
          .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4 * (1 + Math.abs(expected[i]))));
    }
  }

  @Test
  void sameSeedGivesTheSameFactors() {
    NmfOptions options = NmfOptions.defaults(4).withSolver(Solver.CD).withInit(InitMethod.NNDSVDAR)
        .withShuffle(true).withSeed(7).withMaxIterations(30).withTol(0);
    NmfFit a = new Nmf(options).fit(data());
    NmfFit b = new Nmf(options).fit(data());
    assertThat(a.basis().toArray()).containsExactly(b.basis().toArray());
    assertThat(a.codes().toArray()).containsExactly(b.codes().toArray());
    NmfFit other = new Nmf(options.withSeed(8)).fit(data());
    assertThat(other.basis().toArray()).isNotEqualTo(a.basis().toArray());
  }

  @Test
  void historyHasTheStartAndEveryTenthIterationAndDecreases() {
    NmfFit fit = new Nmf(NmfOptions.defaults(4).withSolver(Solver.MU).withInit(InitMethod.RANDOM)
        .withMaxIterations(50).withTol(0)).fit(data());
    assertThat(fit.history()).extracting(NmfFit.ErrorPoint::iteration).containsExactly(0, 10, 20, 30, 40, 50);
    for (int i = 1; i < fit.history().size(); i++) {
      assertThat(fit.history().get(i).error()).isLessThanOrEqualTo(fit.history().get(i - 1).error() * (1 + 1e-6));
    }
    assertThat(fit.history().get(5).error()).isCloseTo(fit.reconstructionError(), org.assertj.core.data.Percentage.withPercentage(1e-3));
  }

  @Test
  void iterationLimitWithToleranceWarns() {
    NmfFit fit = new Nmf(NmfOptions.defaults(4).withMaxIterations(3).withTol(1e-12)).fit(data());
    assertThat(fit.converged()).isFalse();
    assertThat(fit.warnings()).anyMatch(w -> w.contains("maximum number of iterations 3"));
  }

  @Test
  void acceleratedUpdatesReachALowerErrorInTheSameIterations() {
    // Low rank plus noise, large enough for several inner updates per data product.
    SplittableRandom random = new SplittableRandom(3);
    FloatMatrix w = FloatMatrix.zeros(400, 8);
    FloatMatrix h = FloatMatrix.zeros(8, 300);
    for (int i = 0; i < w.size(); i++) {
      w.set(i, (float) random.nextDouble());
    }
    for (int i = 0; i < h.size(); i++) {
      h.set(i, (float) random.nextDouble());
    }
    FloatMatrix v = io.facerecon.linalg.Blas.multiply(false, w, false, h);
    for (int i = 0; i < v.size(); i++) {
      v.set(i, v.get(i) + 0.05f * (float) random.nextDouble());
    }
    NmfData data = NmfData.ofPixelsByImages(v);
    for (Solver solver : Solver.values()) {
      NmfOptions options = NmfOptions.defaults(8).withSolver(solver).withInit(InitMethod.RANDOM)
          .withMaxIterations(10).withTol(0);
      double plain = new Nmf(options).fit(data).relativeError();
      double accelerated = new Nmf(options.withAccelerated(true)).fit(data).relativeError();
      assertThat(accelerated).as(solver.name()).isLessThan(plain);
    }
  }

  @Test
  void modelFileRoundTripsAndTransformsAsTheOriginal(@TempDir Path dir) throws Exception {
    NmfFit fit = new Nmf(NmfOptions.defaults(4).withSolver(Solver.MU).withMaxIterations(40).withTol(0)
        .withRegularization(0.01, Double.NaN, 0.5)).fit(data());
    Path file = dir.resolve("model.safetensors");
    fit.model().save(file, Map.of("height", "5", "width", "6"));
    NmfModel.Loaded loaded = NmfModel.load(file);
    assertThat(loaded.metadata()).containsEntry("height", "5");
    assertThat(loaded.model().options()).isEqualTo(fit.model().options().withInit(null).withShuffle(false)
        .withRegularization(0.01, 0.01, 0.5));
    NmfData fresh = NmfData.ofPixelsByImages(DATA.matrix("V2"));
    assertThat(loaded.model().transform(fresh).toArray()).containsExactly(fit.model().transform(fresh).toArray());
  }

  @Test
  void inverseTransformOfTheCodesIsTheReconstruction() {
    NmfFit fit = new Nmf(NmfOptions.defaults(4).withMaxIterations(100)).fit(data());
    FloatMatrix approx = fit.model().inverseTransform(fit.codes());
    FloatMatrix v = DATA.matrix("V");
    double residual = 0;
    double norm = 0;
    for (int i = 0; i < v.size(); i++) {
      double d = v.get(i) - approx.get(i);
      residual += d * d;
      norm += (double) v.get(i) * v.get(i);
    }
    assertThat(Math.sqrt(residual / norm)).isCloseTo(fit.relativeError(), org.assertj.core.data.Offset.offset(1e-6));
  }
}
