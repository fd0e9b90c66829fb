package io.facerecon.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facerecon.linalg.FloatMatrix;
import org.junit.jupiter.api.Test;

class SparsenessTest {
  @Test
  void oneNonZeroEntryIsOneAndEqualMagnitudesAreZero() {
    assertThat(Sparseness.of(new float[] {0, 0, 3, 0})).isCloseTo(1, within(1e-12));
    assertThat(Sparseness.of(new float[] {2, -2, 2, -2})).isCloseTo(0, within(1e-12));
  }

  @Test
  void matchesHoyersFormulaInBetween() {
    // n = 4, ‖x‖₁ = 3, ‖x‖₂ = √5: (2 − 3/√5) / (2 − 1)
    assertThat(Sparseness.of(new float[] {1, 2, 0, 0})).isCloseTo(2 - 3 / Math.sqrt(5), within(1e-12));
  }

  @Test
  void aMatrixAveragesItsNonZeroRows() {
    FloatMatrix m = FloatMatrix.of(3, 2, 1, 0, 0, 0, 1, 1);
    assertThat(Sparseness.meanOfRows(m)).isCloseTo(0.5, within(1e-12));
    assertThat(Sparseness.meanOfRows(FloatMatrix.zeros(2, 3))).isNaN();
  }

  @Test
  void needsTwoEntries() {
    assertThatThrownBy(() -> Sparseness.of(new float[] {1})).hasMessageContaining("at least 2");
  }
}
