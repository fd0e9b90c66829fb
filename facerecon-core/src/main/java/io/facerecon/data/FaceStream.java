package io.facerecon.data;

import io.facerecon.io.BadInputException;
import io.facerecon.io.MappedNpy;
import io.facerecon.linalg.FloatMatrix;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Face images read in batches, so that a method can learn from more faces than memory holds.
 *
 * <p>A stream knows how many images it has and their size; it copies any of them, by index, into
 * rows of a caller's matrix (images × pixels, the layout of {@link FaceSet#pixels()}), so the
 * caller reuses one batch buffer for the whole pass. Reading the same indices twice gives the same
 * pixels, whatever was read in between.
 *
 * <p>Streams over files ({@link #open}, {@link #ofNpy}) give the pixels {@link FaceSetLoader}
 * loads from the same file with the same options, bit for bit, in the same order: a method that
 * learns from a stream learns what it learns from the loaded {@link FaceSet}. A {@code .npy} array
 * is read in place through memory maps, an image folder or LFW archive is decoded batch by batch.
 * Input found to be bad only when it is read (an unreadable image, an image of another size, a
 * pixel value outside [0, 1]) is a {@link BadInputException} naming the file, thrown by that
 * read. A stream may be read by one thread at a time.
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
   * The images left out because they could not be read (a loader's {@code skipBad}), each as
   * "source: reason", in load order.
   *
   * @return the skipped images; empty by default
   */
  default List<String> skipped() {
    return List.of();
  }

  /**
   * The images at {@code indices} of this stream, in that order, as a stream that reads through
   * this one (no pixel is copied). Closing the view leaves this stream open.
   *
   * @param indices image indices, each in [0, size()); repeats are allowed
   * @return the view
   * @throws IndexOutOfBoundsException if an index is outside the stream
   */
  default FaceStream subset(int[] indices) {
    return SubsetFaceStream.view(this, indices);
  }

  /**
   * A stream over faces already in memory.
   *
   * @param faces the faces
   * @return a stream that copies rows of {@code faces.pixels()}
   */
  static FaceStream of(FaceSet faces) {
    return new InMemoryFaceStream(faces);
  }

  /**
   * The faces of the data set at {@code path}, read batch by batch: the images {@link
   * FaceSetLoader#load} would load with the same options, in the same order, without holding them
   * in memory. The format is chosen as the loader chooses it; a {@code .npy} file is opened as
   * {@link #ofNpy(Path, LoadOptions)} does. Image folders and archives are listed (an archive is
   * read, still compressed, into memory) and, with {@code options.skipBad()}, every image is
   * decoded once to leave out those that fail.
   *
   * @param path a data set file or folder
   * @param options format and preprocessing, as for the loader
   * @return the stream; close it when done
   * @throws BadInputException if the path does not exist or holds no usable images
   * @throws IOException if listing or reading fails
   */
  static FaceStream open(Path path, LoadOptions options) throws IOException {
    if (FaceSetLoader.isNpy(path, options)) {
      return ofNpy(path, options);
    }
    return ImageFaceStream.open(FaceSetLoader.imageSource(path, options), options.skipBad());
  }

  /**
   * The images of the N×H×W {@code .npy} file at {@code file}, read in place through memory maps:
   * arrays larger than memory, and larger than 2 GB, work.
   *
   * @param file the .npy file
   * @return the stream; close it when done
   * @throws BadInputException naming the file if it is not an N×H×W array of a dtype {@link
   *     NpyLoader} reads, or is shorter than its data
   * @throws IOException if reading or mapping fails
   */
  static FaceStream ofNpy(Path file) throws IOException {
    return ofNpy(file, LoadOptions.defaults());
  }

  /**
   * The images of the {@code .npy} file at {@code file} as {@link NpyLoader} reads it (N×H×W, or
   * N×D with {@code options.shape()}; float32, float64, uint8 or bool; C or Fortran order, the
   * latter slowly), read in place through memory maps of at most 1 GiB each: arrays larger than
   * memory, and larger than 2 GB, work. uint8 values are scaled by 1/255 as the loader scales
   * them; float values must lie in [0, 1], checked as each image is read. With the labels file
   * beside the array ({@link NpyLoader#labelsFile}) {@code options.minFaces()} keeps the persons
   * with at least that many images.
   *
   * @param file the .npy file
   * @param options {@code shape} and {@code minFaces} apply
   * @return the stream; close it when done
   * @throws BadInputException naming the file if it is not an array of images the loader reads, or
   *     is shorter than its data
   * @throws IOException if reading or mapping fails
   */
  static FaceStream ofNpy(Path file, LoadOptions options) throws IOException {
    return NpyFaceStream.open(file, options, MappedNpy.DEFAULT_CHUNK_BYTES);
  }
}
