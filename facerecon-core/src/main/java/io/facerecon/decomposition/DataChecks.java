package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.util.ArrayList;
import java.util.List;

/** Checks of data matrices (images × pixels) the estimators of this package share. */
final class DataChecks {
  /** How many positions of non-finite values a message names. */
  private static final int SHOWN_POSITIONS = 5;
  private static final int MIN_ROWS_PER_THREAD = 64;

  private DataChecks() {}

  /**
   * Refuses data holding NaN or infinite values, naming how many and the first few (image, pixel)
   * positions, e.g. {@code x holds 2 NaN and 1 infinite values, at (image 2, pixel 3), ...; PCA
   * needs complete, finite data}.
   *
   * @param x images × pixels
   * @param parameter the name of the data in the message
   * @param estimator the estimator's name in the message
   * @throws BadInputException if a value is not finite
   */
  static void requireFinite(FloatMatrix x, String parameter, String estimator) {
    int p = x.cols();
    double bad = Parallel.sum(x.rows(), MIN_ROWS_PER_THREAD, (from, to) -> {
      float[] row = new float[p];
      int count = 0;
      for (int i = from; i < to; i++) {
        x.buffer().get(x.offset() + i * p, row);
        for (float v : row) {
          count += Float.isFinite(v) ? 0 : 1;
        }
      }
      return count;
    });
    if (bad > 0) {
      throw new BadInputException(nonFiniteMessage(x, parameter) + "; " + estimator + " needs complete, finite data");
    }
  }

  /** Counts x's NaN and infinite values and names the first few positions. */
  private static String nonFiniteMessage(FloatMatrix x, String parameter) {
    long nan = 0;
    long infinite = 0;
    List<String> where = new ArrayList<>();
    for (int i = 0; i < x.rows(); i++) {
      float[] row = x.row(i);
      for (int j = 0; j < row.length; j++) {
        if (!Float.isFinite(row[j])) {
          if (Float.isNaN(row[j])) {
            nan++;
          } else {
            infinite++;
          }
          if (where.size() < SHOWN_POSITIONS) {
            where.add("(image " + i + ", pixel " + j + ")");
          }
        }
      }
    }
    String counts = nan > 0 && infinite > 0
        ? nan + " NaN and " + infinite + " infinite values"
        : nan > 0 ? nan + " NaN value" + (nan > 1 ? "s" : "") : infinite + " infinite value" + (infinite > 1 ? "s" : "");
    return parameter + " holds " + counts + ", " + (nan + infinite > where.size() ? "the first at " : "at ")
        + String.join(", ", where);
  }

  /** Throws unless the data have the model's number of pixels. */
  static void requirePixels(FloatMatrix x, int pixels, String what) {
    if (x.cols() != pixels) {
      throw new BadInputException(
          what + " has " + x.cols() + " pixels per image, but the model was made for " + pixels);
    }
  }
}
