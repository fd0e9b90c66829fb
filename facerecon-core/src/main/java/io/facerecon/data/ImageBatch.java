package io.facerecon.data;

import io.facerecon.io.BadInputException;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads and converts the images of an {@link ImageSource} on all threads, one row of a pixel
 * matrix per image, then leaves out (with {@code skipBad}) or reports the images that failed.
 *
 * <p>Errors are reported for the first failing image in load order, whatever thread met it, so
 * the same input always gives the same message. An image that can be read but does not fit the
 * others ({@link Mismatch}) is an error even with {@code skipBad}.
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

  /**
   * An image that decodes but does not fit the data set (another size where all must have one):
   * not a damaged file that {@code skipBad} may skip, but a data set to fix.
   */
  static final class Mismatch extends BadInputException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message);
    }
  }

  private final ImageSource source;
  /** The gray levels of each image read, in load order; null for those that failed or were not kept. */
  private final float[][] rows;
  /** Which images were read. */
  private final boolean[] read;
  /** Why each failed image failed: its message alone, a short record per image. */
  private final String[] problems;
  /** The failure of the first failing image in load order, kept whole as the cause. */
  private BadInputException first;
  private int firstIndex = Integer.MAX_VALUE;
  /** The first image in load order that does not fit the others, if any. */
  private Mismatch mismatch;
  private int mismatchIndex = Integer.MAX_VALUE;

  private ImageBatch(ImageSource source) {
    this.source = source;
    int n = source.catalog().size();
    this.rows = new float[n][];
    this.read = new boolean[n];
    this.problems = new String[n];
  }

  /**
   * Reads every image of {@code source} into a row. Memory is taken for the images that are
   * read, not for those that fail: a folder of thousands of empty files beside one image costs one
   * row and a message per empty file. Failures are kept for {@link #assemble}.
   *
   * @throws BadInputException naming the data set if all its images together would not fit one
   *     matrix, checked before anything is read
   */
  static ImageBatch read(ImageSource source) {
    Catalog catalog = source.catalog();
    long values;
    try {
      values = Math.multiplyExact((long) catalog.size(), source.pixelCount());
    } catch (ArithmeticException e) {
      values = Long.MAX_VALUE;
    }
    if (values > MAX_VALUES) {
      throw new BadInputException(
          source.rootName() + ": " + String.format("%,d", catalog.size()) + " images of "
              + String.format("%,d", source.pixelCount()) + " pixels are " + String.format("%,d", values)
              + " values, more than the " + String.format("%,d", MAX_VALUES) + " one data set can hold;"
              + " choose a smaller size or resize, or fewer images (minFaces)");
    }
    return visit(source, true);
  }

  /**
   * Reads every image of {@code source} to find those that fail, keeping no pixels: what a stream
   * with {@code skipBad} needs to know before its first batch.
   */
  static ImageBatch scan(ImageSource source) {
    return visit(source, false);
  }

  private static ImageBatch visit(ImageSource source, boolean keep) {
    ImageBatch batch = new ImageBatch(source);
    int n = source.catalog().size();
    // Each thread takes the next few images as it finishes the last: a thread slowed down (by
    // other processes, larger files, the JIT compiler) does not keep the others waiting at the end.
    AtomicInteger next = new AtomicInteger();
    Parallel.forRange(
        Parallel.threads(),
        (firstThread, lastThread) -> {
          float[] row = null;
          for (int from = next.getAndAdd(STEP); from < n; from = next.getAndAdd(STEP)) {
            for (int i = from, to = Math.min(from + STEP, n); i < to; i++) {
              if (row == null) {
                row = new float[source.pixelCount()];
              }
              if (batch.readOne(i, row) && keep) {
                batch.rows[i] = row;
                row = null; // kept; the next image needs a new one
              }
            }
          }
        });
    return batch;
  }

  /** The most values one matrix holds. */
  private static final long MAX_VALUES = Integer.MAX_VALUE / Float.BYTES;

  /** Reads image {@code i} into {@code row}; whether it was read. */
  private boolean readOne(int i, float[] row) {
    try {
      source.readRow(i, row);
      read[i] = true;
      return true;
    } catch (Mismatch e) {
      misfit(i, e);
    } catch (BadInputException e) {
      fail(i, e);
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

  private synchronized void misfit(int i, Mismatch e) {
    if (i < mismatchIndex) {
      mismatchIndex = i;
      mismatch = e;
    }
  }

  /**
   * The images that failed, each as its message, in load order.
   *
   * @param skipBad leave out the images that failed instead of failing
   * @throws BadInputException naming the first image that does not fit the others; naming the
   *     first image that failed (without {@code skipBad}); or if no image could be read
   */
  List<String> skipped(boolean skipBad) {
    if (mismatch != null) {
      throw mismatch;
    }
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
    if (skipped.size() == read.length) {
      throw new BadInputException(
          source.rootName() + ": none of the " + read.length + " images could be read; the first: "
              + first.getMessage(), first);
    }
    return skipped;
  }

  /** The catalog indices of the images that were read, in load order. */
  int[] readIndices() {
    int[] indices = new int[read.length];
    int n = 0;
    for (int i = 0; i < read.length; i++) {
      if (read[i]) {
        indices[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(indices, n);
  }

  /**
   * The face set of the images that were read.
   *
   * @param skipBad leave out the images that failed and list them, instead of failing
   * @throws BadInputException as {@link #skipped}
   */
  LoadReport assemble(boolean skipBad) {
    List<String> skipped = skipped(skipBad);
    Catalog catalog = source.catalog();
    int pixelCount = source.pixelCount();
    int[] kept = readIndices();
    FloatMatrix matrix = FloatMatrix.zeros(kept.length, pixelCount);
    int[] labels = new int[kept.length];
    List<String> sources = new ArrayList<>(kept.length);
    for (int r = 0; r < kept.length; r++) {
      int i = kept[r];
      matrix.buffer().put(matrix.offset() + r * pixelCount, rows[i]);
      rows[i] = null;
      labels[r] = catalog.label(i);
      sources.add(catalog.source(i));
    }
    FaceSet faces = new FaceSet(matrix, source.height(), source.width(), labels, catalog.names(), sources);
    return new LoadReport(faces, source.format(), skipped);
  }
}
