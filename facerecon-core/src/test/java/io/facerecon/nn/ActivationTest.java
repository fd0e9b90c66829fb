package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivationTest {
  @Test
  void fastExpIsWithinAFewUlpOfMathExp() {
    double worst = 0;
    for (float x = -87.3f; x <= 88f; x += 0.001f) {
      double exact = Math.exp(x);
      worst = Math.max(worst, Math.abs(Activation.exp(x) - exact) / exact);
    }
    assertThat(worst).isLessThan(5e-7);
    assertThat(Activation.exp(Float.NaN)).isNaN();
    assertThat(Activation.exp(-200f)).isZero();
    assertThat(Activation.exp(200f)).isInfinite();
  }

  @Test
  void sigmoidSaturatesAndPropagatesNaN() {
    float[] x = {-1000f, -20f, 0f, 20f, 1000f, Float.NaN};
    Activation.SIGMOID.forward(x, 0, x.length);
    assertThat(x[0]).isBetween(0f, 1e-30f);
    assertThat(x[2]).isEqualTo(0.5f);
    assertThat(x[4]).isEqualTo(1f);
    assertThat(x[5]).isNaN();
  }
}
