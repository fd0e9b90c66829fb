package io.facerecon.cli;

import io.facerecon.io.BadInputException;

import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The starting factors of {@code nmf --init custom}, read from the .npy files named by
 * {@code --w0} and {@code --h0}: W₀ is pixels × k and H₀ is k × images, the layout of the
 * W.npy and H.npy that {@code nmf} writes. Every check names the flag and the file.
 */
final class CustomStart {
  private final Factor basis;
  private final Factor codes;

  private CustomStart(Factor basis, Factor codes) {
    this.basis = basis;
    this.codes = codes;
  }

  /** Reads both files and checks what can be checked without the data: 2-D, float32 or float64. */
  static CustomStart read(Path w0, Path h0) throws IOException {
    return new CustomStart(Factor.read("--w0", w0), Factor.read("--h0", h0));
  }

  /** W₀, checked to be pixels × k for images of {@code height} × {@code width}, and its values. */
  FloatMatrix basis(int height, int width, int k) {
    String rows = "pixels of the " + height + "x" + width + " images";
    return basis.checkShape(height * width, k, rows, "--k",
        "scikit-learn's components_ orientation (W0 transposed)");
  }

  /** H₀, checked to be k × images, and its values. */
  FloatMatrix codes(int k, int images) {
    return codes.checkShape(k, images, "--k", "images in --data",
        "scikit-learn's W orientation (H0 transposed)");
  }

  /** One factor as read from its file. */
  private record Factor(String flag, Path file, FloatMatrix values) {
    static Factor read(String flag, Path file) throws IOException {
      if (Files.isDirectory(file)) {
        throw new BadInputException(flag + " " + file + " is a folder; expected a .npy file");
      }
      if (!Files.exists(file)) {
        throw new BadInputException(flag + " " + file + ": no such file");
      }
      Npy.Array array;
      try {
        array = Npy.read(file);
      } catch (IllegalArgumentException e) {
        // Npy's message starts with the file; say which flag named it.
        throw new BadInputException(flag + " " + e.getMessage(), e);
      } catch (IOException e) {
        throw new BadInputException(flag + " " + file + ": cannot be read (" + e.getMessage() + ")", e);
      }
      String dtype = array.dtype();
      if (!dtype.endsWith("f4") && !dtype.endsWith("f8")) {
        throw new BadInputException(
            flag + " " + file + " holds dtype '" + dtype + "'; expected float32 or float64");
      }
      if (array.rank() != 2) {
        throw new BadInputException(
            flag + " " + file + " has shape " + array.shapeText() + "; expected a 2-D array");
      }
      return new Factor(flag, file, array.values());
    }

    /** Finite and non-negative (float64 values beyond float32's range became infinite). */
    private void checkValues() {
      int cols = values.cols();
      long bad = 0;
      int first = -1;
      boolean anyPositive = false;
      for (int i = 0, n = values.size(); i < n; i++) {
        float v = values.get(i);
        if (!(v >= 0 && v < Float.POSITIVE_INFINITY)) {
          bad++;
          first = first < 0 ? i : first;
        } else if (v > 0) {
          anyPositive = true;
        }
      }
      if (bad > 0) {
        throw new BadInputException(String.format(Locale.ROOT,
            "%s %s has %d negative or non-finite value(s), the first %s at [%d, %d]; expected finite values >= 0",
            flag, file, bad, values.get(first), first / cols, first % cols));
      }
      if (!anyPositive) {
        throw new BadInputException(
            flag + " " + file + " is all zeros; NMF's updates cannot leave a zero factor");
      }
    }

    /** The values, if they are {@code rows} × {@code cols}, finite, non-negative, not all zero. */
    FloatMatrix checkShape(int rows, int cols, String rowsName, String colsName, String transposedName) {
      if (values.rows() == rows && values.cols() == cols) {
        checkValues();
        return values;
      }
      String found = flag + " " + file + " has shape (" + values.rows() + ", " + values.cols() + "); expected ("
          + rows + ", " + cols + ") = (" + rowsName + ", " + colsName + ")";
      if (rows != cols && values.rows() == cols && values.cols() == rows) {
        found += "; it is the transpose, " + transposedName + ": save its transpose";
      }
      throw new BadInputException(found);
    }
  }
}
