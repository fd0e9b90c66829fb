package io.facerecon.nmf;

import io.facerecon.io.BadInputException;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * The matrix to factorise, V (pixels × images). It is always held as Vᵀ, images × pixels (one
 * image per row, scikit-learn's X and {@code FaceSet.pixels()}), which serves the codes' products
 * and, read transposed, the basis' product V·Hᵀ (see {@link io.facerecon.linalg.Blas#gemm}). Data
 * up to {@link #BOTH_LAYOUTS_MAX_BYTES} is also held as V, from which V·Hᵀ runs faster (accelerated
 * HALS reached its error a fifth sooner on LFW's 1,217 faces); larger data keeps the one layout,
 * which for LFW's 13,233 faces saves 154 MB and keeps a fit's memory within twice the data.
 *
 * <p>Construction checks the values: negative, NaN and infinite entries are rejected with their
 * count and the first position. {@link #ofImagesByPixels} shares the given matrix, not a copy: do
 * not modify it while a fit uses it.
 */
public final class NmfData {
  /** The largest data also held in its second layout, V: 64 MiB. */
  public static final long BOTH_LAYOUTS_MAX_BYTES = 64L << 20;

  private final FloatMatrix vt;
  /** V, or null when the data is too large for a second layout. */
  private final FloatMatrix v;
  private final double squaredNorm;
  private final double mean;
  private final float min;

  private NmfData(FloatMatrix vt, FloatMatrix v, String name) {
    this.vt = vt;
    this.v = v;
    Stats s = Stats.of(vt);
    if (s.negative + s.nan + s.infinite > 0) {
      throw new BadInputException(
          name + " must be finite and non-negative, but has " + s.negative + " negative, " + s.nan
              + " NaN and " + s.infinite + " infinite values; the first is " + s.firstBad
              + " at pixel " + s.firstBadPixel + " of image " + s.firstBadImage
              + " (counting from 0)");
    }
    if (vt.size() == 0) {
      throw new BadInputException(name + " is empty (" + vt.cols() + " pixels x " + vt.rows() + " images)");
    }
    if (s.sumSquares == 0) {
      throw new BadInputException(name + " is all zeros: there is nothing to factorise");
    }
    this.squaredNorm = s.sumSquares;
    this.mean = s.sum / vt.size();
    this.min = s.min;
  }

  /**
   * The study's layout: {@code v} is pixels × images (one image per column), as Lee and Seung's V.
   * It is transposed once into Vᵀ; {@code v} itself is kept too when small enough.
   *
   * @param v the data, pixels × images, finite and non-negative
   * @return the checked data
   * @throws BadInputException on negative, NaN or infinite entries, or empty or all-zero data
   */
  public static NmfData ofPixelsByImages(FloatMatrix v) {
    return new NmfData(v.transpose(), bothLayouts(v, BOTH_LAYOUTS_MAX_BYTES) ? v : null, "V (pixels x images)");
  }

  /**
   * scikit-learn's layout: {@code x} is images × pixels (one image per row, as
   * {@code FaceSet.pixels()}); V is its transpose. {@code x} itself is kept, not copied.
   *
   * @param x the data, images × pixels, finite and non-negative
   * @return the checked data
   * @throws BadInputException on negative, NaN or infinite entries, or empty or all-zero data
   */
  public static NmfData ofImagesByPixels(FloatMatrix x) {
    return ofImagesByPixels(x, BOTH_LAYOUTS_MAX_BYTES);
  }

  /** {@link #ofImagesByPixels(FloatMatrix)} with another size limit for the second layout. */
  static NmfData ofImagesByPixels(FloatMatrix x, long bothLayoutsMaxBytes) {
    return new NmfData(x, bothLayouts(x, bothLayoutsMaxBytes) ? x.transpose() : null, "X (images x pixels)");
  }

  private static boolean bothLayouts(FloatMatrix data, long maxBytes) {
    return (long) data.size() * Float.BYTES <= maxBytes;
  }

  /** The data as the basis step reads it: V when held, else Vᵀ ({@link #basisDataTransposed}). */
  FloatMatrix basisData() {
    return v != null ? v : vt;
  }

  /** True when {@link #basisData} is Vᵀ, read transposed. */
  boolean basisDataTransposed() {
    return v == null;
  }

  /**
   * The data in scikit-learn's orientation.
   *
   * @return Vᵀ, images × pixels (scikit-learn's X), shared
   */
  public FloatMatrix vt() {
    return vt;
  }

  /**
   * Number of pixels.
   *
   * @return m, the rows of V
   */
  public int pixels() {
    return vt.cols();
  }

  /**
   * Number of images.
   *
   * @return n, the columns of V
   */
  public int images() {
    return vt.rows();
  }

  /**
   * The squared Frobenius norm, which the β = 2 error needs.
   *
   * @return ‖V‖²_F = Σ V², summed in double
   */
  public double squaredNorm() {
    return squaredNorm;
  }

  /**
   * The mean of V's entries, which scales the random and NNDSVDA starts.
   *
   * @return Σ V / (m·n)
   */
  public double mean() {
    return mean;
  }

  /**
   * The smallest entry of V.
   *
   * @return min V, ≥ 0
   */
  public float min() {
    return min;
  }

  /** One pass of statistics and value checks over images × pixels. */
  private static final class Stats {
    long negative;
    long nan;
    long infinite;
    float firstBad;
    int firstBadPixel = -1;
    int firstBadImage = -1;
    double sum;
    double sumSquares;
    float min = Float.POSITIVE_INFINITY;

    static Stats of(FloatMatrix x) {
      int images = x.rows();
      int pixels = x.cols();
      Stats[] perImage = new Stats[images];
      Parallel.forRange(
          images,
          16,
          (from, to) -> {
            float[] row = new float[pixels];
            for (int i = from; i < to; i++) {
              x.buffer().get(x.offset() + i * pixels, row);
              Stats s = new Stats();
              for (int p = 0; p < pixels; p++) {
                s.add(row[p], p, i);
              }
              perImage[i] = s;
            }
          });
      Stats total = new Stats();
      for (Stats s : perImage) {
        total.merge(s);
      }
      return total;
    }

    private void add(float value, int pixel, int image) {
      boolean bad = true;
      if (Float.isNaN(value)) {
        nan++;
      } else if (Float.isInfinite(value)) {
        infinite++;
      } else if (value < 0) {
        negative++;
      } else {
        bad = false;
        sum += value;
        sumSquares += (double) value * value;
        min = Math.min(min, value);
      }
      if (bad && firstBadImage < 0) {
        firstBad = value;
        firstBadPixel = pixel;
        firstBadImage = image;
      }
    }

    private void merge(Stats s) {
      negative += s.negative;
      nan += s.nan;
      infinite += s.infinite;
      if (firstBadImage < 0 && s.firstBadImage >= 0) {
        firstBad = s.firstBad;
        firstBadPixel = s.firstBadPixel;
        firstBadImage = s.firstBadImage;
      }
      sum += s.sum;
      sumSquares += s.sumSquares;
      min = Math.min(min, s.min);
    }
  }
}
