package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FloatMatrixTest {
  @Test
  void viewsShareMemory() {
    FloatMatrix m = FloatMatrix.of(3, 2, 1, 2, 3, 4, 5, 6);
    FloatMatrix middle = m.rowRange(1, 2);
    middle.set(0, 1, 40f);
    assertThat(m.get(1, 1)).isEqualTo(40f);
    assertThat(middle.toArray()).containsExactly(3f, 40f);
  }

  @Test
  void transposeSwapsIndices() {
    FloatMatrix m = FloatMatrix.zeros(70, 130);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, i);
    }
    FloatMatrix t = m.transpose();
    assertThat(t.rows()).isEqualTo(130);
    assertThat(t.get(129, 69)).isEqualTo(m.get(69, 129));
    assertThat(t.get(5, 3)).isEqualTo(m.get(3, 5));
  }

  @Test
  void viewOutsideTheMatrixIsRejected() {
    assertThatThrownBy(() -> FloatMatrix.zeros(2, 2).view(1, 2, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void valuesOfTheWrongCountAreRejected() {
    assertThatThrownBy(() -> FloatMatrix.of(2, 2, 1f, 2f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 4 values");
  }
}
