package io.facerecon.eval;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * The structural similarity index (SSIM) of Wang et al. 2004, computed as scikit-image's
 * {@code skimage.metrics.structural_similarity} computes it for a gray image.
 *
 * <h2>Formula</h2>
 *
 * For images x and y, at each pixel, with the window's weights ω (the product of a 1-D filter
 * along rows and along columns, summing to 1) over the window centred there:
 *
 * <pre>
 * μx  = Σ ω·x                 μy  = Σ ω·y
 * σx² = η·(Σ ω·x² − μx²)      σy² = η·(Σ ω·y² − μy²)      σxy = η·(Σ ω·x·y − μx·μy)
 * S   = ((2·μx·μy + C1) · (2·σxy + C2)) / ((μx² + μy² + C1) · (σx² + σy² + C2))
 * </pre>
 *
 * with {@code C1 = (K1·L)²}, {@code C2 = (K2·L)²}, K1 = 0.01, K2 = 0.03, L the data range (1:
 * pixels in [0, 1]), and η = N/(N − 1) for the sample covariance (N the window's pixel count) or
 * 1 for the population covariance. The result is the mean of S over the
 * {@code (H − 2r)·(W − 2r)} pixels at least {@code r = (size − 1)/2} from every border, as
 * scikit-image crops the map ({@code crop(S, r).mean()}).
 *
 * <p>The presets: {@link #SKIMAGE_DEFAULT}, scikit-image's defaults, a 7×7 uniform window
 * (ω = 1/49) with the sample covariance (η = 49/48); {@link #WANG2004}, Wang et al.'s Gaussian
 * window of σ = 1.5 truncated as scipy does at 3.5σ (radius ⌊3.5·1.5 + 0.5⌋ = 5, so 11×11,
 * normalised) with the population covariance (η = 1).
 *
 * <h2>Computation</h2>
 *
 * The five local sums come from separable filters, rows then columns. Only the interior is
 * computed: its windows lie wholly inside the image, so the border mode of scikit-image's filter
 * (scipy's {@code 'reflect'}) never enters the mean. Sums are taken in double precision from the
 * float32 pixels, which gives the exact value of the float32 images (scikit-image filters float32
 * input in float32 and drifts by up to about 2e-6).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Ssim {
  /**
   * scikit-image's defaults: a 7×7 uniform window, sample covariance (N/(N−1) with N = 49),
   * K1 = 0.01, K2 = 0.03, data range 1.
   */
  public static final Ssim SKIMAGE_DEFAULT =
      new Ssim("skimage-default", "uniform", uniformWeights(7), true, 0.01, 0.03, 1.0);

  /**
   * Wang et al. 2004: a Gaussian window with σ = 1.5 truncated at 3.5σ (11 taps), population
   * covariance, K1 = 0.01, K2 = 0.03, data range 1; scikit-image's {@code gaussian_weights=True,
   * sigma=1.5, use_sample_covariance=False}.
   */
  public static final Ssim WANG2004 =
      new Ssim("wang2004", "Gaussian (σ 1.5)", gaussianWeights(1.5, 3.5), false, 0.01, 0.03, 1.0);

  private final String name;
  private final double[] weights;
  private final boolean uniform;
  private final int radius;
  private final double covarianceNorm;
  private final double c1;
  private final double c2;
  private final String description;

  private Ssim(
      String name, String windowKind, double[] weights, boolean sampleCovariance, double k1,
      double k2, double dataRange) {
    this.name = name;
    this.weights = weights;
    this.uniform = java.util.Arrays.stream(weights).allMatch(w -> w == weights[0]);
    this.radius = weights.length / 2;
    int windowPixels = weights.length * weights.length;
    this.covarianceNorm = sampleCovariance ? windowPixels / (windowPixels - 1.0) : 1.0;
    this.c1 = (k1 * dataRange) * (k1 * dataRange);
    this.c2 = (k2 * dataRange) * (k2 * dataRange);
    this.description =
        String.format(
            "%d×%d %s window, %s covariance, K1 %s, K2 %s, data range %s",
            weights.length, weights.length, windowKind,
            sampleCovariance ? "sample" : "population", plain(k1), plain(k2), plain(dataRange));
  }

  /** {@code 1.0} as "1", {@code 0.01} as "0.01". */
  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /**
   * The preset called {@code name}.
   *
   * @param name {@code skimage-default} or {@code wang2004}
   * @return {@link #SKIMAGE_DEFAULT} or {@link #WANG2004}
   * @throws IllegalArgumentException for another name
   */
  public static Ssim preset(String name) {
    if (SKIMAGE_DEFAULT.name.equals(name)) {
      return SKIMAGE_DEFAULT;
    }
    if (WANG2004.name.equals(name)) {
      return WANG2004;
    }
    throw new IllegalArgumentException(
        "unknown SSIM preset '" + name + "'; expected skimage-default or wang2004");
  }

  /**
   * The preset's name.
   *
   * @return {@code skimage-default} or {@code wang2004}
   */
  public String name() {
    return name;
  }

  /**
   * A one-line description of the window and constants, for reports.
   *
   * @return e.g. "7×7 uniform window, sample covariance, K1 0.01, K2 0.03, data range 1"
   */
  public String description() {
    return description;
  }

  /**
   * The side of the square window in pixels; images must be at least this tall and wide.
   *
   * @return 7 for {@link #SKIMAGE_DEFAULT}, 11 for {@link #WANG2004}
   */
  public int windowSize() {
    return weights.length;
  }

  private static double[] uniformWeights(int size) {
    double[] w = new double[size];
    java.util.Arrays.fill(w, 1.0 / size);
    return w;
  }

  /** scipy's {@code gaussian_filter} kernel: radius {@code int(truncate·σ + 0.5)}, sum 1. */
  private static double[] gaussianWeights(double sigma, double truncate) {
    int r = (int) (truncate * sigma + 0.5);
    double[] w = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      w[i + r] = Math.exp(-0.5 / (sigma * sigma) * i * i);
      sum += w[i + r];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= sum;
    }
    return w;
  }

  /**
   * The mean SSIM of one pair of {@code height × width} images, each given row by row.
   *
   * @param original x, the reference image
   * @param reconstruction y, the image compared with it
   * @param height rows, at least {@link #windowSize()}
   * @param width columns, at least {@link #windowSize()}
   * @return the mean of the SSIM map over the interior; 1 for identical images
   */
  public double compute(float[] original, float[] reconstruction, int height, int width) {
    checkSize(height, width);
    if (original.length != height * width || reconstruction.length != height * width) {
      throw new IllegalArgumentException(
          "images must have " + height + "x" + width + " pixels, got " + original.length
              + " and " + reconstruction.length);
    }
    return new Scratch(height, width).ssim(original, reconstruction);
  }

  /**
   * The mean SSIM of each pair of rows of {@code originals} and {@code reconstructions} (N ×
   * height·width each), computed in parallel over images.
   *
   * @param originals one reference image per row
   * @param reconstructions one compared image per row, same shape
   * @param height rows of each image, at least {@link #windowSize()}
   * @param width columns of each image, at least {@link #windowSize()}
   * @return one mean SSIM per image pair, in row order
   */
  public double[] perImage(
      FloatMatrix originals, FloatMatrix reconstructions, int height, int width) {
    originals.requireSameShape(reconstructions, "SSIM");
    checkSize(height, width);
    if (originals.cols() != height * width) {
      throw new IllegalArgumentException(
          "images have " + originals.cols() + " pixels, expected " + height + "x" + width);
    }
    double[] out = new double[originals.rows()];
    Parallel.forRange(
        originals.rows(),
        4,
        (from, to) -> {
          Scratch s = new Scratch(height, width);
          float[] a = new float[height * width];
          float[] b = new float[height * width];
          for (int i = from; i < to; i++) {
            originals.buffer().get(originals.offset() + i * originals.cols(), a);
            reconstructions.buffer().get(reconstructions.offset() + i * reconstructions.cols(), b);
            out[i] = s.ssim(a, b);
          }
        });
    return out;
  }

  private void checkSize(int height, int width) {
    if (height < weights.length || width < weights.length) {
      throw new IllegalArgumentException(
          "SSIM (" + name + ") needs images of at least " + weights.length + "x" + weights.length
              + " pixels, got " + height + "x" + width);
    }
  }

  /**
   * Buffers for one image size, reused across the images of one thread. Both filter passes run
   * along rows of contiguous doubles so the inner loops vectorise.
   */
  private final class Scratch {
    private final int height;
    private final int width;
    private final int outWidth;
    private final int outHeight;
    // x, y, x², y², xy of the image pair: height × width each.
    private final double[][] products;
    // The products filtered along rows: height × outWidth each.
    private final double[][] rowFiltered;
    // One output row of local means of the five products: outWidth each.
    private final double[][] means;

    Scratch(int height, int width) {
      this.height = height;
      this.width = width;
      this.outWidth = width - 2 * radius;
      this.outHeight = height - 2 * radius;
      products = new double[5][height * width];
      rowFiltered = new double[5][height * outWidth];
      means = new double[5][outWidth];
    }

    double ssim(float[] x, float[] y) {
      double[] px = products[0];
      double[] py = products[1];
      double[] pxx = products[2];
      double[] pyy = products[3];
      double[] pxy = products[4];
      for (int k = 0; k < x.length; k++) {
        double a = x[k];
        double b = y[k];
        px[k] = a;
        py[k] = b;
        pxx[k] = a * a;
        pyy[k] = b * b;
        pxy[k] = a * b;
      }
      for (int p = 0; p < 5; p++) {
        if (uniform) {
          boxRows(products[p], rowFiltered[p]);
        } else {
          filterRows(products[p], rowFiltered[p]);
        }
      }
      // A box window sums its pixels along rows, then columns; the mean divides once at the end.
      double scale = uniform ? 1.0 / ((double) weights.length * weights.length) : 1.0;
      double total = 0;
      for (int i = 0; i < outHeight; i++) {
        for (int p = 0; p < 5; p++) {
          if (uniform) {
            boxColumns(rowFiltered[p], i, means[p]);
          } else {
            filterColumn(rowFiltered[p], i, means[p]);
          }
        }
        total += rowSum(scale);
      }
      return total / ((double) outHeight * outWidth);
    }

    /**
     * The SSIM map summed over one output row, from the window sums of the five products in
     * {@link #means} times {@code scale}.
     */
    private double rowSum(double scale) {
      double sum = 0;
      for (int j = 0; j < outWidth; j++) {
        double mx = scale * means[0][j];
        double my = scale * means[1][j];
        double vx = covarianceNorm * (scale * means[2][j] - mx * mx);
        double vy = covarianceNorm * (scale * means[3][j] - my * my);
        double vxy = covarianceNorm * (scale * means[4][j] - mx * my);
        sum += ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      }
      return sum;
    }

    /** Box sums along each row: a running sum, two operations per pixel whatever the window. */
    private void boxRows(double[] in, double[] out) {
      int size = weights.length;
      for (int i = 0; i < height; i++) {
        int src = i * width;
        int dst = i * outWidth;
        double sum = 0;
        for (int k = 0; k < size; k++) {
          sum += in[src + k];
        }
        out[dst] = sum;
        for (int j = 1; j < outWidth; j++) {
          sum += in[src + j + size - 1] - in[src + j - 1];
          out[dst + j] = sum;
        }
      }
    }

    /**
     * Box sums down the columns for output row {@code i}: row 0 sums its window, each later row
     * updates the previous row's sums (rows must come in order).
     */
    private void boxColumns(double[] in, int i, double[] out) {
      int size = weights.length;
      if (i == 0) {
        java.util.Arrays.fill(out, 0);
        for (int k = 0; k < size; k++) {
          int src = k * outWidth;
          for (int j = 0; j < outWidth; j++) {
            out[j] += in[src + j];
          }
        }
        return;
      }
      int enter = (i + size - 1) * outWidth;
      int leave = (i - 1) * outWidth;
      for (int j = 0; j < outWidth; j++) {
        out[j] += in[enter + j] - in[leave + j];
      }
    }

    /** Filters each image row over the interior columns with the window's weights. */
    private void filterRows(double[] in, double[] out) {
      java.util.Arrays.fill(out, 0);
      for (int i = 0; i < height; i++) {
        int src = i * width;
        int dst = i * outWidth;
        for (int k = 0; k < weights.length; k++) {
          double wk = weights[k];
          for (int j = 0; j < outWidth; j++) {
            out[dst + j] += wk * in[src + j + k];
          }
        }
      }
    }

    /** Filters down the columns of row-filtered data with the window's weights, for output row {@code i}. */
    private void filterColumn(double[] in, int i, double[] out) {
      java.util.Arrays.fill(out, 0);
      for (int k = 0; k < weights.length; k++) {
        double wk = weights[k];
        int src = (i + k) * outWidth;
        for (int j = 0; j < outWidth; j++) {
          out[j] += wk * in[src + j];
        }
      }
    }
  }

  @Override
  public String toString() {
    return "SSIM " + name + " (" + description + ")";
  }
}
