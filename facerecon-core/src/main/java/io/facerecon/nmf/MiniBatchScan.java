package io.facerecon.nmf;

import io.facerecon.data.FaceStream;
import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.io.IOException;

/**
 * One pass over a stream of images before a mini-batch fit or transform: checks every value (finite
 * and non-negative; the bad ones are counted over the whole pass and the first is named) and keeps
 * each image's sum and sum of squares, from which the data's mean (the random and restart starts),
 * a batch's mean and squared norm (its cost) and ‖V‖ come without reading the data again. The sums are those of {@link NmfData}: per image in double, pixel by
 * pixel, added in image order, so the mean equals {@link NmfData#mean()} bit for bit.
 */
final class MiniBatchScan {
  private final int pixels;
  private final double[] sums;
  private final double[] squares;
  private final double sum;
  private final double squaredNorm;
  private final float min;
  private final float max;

  private MiniBatchScan(int pixels, double[] sums, double[] squares, float min, float max) {
    this.pixels = pixels;
    this.sums = sums;
    this.squares = squares;
    double s = 0;
    double q = 0;
    for (int i = 0; i < sums.length; i++) {
      s += sums[i];
      q += squares[i];
    }
    this.sum = s;
    this.squaredNorm = q;
    this.min = min;
    this.max = max;
  }

  /**
   * Reads {@code stream} once in batches of {@code buffer.rows()} images.
   *
   * @throws BadInputException with the number of negative, NaN and infinite values and the first
   *     one's image and pixel, or if the data is empty or all zeros
   */
  static MiniBatchScan of(FaceStream stream, FloatMatrix buffer) throws IOException {
    Sums sums = new Sums(stream.size(), stream.pixelCount());
    for (int first = 0; first < stream.size(); first += buffer.rows()) {
      FloatMatrix batch = buffer.rowRange(0, Math.min(buffer.rows(), stream.size() - first));
      stream.read(first, batch);
      sums.add(first, batch);
    }
    return sums.scan();
  }

  /** {@link #of(FaceStream, FloatMatrix)} for images in memory, one per row of {@code x}. */
  static MiniBatchScan of(FloatMatrix x) {
    Sums sums = new Sums(x.rows(), x.cols());
    sums.add(0, x);
    return sums.scan();
  }

  /** Per-image statistics, filled batch by batch. */
  private static final class Sums {
    private final int pixels;
    private final double[] sums;
    private final double[] squares;
    private final float[] mins;
    private final float[] maxs;
    /** Bad values per image, and the pixel of each image's first. */
    private final int[] bad;
    private final int[] badPixel;
    private int firstBadImage = -1;
    private int firstBadPixel;
    private float firstBadValue;

    Sums(int images, int pixels) {
      if (images == 0 || pixels == 0) {
        throw new BadInputException("the images are empty (" + images + " images of " + pixels + " pixels)");
      }
      this.pixels = pixels;
      this.sums = new double[images];
      this.squares = new double[images];
      this.mins = new float[images];
      this.maxs = new float[images];
      this.bad = new int[images];
      this.badPixel = new int[images];
    }

    /** Images first.. of {@code batch}, one per row. */
    void add(int first, FloatMatrix batch) {
      int rows = batch.rows();
      Parallel.forRange(rows, 16, (from, to) -> {
        float[] row = new float[pixels];
        for (int r = from; r < to; r++) {
          batch.buffer().get(batch.offset() + r * pixels, row);
          imageStats(row, first + r);
        }
      });
      for (int r = 0; r < rows && firstBadImage < 0; r++) {
        if (bad[first + r] > 0) {
          firstBadImage = first + r;
          firstBadPixel = badPixel[first + r];
          firstBadValue = batch.get(r, firstBadPixel);
        }
      }
    }

    /** Fills an image's statistics, and with bad values their count and the first's pixel. */
    private void imageStats(float[] row, int image) {
      double s = 0;
      double q = 0;
      float lo = Float.POSITIVE_INFINITY;
      float hi = 0;
      int badValues = 0;
      int firstBad = -1;
      for (int p = 0; p < row.length; p++) {
        float v = row[p];
        if (!(v >= 0) || v == Float.POSITIVE_INFINITY) {
          firstBad = badValues++ == 0 ? p : firstBad;
          continue;
        }
        s += v;
        q += (double) v * v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      sums[image] = s;
      squares[image] = q;
      mins[image] = lo;
      maxs[image] = hi;
      bad[image] = badValues;
      badPixel[image] = firstBad;
    }

    MiniBatchScan scan() {
      if (firstBadImage >= 0) {
        long count = 0;
        int images = 0;
        for (int b : bad) {
          count += b;
          images += b > 0 ? 1 : 0;
        }
        throw new BadInputException(
            "images must be finite and non-negative, but " + count + " values in " + images
                + " images are not (NaN, infinite or negative); the first is " + firstBadValue + " at pixel "
                + firstBadPixel + " of image " + firstBadImage + " (counting from 0)");
      }
      float min = Float.POSITIVE_INFINITY;
      float max = 0;
      for (int i = 0; i < sums.length; i++) {
        min = Math.min(min, mins[i]);
        max = Math.max(max, maxs[i]);
      }
      MiniBatchScan scan = new MiniBatchScan(pixels, sums, squares, min, max);
      if (scan.squaredNorm == 0) {
        throw new BadInputException("the images are all zeros: there is nothing to factorise");
      }
      return scan;
    }
  }

  int pixels() {
    return pixels;
  }

  /** Σ V / (m·n), as {@link NmfData#mean()}. */
  double mean() {
    return sum / ((double) sums.length * pixels);
  }

  /** ‖V‖²_F. */
  double squaredNorm() {
    return squaredNorm;
  }

  float min() {
    return min;
  }

  float max() {
    return max;
  }

  /** The mean of images [first, first + rows). */
  double mean(int first, int rows) {
    double s = 0;
    for (int i = first; i < first + rows; i++) {
      s += sums[i];
    }
    return s / ((double) rows * pixels);
  }

  /** ‖V_b‖²_F of images [first, first + rows). */
  double squaredNorm(int first, int rows) {
    double s = 0;
    for (int i = first; i < first + rows; i++) {
      s += squares[i];
    }
    return s;
  }
}
