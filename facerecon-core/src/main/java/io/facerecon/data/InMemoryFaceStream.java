package io.facerecon.data;

import io.facerecon.linalg.FloatMatrix;

/** {@link FaceStream} over a {@link FaceSet} in memory: reading copies rows. */
final class InMemoryFaceStream implements FaceStream {
  private final FaceSet faces;

  InMemoryFaceStream(FaceSet faces) {
    this.faces = faces;
  }

  @Override
  public int size() {
    return faces.size();
  }

  @Override
  public int height() {
    return faces.height();
  }

  @Override
  public int width() {
    return faces.width();
  }

  @Override
  public void read(int first, FloatMatrix dest) {
    requireWidth(dest);
    if (first < 0 || first + dest.rows() > size()) {
      throw new IndexOutOfBoundsException(
          "images " + first + ".." + (first + dest.rows() - 1) + " of " + size());
    }
    dest.copyFrom(faces.pixels().rowRange(first, first + dest.rows()));
  }

  @Override
  public void read(int[] indices, FloatMatrix dest) {
    requireWidth(dest);
    if (dest.rows() != indices.length) {
      throw new IllegalArgumentException(
          "dest has " + dest.rows() + " rows for " + indices.length + " indices");
    }
    FloatMatrix pixels = faces.pixels();
    int p = pixelCount();
    for (int r = 0; r < indices.length; r++) {
      int i = indices[r];
      if (i < 0 || i >= size()) {
        throw new IndexOutOfBoundsException("image " + i + " of " + size());
      }
      dest.view(r * p, 1, p).copyFrom(pixels.view(i * p, 1, p));
    }
  }

  @Override
  public void close() {}

  private void requireWidth(FloatMatrix dest) {
    if (dest.cols() != pixelCount()) {
      throw new IllegalArgumentException(
          "dest has " + dest.cols() + " columns, images have " + pixelCount() + " pixels");
    }
  }
}
