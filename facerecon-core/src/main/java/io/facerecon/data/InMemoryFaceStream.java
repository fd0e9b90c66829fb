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
    StreamArguments.requireRange(this, first, dest);
    dest.copyFrom(faces.pixels().rowRange(first, first + dest.rows()));
  }

  @Override
  public void read(int[] indices, FloatMatrix dest) {
    StreamArguments.requireIndices(this, indices, dest);
    FloatMatrix pixels = faces.pixels();
    int p = pixelCount();
    for (int r = 0; r < indices.length; r++) {
      int i = indices[r];
      dest.view(r * p, 1, p).copyFrom(pixels.view(i * p, 1, p));
    }
  }

  @Override
  public void close() {}
}
