package io.facerecon.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PillowResizeTest {

  static List<LfwGoldenFixtures.Resize> pillowCases() {
    return LfwGoldenFixtures.resizes();
  }

  /** Pillow 9.4's own crop + resize output, level for level, on lossless synthetic images. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pillowCases")
  void matchesPillowExactly(LfwGoldenFixtures.Resize c) {
    DecodedImage image = LfwGoldenFixtures.image(c.image());
    DecodedImage out = image.crop(c.box()[0], c.box()[1], c.box()[2], c.box()[3])
        .resize(c.width(), c.height());
    byte[] expected = LfwGoldenFixtures.bytes(c.levels());
    int plane = c.width() * c.height();
    assertThat(out.channels()).isEqualTo(c.channels());
    assertThat(expected).hasSize(plane * c.channels());
    for (int ch = 0; ch < c.channels(); ch++) {
      byte[] want = java.util.Arrays.copyOfRange(expected, ch * plane, (ch + 1) * plane);
      assertThat(out.planes()[ch]).as("channel %d of %s", ch, c).isEqualTo(want);
    }
  }

  @Test
  void sameSizeIsAFreshCopy() {
    byte[] src = randomPlane(7 * 5, 1);
    byte[] out = PillowResize.resize(src, 7, 5, 7, 5);
    assertThat(out).isEqualTo(src).isNotSameAs(src);
  }

  @Test
  void aSinglePixelSpreadsEvenlyWhenUpscaled() {
    // One tap of weight exactly 1.0: every output pixel is the input level.
    byte[] out = PillowResize.resize(new byte[] {(byte) 201}, 1, 1, 9, 4);
    assertThat(out).hasSize(36).containsOnly((byte) 201);
  }

  @Test
  void constantImagesStayConstant() {
    byte[] src = new byte[40 * 30];
    java.util.Arrays.fill(src, (byte) 255);
    for (int[] size : new int[][] {{1, 1}, {13, 7}, {40, 1}, {97, 61}}) {
      assertThat(PillowResize.resize(src, 40, 30, size[0], size[1]))
          .as("%dx%d", size[0], size[1])
          .containsOnly((byte) 255);
    }
  }

  @Test
  void resizingOneAxisLeavesTheOtherUntouched() {
    // A plane whose rows are all equal keeps equal rows when only the width changes.
    int w = 31;
    int h = 6;
    byte[] row = randomPlane(w, 7);
    byte[] src = new byte[w * h];
    for (int y = 0; y < h; y++) {
      System.arraycopy(row, 0, src, y * w, w);
    }
    byte[] out = PillowResize.resize(src, w, h, 12, h);
    for (int y = 1; y < h; y++) {
      assertThat(java.util.Arrays.copyOfRange(out, y * 12, (y + 1) * 12))
          .isEqualTo(java.util.Arrays.copyOfRange(out, 0, 12));
    }
  }

  @Test
  void rejectsAPlaneOfTheWrongSize() {
    assertThatThrownBy(() -> PillowResize.resize(new byte[10], 4, 3, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10 bytes")
        .hasMessageContaining("4x3");
  }

  @Test
  void rejectsAnEmptyTarget() {
    assertThatThrownBy(() -> PillowResize.resize(new byte[12], 4, 3, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x2");
  }

  private static byte[] randomPlane(int n, long seed) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }
}
