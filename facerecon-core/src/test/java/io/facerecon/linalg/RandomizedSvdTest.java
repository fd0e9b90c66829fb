package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.testing.GoldenTensors;
import org.junit.jupiter.api.Test;

/** The randomized SVD's behaviour beyond the golden cases. */
class RandomizedSvdTest {
  private static final GoldenTensors DATA = GoldenTensors.load("decomposition/data.safetensors");

  /** The plain reference: X − 1·μᵀ formed explicitly. */
  private static FloatMatrix centred(FloatMatrix x, float[] mean) {
    FloatMatrix c = x.copy();
    for (int i = 0; i < x.rows(); i++) {
      for (int j = 0; j < x.cols(); j++) {
        c.set(i, j, x.get(i, j) - mean[j]);
      }
    }
    return c;
  }

  private static float[] columnMeans(FloatMatrix x) {
    float[] mean = new float[x.cols()];
    for (int j = 0; j < x.cols(); j++) {
      double s = 0;
      for (int i = 0; i < x.rows(); i++) {
        s += x.get(i, j);
      }
      mean[j] = (float) (s / x.rows());
    }
    return mean;
  }

  @Test
  void centringWithoutACopyEqualsCentringTheData() {
    for (String name : new String[] {"tall", "wide"}) {
      FloatMatrix x = DATA.matrix(name);
      float[] mean = columnMeans(x);
      RandomizedSvd.Options options = RandomizedSvd.Options.defaults();
      Lapack.Svd implicit = RandomizedSvd.compute(x, mean, 6, 3, options);
      Lapack.Svd explicit = RandomizedSvd.compute(centred(x, mean), null, 6, 3, options);
      assertThat(GoldenTensors.relativeMaxDifference(implicit.s(), explicit.s())).as(name).isLessThan(1e-5);
      assertThat(GoldenTensors.relativeMaxDifference(implicit.u(), explicit.u())).as(name).isLessThan(1e-4);
      assertThat(GoldenTensors.relativeMaxDifference(implicit.vt(), explicit.vt())).as(name).isLessThan(1e-4);
    }
  }

  @Test
  void theShortFormUsesScikitLearnsDefaults() {
    FloatMatrix x = DATA.matrix("wide");
    Lapack.Svd a = RandomizedSvd.compute(x, 4, 9);
    Lapack.Svd b = RandomizedSvd.compute(x, null, 4, 9, RandomizedSvd.Options.defaults());
    assertThat(a.u().toArray()).containsExactly(b.u().toArray());
    assertThat(a.s()).containsExactly(b.s());
  }

  @Test
  void withoutSignFlippingTheProductIsUnchanged() {
    FloatMatrix x = DATA.matrix("tall");
    Lapack.Svd flipped = RandomizedSvd.compute(x, null, 5, 0, RandomizedSvd.Options.defaults());
    Lapack.Svd raw = RandomizedSvd.compute(x, null, 5, 0, RandomizedSvd.Options.defaults().withFlipSign(false));
    for (int j = 0; j < 5; j++) {
      float sign = Math.signum(flipped.vt().get(j, 0)) * Math.signum(raw.vt().get(j, 0));
      for (int c = 0; c < x.cols(); c++) {
        assertThat(raw.vt().get(j, c) * sign).isEqualTo(flipped.vt().get(j, c));
      }
    }
  }

  @Test
  void autoIterationsAreScikitLearns() {
    assertThat(RandomizedSvd.autoIterations(30, 1217, 2914)).isEqualTo(7);
    assertThat(RandomizedSvd.autoIterations(122, 1217, 2914)).isEqualTo(4);
    assertThat(RandomizedSvd.autoIterations(121, 1217, 2914)).isEqualTo(7);
  }

  @Test
  void refusesAnImpossibleRank() {
    FloatMatrix x = DATA.matrix("wide");
    assertThatThrownBy(() -> RandomizedSvd.compute(x, 31, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..30");
    assertThatThrownBy(() -> RandomizedSvd.compute(x, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RandomizedSvd.compute(x, new float[3], 2, 0, RandomizedSvd.Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column means");
  }
}
