package io.facerecon.nmf;

import io.facerecon.io.BadInputException;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * The matrix to factorise, V (pixels × images). It is always held as Vᵀ, images × pixels (one
 * image per row, scikit-learn's X and {@code FaceSet.pixels()}), which serves the codes' products
 * and, read transposed, the basis' product V·Hᵀ (see {@link io.facerecon.linalg.Blas#gemm}). Data
 * up to {@link #BOTH_LAYOUTS_MAX_BYTES} is also held as V, built when a fit of at least {@link
 * #SECOND_LAYOUT_MIN_COMPONENTS} components first asks for it: from V, V·Hᵀ runs faster (accelerated
 * HALS reached its error a fifth sooner on LFW's 1,217 faces at k = 30). With fewer components the
 * products cost little next to reading the data, and one layout read twice stays in the
 * processor's last-level cache where two layouts do not: NMF iterates faster from Vᵀ alone ({@code
 * bench/scale}'s k = 10 case). Larger data keeps the one layout, which for LFW's 13,233 faces saves 154 MB
 * and keeps a fit's memory within twice the data. Which layout a fit reads depends only on the data's
 * size and k, so results do not depend on what ran before.
 *
 * <p>Construction checks the values: negative, NaN and infinite entries are rejected with their
 * count and the first position. {@link #ofImagesByPixels} shares the given matrix, not a copy: do
 * not modify it while a fit uses it.
 *
 * <p><b>Missing values.</b> {@link #withMissing} takes data in which some entries are not observed:
 * NaN entries, and the entries a mask marks as missing (numpy's masked-array convention: true or 1 =
 * missing), their union. Such data holds a copy of Vᵀ and of V with 0 in place of each missing entry
 * (M⊙V, M = 1 where observed), and the mask as Mᵀ, 0/1 floats (and as M too once the dense weighted
 * update asks for it): three to four times the data's memory. Its statistics ({@link #squaredNorm}, {@link #mean}, {@link #min}) count observed entries
 * only; NMF then runs the weighted solvers ({@link MaskedMultiplicativeUpdate}, {@link MaskedCodes}).
 * An image with no observed pixel is refused, naming its index: it carries nothing to fit or code,
 * and a zero code would silently reconstruct it as a black image that then enters every metric.
 */
public final class NmfData {
  /** The largest data also held in its second layout, V: 64 MiB. */
  public static final long BOTH_LAYOUTS_MAX_BYTES = 64L << 20;
  /** The fewest components for which a fit reads V, when the data is small enough to hold it too. */
  public static final int SECOND_LAYOUT_MIN_COMPONENTS = 30;
  /** A component count no fit reaches: the second layout is never read. */
  private static final int NEVER = Integer.MAX_VALUE;

  private final FloatMatrix vt;
  /** V: given, built on first use, or null while no fit has used it. */
  private FloatMatrix v;
  /** The fewest components for which fits read V; {@link #NEVER} when the data is too large for it. */
  private final int secondLayoutMinComponents;
  private final double squaredNorm;
  private final double mean;
  private final float min;
  /**
   * M (pixels × images, 1 = observed, 0 = missing), transposed from Mᵀ when first asked for (only
   * the dense masked update reads it); null when every entry is observed.
   */
  private FloatMatrix observed;
  /** Mᵀ (images × pixels), or null. */
  private final FloatMatrix observedT;
  private final long observedCount;

  private NmfData(FloatMatrix maskedVt, FloatMatrix maskedV, FloatMatrix observedT, double sum, double sumSquares,
      float min, long observedCount) {
    this.vt = maskedVt;
    this.v = maskedV;
    // The masked updates read M⊙V in both layouts whatever k.
    this.secondLayoutMinComponents = 1;
    this.observedT = observedT;
    this.squaredNorm = sumSquares;
    this.mean = sum / observedCount;
    this.min = min;
    this.observedCount = observedCount;
  }

  private NmfData(FloatMatrix vt, FloatMatrix v, int secondLayoutMinComponents, String name) {
    this.vt = vt;
    this.v = secondLayoutMinComponents == NEVER ? null : v;
    this.secondLayoutMinComponents = secondLayoutMinComponents;
    this.observed = null;
    this.observedT = null;
    this.observedCount = (long) vt.rows() * vt.cols();
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
   * It is transposed once into Vᵀ; {@code v} itself is kept too when small enough for both layouts.
   *
   * @param v the data, pixels × images, finite and non-negative
   * @return the checked data
   * @throws BadInputException on negative, NaN or infinite entries, or empty or all-zero data
   */
  public static NmfData ofPixelsByImages(FloatMatrix v) {
    return new NmfData(v.transpose(), v, secondLayoutMinComponents(v, BOTH_LAYOUTS_MAX_BYTES, SECOND_LAYOUT_MIN_COMPONENTS),
        "V (pixels x images)");
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
    return ofImagesByPixels(x, BOTH_LAYOUTS_MAX_BYTES, SECOND_LAYOUT_MIN_COMPONENTS);
  }

  /**
   * {@link #ofImagesByPixels(FloatMatrix)} with another size limit for the second layout and
   * another number of components from which fits read it.
   */
  static NmfData ofImagesByPixels(FloatMatrix x, long bothLayoutsMaxBytes, int secondLayoutMinComponents) {
    return new NmfData(x, null, secondLayoutMinComponents(x, bothLayoutsMaxBytes, secondLayoutMinComponents),
        "X (images x pixels)");
  }

  /** {@code minComponents} when the data fits within {@code maxBytes} a second time, else {@link #NEVER}. */
  private static int secondLayoutMinComponents(FloatMatrix data, long maxBytes, int minComponents) {
    return (long) data.size() * Float.BYTES <= maxBytes ? minComponents : NEVER;
  }

  /**
   * Data with missing entries, in scikit-learn's layout: {@code x} is images × pixels; an entry is
   * missing when it is NaN in {@code x} or its entry in {@code missing} is non-zero, the union of
   * the two. The observed entries must be finite and non-negative. With nothing missing this is
   * {@link #ofImagesByPixels(FloatMatrix)}: {@code x} itself, without the copies the weighted
   * solvers take.
   *
   * @param x the data, images × pixels; NaN marks a missing entry
   * @param missing images × pixels, non-zero = missing (numpy's masked-array convention), or null
   *     for NaN only
   * @return the checked data
   * @throws BadInputException if {@code missing} has another shape, an observed entry is negative
   *     or infinite, an image has no observed pixel (naming it), or the observed entries are all zero
   */
  public static NmfData withMissing(FloatMatrix x, FloatMatrix missing) {
    return withMissing(x, missing, false);
  }

  /** Whether {@code x} has a NaN or {@code missing} (same shape, or null) a non-zero entry. */
  private static boolean anyMissing(FloatMatrix x, FloatMatrix missing) {
    int pixels = x.cols();
    float[] row = new float[pixels];
    float[] mrow = missing == null ? null : new float[pixels];
    for (int i = 0; i < x.rows(); i++) {
      x.buffer().get(x.offset() + i * pixels, row);
      if (mrow != null) {
        missing.buffer().get(missing.offset() + i * pixels, mrow);
      }
      for (int p = 0; p < pixels; p++) {
        if (Float.isNaN(row[p]) || mrow != null && mrow[p] != 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@link #withMissing(FloatMatrix, FloatMatrix)}; {@code forceMask} keeps an all-ones mask (tests). */
  static NmfData withMissing(FloatMatrix x, FloatMatrix missing, boolean forceMask) {
    int images = x.rows();
    int pixels = x.cols();
    if (missing != null && (missing.rows() != images || missing.cols() != pixels)) {
      throw new BadInputException(
          "the mask of missing entries has shape " + missing.rows() + "x" + missing.cols()
              + ", expected that of the data, " + images + " images x " + pixels + " pixels");
    }
    if (x.size() == 0) {
      throw new BadInputException("X (images x pixels) is empty (" + pixels + " pixels x " + images + " images)");
    }
    if (!forceMask && !anyMissing(x, missing)) {
      return ofImagesByPixels(x);
    }
    FloatMatrix maskedVt = FloatMatrix.zeros(images, pixels);
    FloatMatrix observedT = FloatMatrix.zeros(images, pixels);
    long count = 0;
    double sum = 0;
    double sumSquares = 0;
    float min = Float.POSITIVE_INFINITY;
    long bad = 0;
    int badImage = -1;
    int badPixel = -1;
    float badValue = 0;
    float[] row = new float[pixels];
    float[] mrow = new float[pixels];
    float[] out = new float[pixels];
    float[] obs = new float[pixels];
    for (int i = 0; i < images; i++) {
      x.buffer().get(x.offset() + i * pixels, row);
      if (missing != null) {
        missing.buffer().get(missing.offset() + i * pixels, mrow);
      }
      int seen = 0;
      for (int p = 0; p < pixels; p++) {
        float value = row[p];
        boolean hidden = Float.isNaN(value) || (missing != null && mrow[p] != 0);
        if (hidden) {
          out[p] = 0;
          obs[p] = 0;
          continue;
        }
        if (!(value >= 0) || Float.isInfinite(value)) {
          if (bad++ == 0) {
            badImage = i;
            badPixel = p;
            badValue = value;
          }
        }
        seen++;
        out[p] = value;
        obs[p] = 1;
        sum += value;
        sumSquares += (double) value * value;
        min = Math.min(min, value);
      }
      if (seen == 0) {
        throw new BadInputException(
            "image " + i + " (counting from 0) has no observed pixel: every one of its " + pixels
                + " pixels is missing (NaN or masked); NMF cannot code it from nothing, leave it out");
      }
      count += seen;
      maskedVt.buffer().put(maskedVt.offset() + i * pixels, out);
      observedT.buffer().put(observedT.offset() + i * pixels, obs);
    }
    if (bad > 0) {
      throw new BadInputException(
          "X (images x pixels) must be finite and non-negative where observed, but has " + bad
              + " bad values; the first is " + badValue + " at pixel " + badPixel + " of image " + badImage
              + " (counting from 0)");
    }
    if (sumSquares == 0) {
      throw new BadInputException("the observed entries of X (images x pixels) are all zero: there is nothing to factorise");
    }
    return new NmfData(maskedVt, maskedVt.transpose(), observedT, sum, sumSquares, min, count);
  }

  /**
   * Whether some entries are missing, so that the weighted solvers run.
   *
   * @return true when the data has missing entries
   */
  public boolean hasMissing() {
    return observedT != null;
  }

  /**
   * The number of observed entries.
   *
   * @return observed entries, pixels × images when none is missing
   */
  public long observedCount() {
    return observedCount;
  }

  /** M (pixels × images, 1 = observed), or null when nothing is missing. */
  synchronized FloatMatrix observed() {
    if (observed == null && observedT != null) {
      observed = observedT.transpose();
    }
    return observed;
  }

  /** Mᵀ (images × pixels, 1 = observed), or null when nothing is missing. */
  FloatMatrix observedT() {
    return observedT;
  }

  /**
   * The data as the basis step of a fit with k components reads it: V when the data may hold both
   * layouts and k is large enough (V is built on the first such call), else Vᵀ ({@link
   * #basisDataTransposed}).
   */
  FloatMatrix basisData(int k) {
    return basisDataTransposed(k) ? vt : secondLayout();
  }

  /** True when {@link #basisData} is Vᵀ, read transposed, for a fit with k components. */
  boolean basisDataTransposed(int k) {
    return k < secondLayoutMinComponents;
  }

  private synchronized FloatMatrix secondLayout() {
    if (v == null) {
      v = vt.transpose();
    }
    return v;
  }

  /**
   * The data in scikit-learn's orientation; with missing entries, 0 stands in each.
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
   * The squared Frobenius norm (of the observed entries), which the β = 2 error needs.
   *
   * @return ‖V‖²_F = Σ V², summed in double
   */
  public double squaredNorm() {
    return squaredNorm;
  }

  /**
   * The mean of V's (observed) entries, which scales the random and NNDSVDA starts.
   *
   * @return Σ V / (m·n), over observed entries only when some are missing
   */
  public double mean() {
    return mean;
  }

  /**
   * The smallest (observed) entry of V.
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
