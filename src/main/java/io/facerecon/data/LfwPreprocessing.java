package io.facerecon.data;

/**
 * scikit-learn's {@code fetch_lfw_people} preprocessing of one LFW image: crop rows 70–195 and
 * columns 78–172 (its default {@code slice_}), resize by the factor with Pillow's default filter,
 * scale to [0, 1] and average the colour channels.
 */
public final class LfwPreprocessing {
  /** First row of the crop box. */
  public static final int TOP = 70;
  /** End row (exclusive) of the crop box. */
  public static final int BOTTOM = 195;
  /** First column of the crop box. */
  public static final int LEFT = 78;
  /** End column (exclusive) of the crop box. */
  public static final int RIGHT = 172;

  private final int height;
  private final int width;

  /** Preprocessing with resize factor {@code resize} (scikit-learn's default is 0.5). */
  public LfwPreprocessing(double resize) {
    if (!(resize > 0) || Double.isInfinite(resize)) {
      throw new BadInputException("--resize must be > 0, got " + resize);
    }
    // int() in Python truncates, as the cast does.
    this.height = (int) (resize * (BOTTOM - TOP));
    this.width = (int) (resize * (RIGHT - LEFT));
    if (height < 1 || width < 1) {
      throw new BadInputException(
          "--resize " + resize + " makes the " + (BOTTOM - TOP) + "x" + (RIGHT - LEFT)
              + " face box " + height + "x" + width + "; it must be at least 1x1");
    }
  }

  /** Output image height. */
  public int height() {
    return height;
  }

  /** Output image width. */
  public int width() {
    return width;
  }

  /**
   * Preprocesses {@code image} into {@code dst[offset ..]}; {@code name} identifies it in errors.
   */
  public void apply(DecodedImage image, String name, float[] dst, int offset) {
    if (image.width() < RIGHT || image.height() < BOTTOM) {
      throw new BadInputException(
          name + ": image is " + image.height() + "x" + image.width()
              + ", an LFW image must be at least " + BOTTOM + "x" + RIGHT + " (250x250 expected)");
    }
    image.crop(LEFT, TOP, RIGHT, BOTTOM).resize(width, height).toGray(dst, offset);
  }
}
