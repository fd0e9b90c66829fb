package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/** Checks of data matrices (images × pixels) before a fit or a transform. */
final class DataChecks {
  /** How many positions of non-finite values a message names. */
  private static final int SHOWN = 5;

  private DataChecks() {}

  /**
   * Throws unless every value is finite, naming how many are not and the first few (image, pixel)
   * positions: these estimators need complete data.
   */
  static void requireFinite(FloatMatrix x, String estimator) {
    int cols = x.cols();
    double bad = Parallel.sum(x.rows(), 64, (from, to) -> {
      long n = 0;
      for (int i = from; i < to; i++) {
        for (int j = 0; j < cols; j++) {
          if (!Float.isFinite(x.get(i, j))) {
            n++;
          }
        }
      }
      return n;
    });
    if (bad == 0) {
      return;
    }
    long nan = 0;
    StringBuilder where = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < x.rows(); i++) {
      for (int j = 0; j < cols; j++) {
        float v = x.get(i, j);
        if (Float.isNaN(v)) {
          nan++;
        }
        if (!Float.isFinite(v) && shown < SHOWN) {
          where.append(shown++ == 0 ? "" : ", ").append("(image ").append(i).append(", pixel ")
              .append(j).append(")");
        }
      }
    }
    long infinite = (long) bad - nan;
    String what = nan > 0 && infinite > 0
        ? String.format("%,d NaN and %,d infinite values", nan, infinite)
        : nan > 0 ? String.format("%,d NaN values", nan) : String.format("%,d infinite values", infinite);
    throw new BadInputException(
        "the data hold " + what + " (first at " + where + (bad > SHOWN ? ", ..." : "") + "); "
            + estimator + " needs complete, finite data");
  }

  /** Throws unless the data have the model's number of pixels. */
  static void requirePixels(FloatMatrix x, int pixels, String what) {
    if (x.cols() != pixels) {
      throw new BadInputException(
          what + " has " + x.cols() + " pixels per image, but the model was made for " + pixels);
    }
  }
}
