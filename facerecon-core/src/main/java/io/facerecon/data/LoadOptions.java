package io.facerecon.data;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.InputLimits;

import java.util.Optional;

/**
 * How to read a face data set: the format and the preprocessing steps.
 *
 * @param format which loader to use; {@link DataFormat#AUTO} decides from the path
 * @param resize LFW resize factor applied after cropping (scikit-learn's {@code resize}, default
 *     0.5)
 * @param minFaces keep only persons with at least this many images (0 keeps all)
 * @param size for image folders: resize every image to this size (height, width) instead of
 *     requiring equal sizes
 * @param shape for .npy files of N×D: the (height, width) of one image
 * @param skipBad skip unreadable images and count them instead of failing
 */
public record LoadOptions(
    DataFormat format,
    double resize,
    int minFaces,
    Optional<int[]> size,
    Optional<int[]> shape,
    boolean skipBad) {

  /**
   * scikit-learn's {@code fetch_lfw_people} defaults: auto format, resize 0.5, all persons.
   *
   * @return the default options
   */
  public static LoadOptions defaults() {
    return new LoadOptions(DataFormat.AUTO, 0.5, 0, Optional.empty(), Optional.empty(), false);
  }

  /**
   * Checks the numeric options.
   *
   * @param format which loader to use
   * @param resize LFW resize factor, &gt; 0 and finite
   * @param minFaces minimum images per person, &gt;= 0
   * @param size for image folders: the size to resize to, if any
   * @param shape for .npy files of N×D: the (height, width) of one image, if given
   * @param skipBad skip unreadable images
   * @throws InvalidParameterException if {@code resize} or {@code minFaces} is out of range, if
   *     {@code resize} or {@code size} makes images of more than {@link
   *     InputLimits#MAX_IMAGE_PIXELS} pixels, or if a size or shape is not (height, width) with
   *     sizes from 1
   */
  public LoadOptions {
    if (!(resize > 0) || Double.isInfinite(resize)) {
      throw new InvalidParameterException("resize", "must be > 0, got " + resize);
    }
    if (minFaces < 0) {
      throw new InvalidParameterException("minFaces", "must be >= 0, got " + minFaces);
    }
    LfwPreprocessing.outputSize(resize);
    if (size.isPresent()) {
      int[] hw = size.get();
      if (hw.length != 2) {
        throw new InvalidParameterException("size", "must be (height, width), got " + hw.length + " numbers");
      }
      InputLimits.imagePixels("size", hw[0], hw[1]);
    }
    if (shape.isPresent()) {
      int[] hw = shape.get();
      if (hw.length != 2 || hw[0] < 1 || hw[1] < 1) {
        throw new InvalidParameterException(
            "shape", "must be (height, width) with sizes from 1, got " + java.util.Arrays.toString(hw));
      }
    }
  }

  /**
   * These options with another minimum number of faces per person.
   *
   * @param n the new {@code minFaces}
   * @return the changed copy
   */
  public LoadOptions withMinFaces(int n) {
    return new LoadOptions(format, resize, n, size, shape, skipBad);
  }

  /**
   * These options with another format.
   *
   * @param f the new format
   * @return the changed copy
   */
  public LoadOptions withFormat(DataFormat f) {
    return new LoadOptions(f, resize, minFaces, size, shape, skipBad);
  }

  /**
   * These options with another LFW resize factor.
   *
   * @param factor the new {@code resize}
   * @return the changed copy
   * @throws InvalidParameterException if the factor is out of range
   */
  public LoadOptions withResize(double factor) {
    return new LoadOptions(format, factor, minFaces, size, shape, skipBad);
  }

  /**
   * These options with image folders resized to {@code height × width}.
   *
   * @param height the height in pixels
   * @param width the width in pixels
   * @return the changed copy
   * @throws InvalidParameterException if the size is below 1x1 or above the pixel budget
   */
  public LoadOptions withSize(int height, int width) {
    return new LoadOptions(format, resize, minFaces, Optional.of(new int[] {height, width}), shape, skipBad);
  }

  /**
   * These options with unreadable images skipped, or not.
   *
   * @param skip the new {@code skipBad}
   * @return the changed copy
   */
  public LoadOptions withSkipBad(boolean skip) {
    return new LoadOptions(format, resize, minFaces, size, shape, skip);
  }
}
