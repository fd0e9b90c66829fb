package io.facerecon.data;

import io.facerecon.io.BadInputException;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads and converts the images of a {@link Catalog} on all threads, one row of a pixel matrix
 * per image, then leaves out (with {@code skipBad}) or reports the images that failed.
 *
 * <p>Errors are reported for the first failing image in load order, whatever thread met it, so
 * the same input always gives the same message.
 */
final class ImageBatch {
  /** Images a thread takes at a time. */
  private static final int STEP = 8;

  /** Reads the bytes of an image given its source. */
  @FunctionalInterface
  interface ImageBytes {
    byte[] read(String source) throws IOException;
  }

  /** Turns the bytes of one image into its row of gray levels. */
  @FunctionalInterface
  interface RowWriter {
    /**
     * Writes the gray levels of the image in {@code bytes} into {@code row}.
     *
     * @param index the image's position in load order
     * @param name the image in error messages
     * @throws BadInputException if the image cannot be used
     */
    void write(int index, byte[] bytes, String name, float[] row);
  }

  private final Catalog catalog;
  private final String rootName;
  private final FloatMatrix pixels;
  private final BadInputException[] errors;

  private ImageBatch(Catalog catalog, String rootName, FloatMatrix pixels) {
    this.catalog = catalog;
    this.rootName = rootName;
    this.pixels = pixels;
    this.errors = new BadInputException[catalog.size()];
  }

  /**
   * Reads every image of {@code catalog} into a row of {@code pixelCount} values. Failures are
   * kept for {@link #assemble}.
   */
  static ImageBatch read(
      Catalog catalog, String rootName, int pixelCount, ImageBytes bytes, RowWriter writer) {
    ImageBatch batch = new ImageBatch(catalog, rootName, FloatMatrix.zeros(catalog.size(), pixelCount));
    // Each thread takes the next few images as it finishes the last: a thread slowed down (by
    // other processes, larger files, the JIT compiler) does not keep the others waiting at the end.
    AtomicInteger next = new AtomicInteger();
    Parallel.forRange(
        Parallel.threads(),
        (first, last) -> {
          float[] row = new float[pixelCount];
          for (int from = next.getAndAdd(STEP); from < catalog.size(); from = next.getAndAdd(STEP)) {
            for (int i = from, to = Math.min(from + STEP, catalog.size()); i < to; i++) {
              batch.readOne(i, bytes, writer, row);
            }
          }
        });
    return batch;
  }

  private void readOne(int i, ImageBytes bytes, RowWriter writer, float[] row) {
    String name = rootName + "/" + catalog.source(i);
    try {
      writer.write(i, bytes.read(catalog.source(i)), name, row);
      pixels.buffer().put(pixels.offset() + i * pixels.cols(), row);
    } catch (BadInputException e) {
      errors[i] = e;
    } catch (IOException e) {
      errors[i] = new BadInputException(name + ": cannot read (" + e + ")", e);
    }
  }

  /**
   * The face set of the images that were read.
   *
   * @param skipBad leave out the images that failed and list them, instead of failing
   * @throws BadInputException naming the first image that failed (without {@code skipBad}), or if
   *     no image could be read
   */
  LoadReport assemble(int height, int width, boolean skipBad, DataFormat format) {
    List<String> skipped = new ArrayList<>();
    BadInputException first = null;
    for (int i = 0; i < errors.length; i++) {
      if (errors[i] != null) {
        skipped.add(errors[i].getMessage());
        first = first == null ? errors[i] : first;
      }
    }
    if (first != null && !skipBad) {
      String more = skipped.size() == 1 ? "" : " (and " + (skipped.size() - 1) + " more unreadable images)";
      throw new BadInputException(first.getMessage() + more + "; skipBad skips and counts them", first);
    }
    if (skipped.size() == errors.length) {
      throw new BadInputException(
          rootName + ": none of the " + errors.length + " images could be read; the first: "
              + first.getMessage(), first);
    }
    int kept = errors.length - skipped.size();
    FloatMatrix matrix = kept == errors.length ? pixels : FloatMatrix.zeros(kept, pixels.cols());
    int[] labels = new int[kept];
    List<String> sources = new ArrayList<>(kept);
    int r = 0;
    for (int i = 0; i < errors.length; i++) {
      if (errors[i] != null) {
        continue;
      }
      if (matrix != pixels) {
        matrix.rowRange(r, r + 1).copyFrom(pixels.rowRange(i, i + 1));
      }
      labels[r] = catalog.label(i);
      sources.add(catalog.source(i));
      r++;
    }
    FaceSet faces = new FaceSet(matrix, height, width, labels, catalog.names(), sources);
    return new LoadReport(faces, format, skipped);
  }
}
