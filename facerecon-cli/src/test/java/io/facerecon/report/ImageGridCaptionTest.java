package io.facerecon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.linalg.FloatMatrix;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGridCaptionTest {
  @Test
  void captionsSitLeftOfTheUnchangedGrid() {
    FloatMatrix white = FloatMatrix.zeros(3, 12);
    white.fill(1f);
    FloatMatrix black = FloatMatrix.zeros(3, 12);
    BufferedImage plain = ImageGrid.rows(List.of(white, black), 4, 3, 5);
    BufferedImage captioned =
        ImageGrid.captionedRows(List.of(white, black), List.of("original", "a method"), 4, 3, 5);
    int offset = captioned.getWidth() - plain.getWidth();
    assertThat(offset).isGreaterThan(20);
    assertThat(captioned.getHeight()).isEqualTo(plain.getHeight());
    for (int y = 0; y < plain.getHeight(); y++) {
      for (int x = 0; x < plain.getWidth(); x++) {
        assertThat(captioned.getRaster().getSample(x + offset, y, 0))
            .isEqualTo(plain.getRaster().getSample(x, y, 0));
      }
    }
    // Some caption ink lies in each row's band.
    int rowHeight = (plain.getHeight()) / 2;
    for (int r = 0; r < 2; r++) {
      boolean ink = false;
      for (int y = r * rowHeight; y < (r + 1) * rowHeight; y++) {
        for (int x = 0; x < offset; x++) {
          ink |= captioned.getRaster().getSample(x, y, 0) < 128;
        }
      }
      assertThat(ink).as("caption of row " + r).isTrue();
    }
  }

  @Test
  void captionCountMustMatchRows() {
    FloatMatrix m = FloatMatrix.zeros(2, 4);
    assertThatThrownBy(() -> ImageGrid.captionedRows(List.of(m), List.of("a", "b"), 2, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 captions for 1 grid rows");
  }
}
