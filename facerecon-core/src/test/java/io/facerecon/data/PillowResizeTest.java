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

  @Test
  void matchesPillowsLoopsOnRandomPlanesAndSizes() {
    SplittableRandom r = new SplittableRandom(11);
    for (int t = 0; t < 300; t++) {
      int w = 1 + r.nextInt(60);
      int h = 1 + r.nextInt(60);
      int dw = 1 + r.nextInt(80);
      int dh = 1 + r.nextInt(80);
      byte[] src = randomPlane(w * h, t);
      assertThat(PillowResize.resize(src, w, h, dw, dh))
          .as("%dx%d to %dx%d", w, h, dw, dh)
          .isEqualTo(PillowLoops.resize(src, w, h, dw, dh));
    }
  }

  /**
   * Pillow's {@code ImagingResampleHorizontal_8bpc} and {@code ImagingResampleVertical_8bpc} as
   * written there, pixel by pixel, with its {@code precompute_coeffs}: the reference for the
   * line-wise implementation.
   */
  private static final class PillowLoops {
    static byte[] resize(byte[] src, int w, int h, int dw, int dh) {
      byte[] plane = src;
      if (dw != w) {
        plane = pass(plane, w, h, dw, true);
      }
      if (dh != h) {
        plane = pass(plane, dw, h, dh, false);
      }
      return plane == src ? src.clone() : plane;
    }

    private static byte[] pass(byte[] in, int width, int height, int outSize, boolean horizontal) {
      int inSize = horizontal ? width : height;
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = 2.0 * filterScale;
      byte[] out = new byte[horizontal ? outSize * height : width * outSize];
      for (int o = 0; o < outSize; o++) {
        double center = (o + 0.5) * scale;
        int xmin = Math.max(0, (int) (center - support + 0.5));
        int count = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
        double[] w = new double[count];
        double total = 0;
        for (int x = 0; x < count; x++) {
          w[x] = cubic((x + xmin - center + 0.5) / filterScale);
          total += w[x];
        }
        int[] k = new int[count];
        for (int x = 0; x < count; x++) {
          double v = total != 0 ? w[x] / total : w[x];
          k[x] = (int) (v < 0 ? -0.5 + v * (1 << 22) : 0.5 + v * (1 << 22));
        }
        int lines = horizontal ? height : width;
        for (int l = 0; l < lines; l++) {
          int sum = 1 << 21;
          for (int x = 0; x < count; x++) {
            int at = horizontal ? l * width + xmin + x : (xmin + x) * width + l;
            sum += (in[at] & 0xff) * k[x];
          }
          int v = Math.max(0, Math.min(255, sum >> 22));
          out[horizontal ? l * outSize + o : o * width + l] = (byte) v;
        }
      }
      return out;
    }

    private static double cubic(double x) {
      double a = -0.5;
      x = Math.abs(x);
      if (x < 1) {
        return ((a + 2) * x - (a + 3)) * x * x + 1;
      }
      return x < 2 ? (((x - 5) * x + 8) * x - 4) * a : 0;
    }
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
