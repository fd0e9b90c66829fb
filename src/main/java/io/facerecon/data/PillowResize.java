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

  private PillowResize() {}

  /**
   * Resizes one plane of {@code srcWidth x srcHeight} unsigned bytes (row-major) to
   * {@code dstWidth x dstHeight}, shrinking or enlarging each axis. As in Pillow, an axis whose
   * size does not change is not filtered, so the same size gives a copy.
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
    byte[] plane = src;
    int width = srcWidth;
    if (dstWidth != srcWidth) {
      plane = horizontal(plane, srcWidth, srcHeight, coefficients(srcWidth, dstWidth));
      width = dstWidth;
    }
    if (dstHeight != srcHeight) {
      plane = vertical(plane, width, srcHeight, coefficients(srcHeight, dstHeight));
    }
    return plane == src ? src.clone() : plane;
  }

  private static Coefficients coefficients(int inSize, int outSize) {
    return COEFFICIENTS.computeIfAbsent(
        ((long) inSize << 32) | outSize, key -> Coefficients.of(inSize, outSize));
  }

  private static byte[] horizontal(byte[] in, int inWidth, int height, Coefficients c) {
    int outWidth = c.outSize;
    byte[] out = new byte[outWidth * height];
    for (int y = 0; y < height; y++) {
      int row = y * inWidth;
      for (int x = 0; x < outWidth; x++) {
        int min = c.min[x];
        int count = c.count[x];
        int k = x * c.ksize;
        int sum = 1 << (PRECISION_BITS - 1);
        for (int i = 0; i < count; i++) {
          sum += (in[row + min + i] & 0xff) * c.weights[k + i];
        }
        out[y * outWidth + x] = clip8(sum);
      }
    }
    return out;
  }

  private static byte[] vertical(byte[] in, int width, int inHeight, Coefficients c) {
    int outHeight = c.outSize;
    byte[] out = new byte[width * outHeight];
    int[] sums = new int[width];
    // Row by row, so that every inner loop walks memory in order; integer sums do not depend on
    // the order of their terms, so this gives Pillow's pixels exactly.
    for (int y = 0; y < outHeight; y++) {
      java.util.Arrays.fill(sums, 1 << (PRECISION_BITS - 1));
      int k = y * c.ksize;
      for (int i = 0; i < c.count[y]; i++) {
        int weight = c.weights[k + i];
        int row = (c.min[y] + i) * width;
        for (int x = 0; x < width; x++) {
          sums[x] += (in[row + x] & 0xff) * weight;
        }
      }
      for (int x = 0; x < width; x++) {
        out[y * width + x] = clip8(sums[x]);
      }
    }
    return out;
  }

  private static byte clip8(int sum) {
    int v = sum >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
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
