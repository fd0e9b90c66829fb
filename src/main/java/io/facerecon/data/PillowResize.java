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
      // The horizontal pass runs down the columns of the transposed plane: each output column is
      // then a sum of whole input columns, a loop the compiler can vectorize.
      int[] columns = ws.first(srcWidth * srcHeight);
      transpose(src, srcHeight, srcWidth, columns);
      int[] filtered = ws.second(dstWidth * srcHeight);
      filter(columns, srcHeight, coefficients(srcWidth, dstWidth), filtered, ws);
      rows = ws.first(dstWidth * srcHeight);
      transpose(filtered, dstWidth, srcHeight, rows);
    } else {
      rows = ws.first(srcWidth * srcHeight);
      for (int i = 0; i < src.length; i++) {
        rows[i] = src[i] & 0xff;
      }
    }
    if (dstHeight != srcHeight) {
      int[] filtered = ws.second(dstWidth * dstHeight);
      filter(rows, dstWidth, coefficients(srcHeight, dstHeight), filtered, ws);
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

  /**
   * One pass along the lines of {@code in}, lines of {@code n} values: output line {@code o} is
   * the weighted sum of input lines {@code min[o] ..}, rounded and clipped to 8 bits. Integer sums
   * do not depend on the order of their terms, so summing whole lines gives Pillow's levels
   * exactly.
   */
  private static void filter(int[] in, int n, Coefficients c, int[] out, Workspace ws) {
    int[] sums = ws.sums(n);
    for (int o = 0; o < c.outSize; o++) {
      filterLine(in, n, c.min[o], c.count[o], c.weights, o * c.ksize, sums, out, o * n);
    }
  }

  // Small and called for every line, so the compiler optimizes it early and once, for all sizes.
  private static void filterLine(
      int[] in, int n, int first, int count, int[] weights, int k, int[] sums, int[] out, int at) {
    java.util.Arrays.fill(sums, 0, n, 1 << (PRECISION_BITS - 1));
    for (int i = 0; i < count; i++) {
      int weight = weights[k + i];
      int line = (first + i) * n;
      for (int j = 0; j < n; j++) {
        sums[j] += in[line + j] * weight;
      }
    }
    for (int j = 0; j < n; j++) {
      out[at + j] = Math.max(0, Math.min(255, sums[j] >> PRECISION_BITS));
    }
  }

  /** {@code out[c * rows + r] = in[r * cols + c]}: the transpose of a row-major rows x cols plane. */
  private static void transpose(byte[] in, int rows, int cols, int[] out) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0, i = r * cols; c < cols; c++, i++) {
        out[c * rows + r] = in[i] & 0xff;
      }
    }
  }

  /** As {@link #transpose(byte[], int, int, int[])}, for int levels. */
  private static void transpose(int[] in, int rows, int cols, int[] out) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0, i = r * cols; c < cols; c++, i++) {
        out[c * rows + r] = in[i];
      }
    }
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
