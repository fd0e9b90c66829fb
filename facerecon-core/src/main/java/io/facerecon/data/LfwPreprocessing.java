package io.facerecon.data;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;
import io.facerecon.io.InputLimits;

import java.awt.Rectangle;
import java.math.BigDecimal;
import java.math.BigInteger;

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

  /**
   * Preprocessing with resize factor {@code resize} (scikit-learn's default is 0.5).
   *
   * @param resize the factor applied to the crop box's size, truncated as Python's {@code int()}
   * @throws InvalidParameterException if {@code resize} is not positive and finite, or leaves an
   *     image smaller than 1×1 or larger than {@link InputLimits#MAX_IMAGE_PIXELS} pixels
   */
  public LfwPreprocessing(double resize) {
    if (!(resize > 0) || Double.isInfinite(resize)) {
      throw new InvalidParameterException("resize", "must be > 0, got " + resize);
    }
    int[] size = outputSize(resize);
    this.height = size[0];
    this.width = size[1];
    if (height < 1 || width < 1) {
      throw new InvalidParameterException("resize",
          resize + " makes the " + (BOTTOM - TOP) + "x" + (RIGHT - LEFT)
              + " face box " + height + "x" + width + "; it must be at least 1x1");
    }
  }

  /**
   * The (height, width) that {@code resize} makes of the crop box, checked against the pixel
   * budget before any image of that size is allocated.
   *
   * @throws InvalidParameterException naming {@code resize} if the result has more than {@link
   *     InputLimits#MAX_IMAGE_PIXELS} pixels
   */
  static int[] outputSize(double resize) {
    // int() in Python truncates, as floor does for positive sizes.
    double h = Math.floor(resize * (BOTTOM - TOP));
    double w = Math.floor(resize * (RIGHT - LEFT));
    if (h * w > InputLimits.MAX_IMAGE_PIXELS || Double.isNaN(h * w)) {
      BigInteger bh = new BigDecimal(h).toBigInteger();
      BigInteger bw = new BigDecimal(w).toBigInteger();
      throw new InvalidParameterException("resize",
          resize + " makes the " + (BOTTOM - TOP) + "x" + (RIGHT - LEFT) + " face box " + bh + "x" + bw + ", "
              + String.format("%,d", bh.multiply(bw)) + " pixels per image, more than the "
              + String.format("%,d", InputLimits.MAX_IMAGE_PIXELS) + " allowed (Pillow's MAX_IMAGE_PIXELS)");
    }
    return new int[] {(int) h, (int) w};
  }

  /**
   * Output image height.
   *
   * @return the height in pixels
   */
  public int height() {
    return height;
  }

  /**
   * Output image width.
   *
   * @return the width in pixels
   */
  public int width() {
    return width;
  }

  /**
   * Preprocesses {@code image} into {@code dst[offset ..]}.
   *
   * @param image a whole LFW image, at least as large as the crop box's far corner
   * @param name identifies the image in errors
   * @param dst receives {@code height() * width()} gray levels, row by row
   * @param offset index in {@code dst} of the first pixel
   * @throws BadInputException if the image does not hold the crop box
   */
  public void apply(DecodedImage image, String name, float[] dst, int offset) {
    faceBox(image.width(), image.height(), name);
    applyToFace(image.crop(LEFT, TOP, RIGHT, BOTTOM), dst, offset);
  }

  /**
   * The crop box (columns {@link #LEFT}–{@link #RIGHT}, rows {@link #TOP}–{@link #BOTTOM}) in an
   * image of {@code width × height}: what a decoder needs to decode.
   *
   * @param width the image's width in pixels
   * @param height the image's height in pixels
   * @param name identifies the image in errors
   * @return the crop box
   * @throws BadInputException naming {@code name} if the image does not hold the box
   */
  public static Rectangle faceBox(int width, int height, String name) {
    if (width < RIGHT || height < BOTTOM) {
      throw new BadInputException(
          name + ": image is " + height + "x" + width
              + ", an LFW image must be at least " + BOTTOM + "x" + RIGHT + " (250x250 expected)");
    }
    return new Rectangle(LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP);
  }

  /**
   * Preprocesses the already cropped {@code face} (the pixels of the crop box) into {@code
   * dst[offset ..]}.
   *
   * @param face the crop box's pixels
   * @param dst receives {@code height() * width()} gray levels, row by row
   * @param offset index in {@code dst} of the first pixel
   * @throws BadInputException if {@code face} is not the size of the crop box
   */
  public void applyToFace(DecodedImage face, float[] dst, int offset) {
    if (face.width() != RIGHT - LEFT || face.height() != BOTTOM - TOP) {
      throw new BadInputException(
          "face is " + face.height() + "x" + face.width() + ", expected the "
              + (BOTTOM - TOP) + "x" + (RIGHT - LEFT) + " crop box");
    }
    face.resize(width, height).toGray(dst, offset);
  }
}
