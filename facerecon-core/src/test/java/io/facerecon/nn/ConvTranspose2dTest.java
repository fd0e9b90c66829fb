package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Behaviour the golden fixtures do not reach: output pixels that no kernel tap covers. */
class ConvTranspose2dTest {
  @Test
  void pixelsNoTapReachesHoldTheBiasAlone() {
    // kernel 1, stride 2, no padding, output padding 1: odd rows and columns get no product.
    ConvTranspose2d layer = new ConvTranspose2d(1, 1, 1, 2, 0, 1);
    layer.weight.value().set(0, 3f);
    layer.bias.value().set(0, 0.5f);
    Tensor x = Tensor.of(1, new Shape(1, 2, 3), 1, 2, 3, 4, 5, 6);
    Tensor y = layer.forward(x);
    assertThat(y.shape()).isEqualTo(new Shape(1, 4, 6));
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 6; c++) {
        float expected = r % 2 == 0 && c % 2 == 0 ? 3f * (r / 2 * 3 + c / 2 + 1) + 0.5f : 0.5f;
        assertThat(y.get(r * 6 + c)).as("pixel (%d, %d)", r, c).isEqualTo(expected);
      }
    }
  }
}
