package io.facerecon.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurveTest {
  @Test
  void perStepNumbersStepsFromOneAndKeepsItsOwnCopy() {
    double[] values = {0.5, 0.25, 0.125};
    Curve c = Curve.perStep("training loss", "epoch", values);
    values[0] = 99;
    assertThat(c.steps()).containsExactly(1, 2, 3);
    assertThat(c.values()).containsExactly(0.5, 0.25, 0.125);
    c.values()[1] = 99;
    assertThat(c.values()[1]).isEqualTo(0.25);
    assertThat(c).isEqualTo(Curve.perStep("training loss", "epoch", new double[] {0.5, 0.25, 0.125}));
  }

  @Test
  void stepsAndValuesMustPairUp() {
    assertThatThrownBy(() -> new Curve("error", "iteration", new double[] {10, 20}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'error' has 2 steps but 1 values");
    assertThatThrownBy(() -> new FitResult(-1, "epochs", List.of()))
        .hasMessageContaining("steps must be >= 0");
  }
}
