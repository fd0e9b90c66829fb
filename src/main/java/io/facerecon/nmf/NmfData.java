package io.facerecon.nmf;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * The matrix to factorise, V (pixels × images), held in one layout only: Vᵀ, images × pixels
 * (one image per row, scikit-learn's X and {@code FaceSet.pixels()}). Every product with the data
 * reads Vᵀ, V·Hᵀ included (as (Vᵀ)ᵀ·Hᵀ, see {@link io.facerecon.linalg.Blas#gemm}), so the
 * data is never copied into a second layout: for LFW's 13,233 faces that saves 154 MB.
 *
 * <p>Construction checks the values: negative, NaN and infinite entries are rejected with their
 * count and the first position. {@link #ofImagesByPixels} shares the given matrix, not a copy: do
 * not modify it while a fit uses it.
 */
public final class NmfData {
  private final FloatMatrix vt;
  private final double squaredNorm;
  private final double mean;
  private final float min;

  private NmfData(FloatMatrix vt, String name) {
    this.vt = vt;
    Stats s = Stats.of(vt);
    if (s.negative + s.nan + s.infinite > 0) {
      throw new IllegalArgumentException(
          name + " must be finite and non-negative, but has " + s.negative + " negative, " + s.nan
              + " NaN and " + s.infinite + " infinite values; the first is " + s.firstBad
              + " at pixel " + s.firstBadPixel + " of image " + s.firstBadImage
              + " (counting from 0)");
    }
    if (vt.size() == 0) {
      throw new IllegalArgumentException(name + " is empty (" + vt.cols() + " pixels x " + vt.rows() + " images)");
    }
    if (s.sumSquares == 0) {
      throw new IllegalArgumentException(name + " is all zeros: there is nothing to factorise");
    }
    this.squaredNorm = s.sumSquares;
    this.mean = s.sum / vt.size();
    this.min = s.min;
  }

  /**
   * The study's layout: {@code v} is pixels × images (one image per column), as Lee and Seung's V.
   * It is transposed once into the layout kept.
   */
  public static NmfData ofPixelsByImages(FloatMatrix v) {
    return new NmfData(v.transpose(), "V (pixels x images)");
  }

  /**
   * scikit-learn's layout: {@code x} is images × pixels (one image per row, as
   * {@code FaceSet.pixels()}); V is its transpose. {@code x} itself is kept, not copied.
   */
  public static NmfData ofImagesByPixels(FloatMatrix x) {
    return new NmfData(x, "X (images x pixels)");
  }

  /** Vᵀ, images × pixels (scikit-learn's X). */
  public FloatMatrix vt() {
    return vt;
  }

  /** Number of pixels (rows of V), m. */
  public int pixels() {
    return vt.cols();
  }

  /** Number of images (columns of V), n. */
  public int images() {
    return vt.rows();
  }

  /** ‖V‖²_F, in double. */
  public double squaredNorm() {
    return squaredNorm;
  }

  /** The mean of V's entries. */
  public double mean() {
    return mean;
  }

  /** The smallest entry of V. */
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
