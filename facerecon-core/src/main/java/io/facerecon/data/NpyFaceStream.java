package io.facerecon.data;

import io.facerecon.io.BadInputException;
import io.facerecon.io.MappedNpy;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link FaceStream} over a {@code .npy} array read in place ({@link MappedNpy}): the pixels {@link
 * NpyLoader} would load, image by image, without holding the array in memory. uint8 values are
 * scaled by 1/255 as the loader scales them; float values are checked to lie in [0, 1] as each
 * image is read, and an image that does not is refused, naming the file and the image.
 */
final class NpyFaceStream implements FaceStream {
  private final Path file;
  private final MappedNpy array;
  private final int height;
  private final int width;
  private final int images;
  private final boolean bytes;

  private NpyFaceStream(Path file, MappedNpy array, int height, int width) {
    this.file = file;
    this.array = array;
    this.height = height;
    this.width = width;
    this.images = array.header().shape()[0];
    this.bytes = NpyLoader.isBytes(array.header().dtype());
  }

  /**
   * The images of the .npy file at {@code file}, as {@link FaceSetLoader} loads them: with its
   * labels file and {@code options.minFaces()} the images of persons with fewer are left out.
   *
   * @param chunkBytes bytes per memory map ({@link MappedNpy#open(Path, long)})
   */
  static FaceStream open(Path file, LoadOptions options, long chunkBytes) throws IOException {
    MappedNpy array = MappedNpy.open(file, chunkBytes);
    Npy.Header header = array.header();
    int[] hw = NpyLoader.imageShape(header.shape(), header.shapeText(), file, options);
    if ((long) hw[0] * hw[1] > Integer.MAX_VALUE / Float.BYTES) {
      throw new BadInputException(
          file + ": images of " + hw[0] + "x" + hw[1] + " pixels are more than one image can hold ("
              + Integer.MAX_VALUE / Float.BYTES + " pixels)");
    }
    NpyFaceStream all = new NpyFaceStream(file, array, hw[0], hw[1]);
    Path labelsFile = NpyLoader.labelsFile(file);
    int[] labels = new int[all.size()];
    int persons = 1;
    if (Files.exists(labelsFile)) {
      NpyLoader.Labels read = NpyLoader.readLabels(labelsFile, all.size());
      labels = read.labels();
      persons = read.persons().size();
    }
    int[] kept = FaceSetLoader.keptByMinFaces(labels, persons, options.minFaces(), file.toString());
    return kept.length == all.size() ? all : SubsetFaceStream.owning(all, kept);
  }

  @Override
  public int size() {
    return images;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public void read(int first, FloatMatrix dest) {
    StreamArguments.requireRange(this, first, dest);
    int p = pixelCount();
    array.read((long) first * p, dest.size(), dest.buffer(), dest.offset());
    convert(dest, first, null);
  }

  @Override
  public void read(int[] indices, FloatMatrix dest) {
    StreamArguments.requireIndices(this, indices, dest);
    int p = pixelCount();
    for (int r = 0; r < indices.length; r++) {
      array.read((long) indices[r] * p, p, dest.buffer(), dest.offset() + r * p);
    }
    convert(dest, 0, indices);
  }

  /**
   * Scales bytes to [0, 1], or checks that floats lie there. Row r of {@code dest} is image {@code
   * indices[r]}, or {@code first + r} without indices.
   */
  private void convert(FloatMatrix dest, int first, int[] indices) {
    if (bytes) {
      NpyLoader.scale(dest, NpyLoader.UINT8_SCALE);
      return;
    }
    int p = pixelCount();
    for (int r = 0; r < dest.rows(); r++) {
      int image = indices == null ? first + r : indices[r];
      NpyLoader.requireUnitRange(dest.view(r * p, 1, p), file + ", image " + image, false);
    }
  }

  @Override
  public void close() {
    array.close();
  }
}
