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
  private final int pixelCount;
  /** The gray levels of each image read, in load order; null for those that failed. */
  private final float[][] rows;
  /** Why each failed image failed: its message alone, a short record per image. */
  private final String[] problems;
  /** The failure of the first failing image in load order, kept whole as the cause. */
  private BadInputException first;
  private int firstIndex = Integer.MAX_VALUE;

  private ImageBatch(Catalog catalog, String rootName, int pixelCount) {
    this.catalog = catalog;
    this.rootName = rootName;
    this.pixelCount = pixelCount;
    this.rows = new float[catalog.size()][];
    this.problems = new String[catalog.size()];
  }

  /**
   * Reads every image of {@code catalog} into a row of {@code pixelCount} values. Memory is taken
   * for the images that are read, not for those that fail: a folder of thousands of empty files
   * beside one image costs one row and a message per empty file. Failures are kept for {@link
   * #assemble}.
   *
   * @throws BadInputException naming the data set if all its images together would not fit one
   *     matrix, checked before anything is read
   */
  static ImageBatch read(
      Catalog catalog, String rootName, int pixelCount, ImageBytes bytes, RowWriter writer) {
    long values;
    try {
      values = Math.multiplyExact((long) catalog.size(), pixelCount);
    } catch (ArithmeticException e) {
      values = Long.MAX_VALUE;
    }
    if (values > MAX_VALUES) {
      throw new BadInputException(
          rootName + ": " + String.format("%,d", catalog.size()) + " images of " + String.format("%,d", pixelCount)
              + " pixels are " + String.format("%,d", values) + " values, more than the "
              + String.format("%,d", MAX_VALUES) + " one data set can hold; choose a smaller size or resize, or"
              + " fewer images (minFaces)");
    }
    ImageBatch batch = new ImageBatch(catalog, rootName, pixelCount);
    // Each thread takes the next few images as it finishes the last: a thread slowed down (by
    // other processes, larger files, the JIT compiler) does not keep the others waiting at the end.
    AtomicInteger next = new AtomicInteger();
    Parallel.forRange(
        Parallel.threads(),
        (firstThread, lastThread) -> {
          float[] row = null;
          for (int from = next.getAndAdd(STEP); from < catalog.size(); from = next.getAndAdd(STEP)) {
            for (int i = from, to = Math.min(from + STEP, catalog.size()); i < to; i++) {
              if (row == null) {
                row = new float[pixelCount];
              }
              if (batch.readOne(i, bytes, writer, row)) {
                row = null; // kept; the next image needs a new one
              }
            }
          }
        });
    return batch;
  }

  /** The most values one matrix holds. */
  private static final long MAX_VALUES = Integer.MAX_VALUE / Float.BYTES;

  /** Reads image {@code i} into {@code row}; whether it was read (and {@code row} kept). */
  private boolean readOne(int i, ImageBytes bytes, RowWriter writer, float[] row) {
    String name = rootName + "/" + catalog.source(i);
    try {
      writer.write(i, bytes.read(catalog.source(i)), name, row);
      rows[i] = row;
      return true;
    } catch (BadInputException e) {
      fail(i, e);
    } catch (IOException e) {
      fail(i, new BadInputException(name + ": cannot read (" + e + ")", e));
    }
    return false;
  }

  private synchronized void fail(int i, BadInputException e) {
    problems[i] = e.getMessage();
    if (i < firstIndex) {
      firstIndex = i;
      first = e;
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
    for (String problem : problems) {
      if (problem != null) {
        skipped.add(problem);
      }
    }
    if (first != null && !skipBad) {
      String more = skipped.size() == 1 ? "" : " (and " + (skipped.size() - 1) + " more unreadable images)";
      throw new BadInputException(first.getMessage() + more + "; skipBad skips and counts them", first);
    }
    if (skipped.size() == rows.length) {
      throw new BadInputException(
          rootName + ": none of the " + rows.length + " images could be read; the first: "
              + first.getMessage(), first);
    }
    int kept = rows.length - skipped.size();
    FloatMatrix matrix = FloatMatrix.zeros(kept, pixelCount);
    int[] labels = new int[kept];
    List<String> sources = new ArrayList<>(kept);
    int r = 0;
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null) {
        continue;
      }
      matrix.buffer().put(matrix.offset() + r * pixelCount, rows[i]);
      rows[i] = null;
      labels[r] = catalog.label(i);
      sources.add(catalog.source(i));
      r++;
    }
    FaceSet faces = new FaceSet(matrix, height, width, labels, catalog.names(), sources);
    return new LoadReport(faces, format, skipped);
  }
}
