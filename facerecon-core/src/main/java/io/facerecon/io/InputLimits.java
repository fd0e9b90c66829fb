package io.facerecon.io;

/**
 * Budgets checked before memory is allocated for input: how many pixels an image may have, how
 * large a model file may be. Sizes computed from input use checked arithmetic, so a crafted size
 * is refused rather than wrapped round into a small one.
 */
public final class InputLimits {
  /**
   * The most pixels an image may have, decoded or produced by a resize: Pillow's {@code
   * Image.MAX_IMAGE_PIXELS} (89,478,485, a 1024 × 1024 × 1024 ÷ 4 ÷ 3 bytes RGB image), beyond
   * which Pillow suspects a decompression bomb.
   */
  public static final long MAX_IMAGE_PIXELS = 89_478_485L;

  /** The largest model file read: 1 GiB, some 700 times the study's largest model. */
  public static final long MAX_MODEL_BYTES = 1L << 30;

  private InputLimits() {}

  /**
   * The pixels of a {@code height × width} image, checked against {@link #MAX_IMAGE_PIXELS}.
   *
   * @param parameter the parameter that set the size, named in the error
   * @param height the height in pixels
   * @param width the width in pixels
   * @return {@code height * width}
   * @throws InvalidParameterException naming {@code parameter} if either side is below 1 or the
   *     image has more than {@link #MAX_IMAGE_PIXELS} pixels
   */
  public static int imagePixels(String parameter, long height, long width) {
    if (height < 1 || width < 1) {
      throw new InvalidParameterException(
          parameter, height + "x" + width + " must be at least 1x1 (height x width)");
    }
    long pixels = pixelsOrMax(height, width);
    if (pixels > MAX_IMAGE_PIXELS) {
      throw new InvalidParameterException(
          parameter, height + "x" + width + " is " + pixelText(height, width) + " pixels per image, more than the "
              + String.format("%,d", MAX_IMAGE_PIXELS) + " allowed (Pillow's MAX_IMAGE_PIXELS)");
    }
    return (int) pixels;
  }

  /**
   * Whether an image of {@code width × height} has more pixels than {@link #MAX_IMAGE_PIXELS}.
   *
   * @param width the width in pixels, at least 0
   * @param height the height in pixels, at least 0
   * @return true if it is too large to decode
   */
  public static boolean exceedsImagePixels(long width, long height) {
    return pixelsOrMax(width, height) > MAX_IMAGE_PIXELS;
  }

  /**
   * {@code height × width} as a number with thousands separators, e.g. {@code 4,295,032,832}.
   *
   * @param height the height in pixels, at least 0
   * @param width the width in pixels, at least 0
   * @return the exact product
   */
  public static String pixelText(long height, long width) {
    return String.format("%,d", java.math.BigInteger.valueOf(height).multiply(java.math.BigInteger.valueOf(width)));
  }

  private static long pixelsOrMax(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
