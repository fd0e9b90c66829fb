package io.facerecon.nn;

/**
 * The shape of one sample: channels × height × width. A flat vector of {@code f} values is
 * {@code f × 1 × 1}.
 *
 * @param channels number of channels
 * @param height height in pixels (1 for vectors)
 * @param width width in pixels (1 for vectors)
 */
public record Shape(int channels, int height, int width) {
  /**
   * Checks that every extent is at least 1.
   *
   * @param channels number of channels
   * @param height height in pixels (1 for vectors)
   * @param width width in pixels (1 for vectors)
   */
  public Shape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "shape must be at least 1x1x1, got " + channels + "x" + height + "x" + width);
    }
  }

  /**
   * A flat vector of {@code features} values.
   *
   * @param features number of values
   * @return {@code features × 1 × 1}
   */
  public static Shape vector(int features) {
    return new Shape(features, 1, 1);
  }

  /**
   * Values per sample.
   *
   * @return {@code channels * height * width}
   */
  public int size() {
    return channels * height * width;
  }

  /**
   * Pixels per channel.
   *
   * @return {@code height * width}
   */
  public int plane() {
    return height * width;
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
