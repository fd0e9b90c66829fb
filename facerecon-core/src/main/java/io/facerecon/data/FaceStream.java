package io.facerecon.data;

import io.facerecon.linalg.FloatMatrix;
import java.io.Closeable;
import java.io.IOException;

/**
 * Face images read in batches, so that a method can learn from more faces than memory holds.
 *
 * <p>A stream knows how many images it has and their size; it copies any of them, by index, into
 * rows of a caller's matrix (images × pixels, the layout of {@link FaceSet#pixels()}), so the
 * caller reuses one batch buffer for the whole pass. Reading the same indices twice gives the same
 * pixels, whatever was read in between.
 */
public interface FaceStream extends Closeable {
  /**
   * Number of images.
   *
   * @return the image count
   */
  int size();

  /**
   * Height of every image.
   *
   * @return height in pixels
   */
  int height();

  /**
   * Width of every image.
   *
   * @return width in pixels
   */
  int width();

  /**
   * Pixels per image.
   *
   * @return height · width
   */
  default int pixelCount() {
    return height() * width();
  }

  /**
   * Copies images {@code first} to {@code first + dest.rows() - 1} into the rows of {@code dest}.
   *
   * @param first index of the first image
   * @param dest a matrix of pixelCount() columns; its row count is the number of images read
   * @throws IOException if the images cannot be read, or are not what the stream announced
   */
  void read(int first, FloatMatrix dest) throws IOException;

  /**
   * Copies the images at {@code indices} into the rows of {@code dest}, in that order.
   *
   * @param indices image indices, each in [0, size())
   * @param dest a matrix of indices.length rows and pixelCount() columns
   * @throws IOException if the images cannot be read, or are not what the stream announced
   */
  void read(int[] indices, FloatMatrix dest) throws IOException;

  /**
   * A stream over faces already in memory.
   *
   * @param faces the faces
   * @return a stream that copies rows of {@code faces.pixels()}
   */
  static FaceStream of(FaceSet faces) {
    return new InMemoryFaceStream(faces);
  }
}
