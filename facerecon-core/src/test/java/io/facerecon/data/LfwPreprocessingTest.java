package io.facerecon.data;

import io.facerecon.io.BadInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LfwPreprocessingTest {

  @Test
  void outputSizeTruncatesAsPythonsInt() {
    // scikit-learn: h, w = int(resize * 125), int(resize * 94)
    assertSize(0.5, 62, 47);
    assertSize(0.33, 41, 31);
    assertSize(1.0, 125, 94);
    assertSize(1.7, 212, 159);
    assertSize(0.0107, 1, 1);
  }

  @Test
  void aFactorThatLeavesNoPixelIsBadInput() {
    assertThatThrownBy(() -> new LfwPreprocessing(0.01))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("resize 0.01")
        .hasMessageContaining("1x0");
    assertThatThrownBy(() -> new LfwPreprocessing(-1))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("resize must be > 0");
    assertThatThrownBy(() -> new LfwPreprocessing(Double.NaN)).isInstanceOf(BadInputException.class);
  }

  @Test
  void anImageTooSmallForTheFaceBoxIsNamed() {
    DecodedImage small = new DecodedImage(100, 100, new byte[][] {new byte[100 * 100]});
    assertThatThrownBy(() -> new LfwPreprocessing(0.5).apply(small, "Ada/Ada_0001.jpg", new float[2914], 0))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("Ada/Ada_0001.jpg: image is 100x100")
        .hasMessageContaining("250x250 expected");
  }

  private static void assertSize(double resize, int height, int width) {
    LfwPreprocessing p = new LfwPreprocessing(resize);
    assertThat(new int[] {p.height(), p.width()}).as("resize %s", resize).containsExactly(height, width);
  }
}
