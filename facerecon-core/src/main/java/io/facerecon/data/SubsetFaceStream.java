package io.facerecon.data;

import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.util.List;

/**
 * Some images of another stream, in a given order: image {@code r} of this stream is image {@code
 * indices[r]} of the other. A view: it reads through the other stream and closing it leaves the
 * other open, except for the subset a stream makes of its own images ({@link #owning}).
 */
final class SubsetFaceStream implements FaceStream {
  private final FaceStream source;
  private final int[] indices;
  private final boolean owner;

  private SubsetFaceStream(FaceStream source, int[] indices, boolean owner) {
    for (int i : indices) {
      if (i < 0 || i >= source.size()) {
        throw new IndexOutOfBoundsException("image " + i + " of " + source.size());
      }
    }
    this.source = source;
    this.indices = indices.clone();
    this.owner = owner;
  }

  /** The images {@code indices} of {@code source}, which stays open when the view is closed. */
  static SubsetFaceStream view(FaceStream source, int[] indices) {
    return new SubsetFaceStream(source, indices, false);
  }

  /** The images {@code indices} of {@code source}, which is closed with the subset. */
  static SubsetFaceStream owning(FaceStream source, int[] indices) {
    return new SubsetFaceStream(source, indices, true);
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public int height() {
    return source.height();
  }

  @Override
  public int width() {
    return source.width();
  }

  @Override
  public void read(int first, FloatMatrix dest) throws IOException {
    StreamArguments.requireRange(this, first, dest);
    source.read(java.util.Arrays.copyOfRange(indices, first, first + dest.rows()), dest);
  }

  @Override
  public void read(int[] positions, FloatMatrix dest) throws IOException {
    StreamArguments.requireIndices(this, positions, dest);
    int[] mapped = new int[positions.length];
    for (int r = 0; r < positions.length; r++) {
      mapped[r] = indices[positions[r]];
    }
    source.read(mapped, dest);
  }

  @Override
  public List<String> skipped() {
    return source.skipped();
  }

  @Override
  public void close() throws IOException {
    if (owner) {
      source.close();
    }
  }
}
