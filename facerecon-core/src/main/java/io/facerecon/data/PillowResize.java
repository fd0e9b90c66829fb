package io.facerecon.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resizes 8-bit image planes exactly as Pillow's {@code Image.resize} does with its default filter
 * (antialiased bicubic, {@code src/libImaging/Resample.c}): separable convolution, horizontal
 * pass first, coefficients in fixed point with 22 fractional bits, each pass rounded and clipped
 * to 8 bits. scikit-learn's {@code fetch_lfw_people} resizes this way, so every pixel we produce
 * is the same multiple of 1/255 as scikit-learn's.
 */
public final class PillowResize {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double BICUBIC_SUPPORT = 2.0;
  /** Filter taps by (input size, output size): a data set resizes thousands of images alike. */
  private static final Map<Long, Coefficients> COEFFICIENTS = new ConcurrentHashMap<>();
  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  private PillowResize() {}

  /**
   * Resizes one plane of {@code srcWidth x srcHeight} unsigned bytes (row-major) to
   * {@code dstWidth x dstHeight}, shrinking or enlarging each axis. As in Pillow, an axis whose
   * size does not change is not filtered, so the same size gives a copy.
   *
   * @param src the plane, {@code srcWidth * srcHeight} bytes
   * @param srcWidth width of {@code src}
   * @param srcHeight height of {@code src}
   * @param dstWidth width of the result, at least 1
   * @param dstHeight height of the result, at least 1
   * @return the resized plane, {@code dstWidth * dstHeight} bytes
   * @throws IllegalArgumentException if {@code src} does not match its size or the target is empty
   */
  public static byte[] resize(byte[] src, int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
    if (src.length != srcWidth * srcHeight) {
      throw new IllegalArgumentException(
          "plane has " + src.length + " bytes, expected " + srcWidth + "x" + srcHeight);
    }
    if (dstWidth < 1 || dstHeight < 1) {
      throw new IllegalArgumentException(
          "target size must be at least 1x1, got " + dstWidth + "x" + dstHeight);
    }
    if (dstWidth == srcWidth && dstHeight == srcHeight) {
      return src.clone();
    }
    Workspace ws = WORKSPACE.get();
    int[] rows; // the current plane, row-major, dstWidth wide once the horizontal pass is done
    if (dstWidth != srcWidth) {
      rows = ws.first(dstWidth * srcHeight);
      Coefficients c = coefficients(srcWidth, dstWidth);
      horizontal(src, srcWidth, srcHeight, c, rows, ws.sums(srcHeight));
    } else {
      rows = ws.first(srcWidth * srcHeight);
      for (int i = 0; i < src.length; i++) {
        rows[i] = src[i] & 0xff;
      }
    }
    if (dstHeight != srcHeight) {
      int[] filtered = ws.second(dstWidth * dstHeight);
      vertical(rows, dstWidth, coefficients(srcHeight, dstHeight), filtered, ws.sums(dstWidth));
      rows = filtered;
    }
    byte[] out = new byte[dstWidth * dstHeight];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) rows[i];
    }
    return out;
  }

  private static Coefficients coefficients(int inSize, int outSize) {
    return COEFFICIENTS.computeIfAbsent(
        ((long) inSize << 32) | outSize, key -> Coefficients.of(inSize, outSize));
  }

  // Both passes take four taps a step, with their weights in locals: a quarter of the loop overhead
  // and of the partial sums' loads and stores, which matters most before the JIT compiler has
  // optimized the loops. Integer sums do not depend on the order of their terms, so any order and
  // grouping gives Pillow's levels exactly.

  /**
   * Pillow's horizontal pass, a column at a time: output column {@code x} sums input columns
   * {@code min[x] ..}, down all rows at once, so each tap's weight is loaded once per column.
   */
  private static void horizontal(
      byte[] in, int inWidth, int height, Coefficients c, int[] out, int[] sums) {
    int outWidth = c.outSize;
    int[] w = c.weights;
    for (int x = 0; x < outWidth; x++) {
      java.util.Arrays.fill(sums, 0, height, 1 << (PRECISION_BITS - 1));
      int k = x * c.ksize;
      int count = c.count[x];
      int i = 0;
      for (; i + 4 <= count; i += 4) {
        int w0 = w[k + i];
        int w1 = w[k + i + 1];
        int w2 = w[k + i + 2];
        int w3 = w[k + i + 3];
        for (int y = 0, at = c.min[x] + i; y < height; y++, at += inWidth) {
          sums[y] += (in[at] & 0xff) * w0 + (in[at + 1] & 0xff) * w1 + (in[at + 2] & 0xff) * w2
              + (in[at + 3] & 0xff) * w3;
        }
      }
      for (; i < count; i++) {
        int weight = w[k + i];
        for (int y = 0, at = c.min[x] + i; y < height; y++, at += inWidth) {
          sums[y] += (in[at] & 0xff) * weight;
        }
      }
      for (int y = 0; y < height; y++) {
        out[y * outWidth + x] = clip8(sums[y]);
      }
    }
  }

  /**
   * Pillow's vertical pass, a row at a time: output row {@code o} is the weighted sum of input
   * rows {@code min[o] ..}, so every inner loop walks whole rows in memory order.
   */
  private static void vertical(int[] in, int width, Coefficients c, int[] out, int[] sums) {
    int[] w = c.weights;
    for (int o = 0; o < c.outSize; o++) {
      java.util.Arrays.fill(sums, 0, width, 1 << (PRECISION_BITS - 1));
      int k = o * c.ksize;
      int count = c.count[o];
      int i = 0;
      for (; i + 4 <= count; i += 4) {
        int w0 = w[k + i];
        int w1 = w[k + i + 1];
        int w2 = w[k + i + 2];
        int w3 = w[k + i + 3];
        int r0 = (c.min[o] + i) * width;
        int r1 = r0 + width;
        int r2 = r1 + width;
        int r3 = r2 + width;
        for (int x = 0; x < width; x++) {
          sums[x] += in[r0 + x] * w0 + in[r1 + x] * w1 + in[r2 + x] * w2 + in[r3 + x] * w3;
        }
      }
      for (; i < count; i++) {
        int weight = w[k + i];
        int row = (c.min[o] + i) * width;
        for (int x = 0; x < width; x++) {
          sums[x] += in[row + x] * weight;
        }
      }
      for (int x = 0; x < width; x++) {
        out[o * width + x] = clip8(sums[x]);
      }
    }
  }

  /** A sum of fixed-point terms as an 8-bit level: rounded (the sum starts at one half), clipped. */
  private static int clip8(int sum) {
    int v = sum >> PRECISION_BITS;
    return v < 0 ? 0 : Math.min(v, 255);
  }

  /** Scratch planes of one thread, grown as needed: images of a data set are resized alike. */
  private static final class Workspace {
    private int[] first = new int[0];
    private int[] second = new int[0];
    private int[] sums = new int[0];

    int[] first(int n) {
      if (first.length < n) {
        first = new int[n];
      }
      return first;
    }

    int[] second(int n) {
      if (second.length < n) {
        second = new int[n];
      }
      return second;
    }

    int[] sums(int n) {
      if (sums.length < n) {
        sums = new int[n];
      }
      return sums;
    }
  }

  private static double bicubic(double x) {
    final double a = -0.5;
    x = Math.abs(x);
    if (x < 1.0) {
      return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0.0;
  }

  /** Filter taps for one axis: Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc}. */
  private static final class Coefficients {
    final int outSize;
    final int ksize;
    final int[] min;
    final int[] count;
    final int[] weights;

    private Coefficients(int outSize, int ksize) {
      this.outSize = outSize;
      this.ksize = ksize;
      this.min = new int[outSize];
      this.count = new int[outSize];
      this.weights = new int[outSize * ksize];
    }

    static Coefficients of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = BICUBIC_SUPPORT * filterScale;
      int ksize = (int) Math.ceil(support) * 2 + 1;
      Coefficients c = new Coefficients(outSize, ksize);
      double[] w = new double[ksize];
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        double ss = 1.0 / filterScale;
        int xmin = Math.max(0, (int) (center - support + 0.5));
        int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
        double total = 0.0;
        for (int x = 0; x < xmax; x++) {
          w[x] = bicubic((x + xmin - center + 0.5) * ss);
          total += w[x];
        }
        for (int x = 0; x < xmax; x++) {
          double v = total != 0.0 ? w[x] / total : w[x];
          c.weights[xx * ksize + x] =
              (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
        }
        c.min[xx] = xmin;
        c.count[xx] = xmax;
      }
      return c;
    }
  }
}
