package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CropTest {
  @Test
  void forwardKeepsTheTopLeftAndBackwardZeroesTheBorder() {
    Crop crop = new Crop(2, 2);
    Tensor x = Tensor.of(1, new Shape(1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(values(crop.forward(x))).containsExactly(1, 2, 4, 5);
    Tensor dx = crop.backward(Tensor.of(1, new Shape(1, 2, 2), 10, 20, 30, 40), true);
    assertThat(values(dx)).containsExactly(10, 20, 0, 30, 40, 0, 0, 0, 0);
  }

  @Test
  void theBorderStaysZeroWhenTheInputChangesShapeButNotSize() {
    Crop crop = new Crop(2, 2);
    crop.forward(Tensor.zeros(1, new Shape(1, 3, 4)));
    crop.backward(Tensor.of(1, new Shape(1, 2, 2), 1, 2, 3, 4), true);
    crop.forward(Tensor.zeros(1, new Shape(1, 4, 3)));
    Tensor dx = crop.backward(Tensor.of(1, new Shape(1, 2, 2), 5, 6, 7, 8), true);
    assertThat(values(dx)).containsExactly(5, 6, 0, 7, 8, 0, 0, 0, 0, 0, 0, 0);
  }

  private static float[] values(Tensor t) {
    float[] v = new float[t.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.get(i);
    }
    return v;
  }
}
