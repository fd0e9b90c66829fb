package io.facerecon.data;

import io.facerecon.linalg.FloatMatrix;

/** The checks every {@link FaceStream} makes of a read's arguments, with one wording. */
final class StreamArguments {
  private StreamArguments() {}

  /** Checks a read of {@code dest.rows()} images from {@code first} on. */
  static void requireRange(FaceStream stream, int first, FloatMatrix dest) {
    requireWidth(stream, dest);
    if (first < 0 || (long) first + dest.rows() > stream.size()) {
      throw new IndexOutOfBoundsException(
          "images " + first + ".." + (first + dest.rows() - 1) + " of " + stream.size());
    }
  }

  /** Checks a read of the images at {@code indices}. */
  static void requireIndices(FaceStream stream, int[] indices, FloatMatrix dest) {
    requireWidth(stream, dest);
    if (dest.rows() != indices.length) {
      throw new IllegalArgumentException(
          "dest has " + dest.rows() + " rows for " + indices.length + " indices");
    }
    for (int i : indices) {
      if (i < 0 || i >= stream.size()) {
        throw new IndexOutOfBoundsException("image " + i + " of " + stream.size());
      }
    }
  }

  private static void requireWidth(FaceStream stream, FloatMatrix dest) {
    if (dest.cols() != stream.pixelCount()) {
      throw new IllegalArgumentException(
          "dest has " + dest.cols() + " columns, images have " + stream.pixelCount() + " pixels");
    }
  }
}
