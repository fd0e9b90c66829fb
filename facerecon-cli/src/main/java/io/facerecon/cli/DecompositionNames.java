package io.facerecon.cli;

import io.facerecon.decomposition.ComponentCount;
import io.facerecon.decomposition.KMeansInit;
import io.facerecon.decomposition.SvdSolver;
import io.facerecon.io.BadInputException;
import io.facerecon.linalg.RandomizedSvd;
import java.util.Locale;

/** Settings of PCA, truncated SVD and k-means named on the command line, read case-insensitively. */
final class DecompositionNames {
  private DecompositionNames() {}

  /** A number of components as scikit-learn's {@code n_components}: an integer, a fraction in (0, 1), or all. */
  static ComponentCount components(String flag, String text) {
    if (text.equalsIgnoreCase("all")) {
      return ComponentCount.all();
    }
    try {
      if (text.matches("\\d+")) {
        return ComponentCount.of(Integer.parseInt(text));
      }
      return ComponentCount.varianceFraction(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      throw new BadInputException(flag + " must be a number of components, a variance fraction in (0, 1) or"
          + " 'all', got '" + text + "'");
    }
  }

  /** {@code auto}, {@code full} or {@code randomized}; {@code auto} only where {@code autoAllowed}. */
  static SvdSolver solver(String flag, String name, boolean autoAllowed) {
    SvdSolver solver = switch (name.toLowerCase(Locale.ROOT)) {
      case "auto" -> autoAllowed ? SvdSolver.AUTO : null;
      case "full" -> SvdSolver.FULL;
      case "randomized" -> SvdSolver.RANDOMIZED;
      default -> null;
    };
    if (solver == null) {
      throw new BadInputException(flag + " must be " + (autoAllowed ? "auto, full or randomized" : "full or randomized")
          + ", got '" + name + "'");
    }
    return solver;
  }

  /** The power iterations' normaliser: {@code auto}, {@code LU}, {@code QR} or {@code none}. */
  static RandomizedSvd.Normalizer normalizer(String flag, String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "auto" -> RandomizedSvd.Normalizer.AUTO;
      case "lu" -> RandomizedSvd.Normalizer.LU;
      case "qr" -> RandomizedSvd.Normalizer.QR;
      case "none" -> RandomizedSvd.Normalizer.NONE;
      default -> throw new BadInputException(flag + " must be auto, LU, QR or none, got '" + name + "'");
    };
  }

  /** Power iterations: a count, or {@code auto}. */
  static int powerIterations(String flag, String text) {
    if (text.equalsIgnoreCase("auto")) {
      return RandomizedSvd.AUTO_ITERATIONS;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new BadInputException(flag + " must be a number of iterations or 'auto', got '" + text + "'");
    }
  }

  /** {@code k-means++} or {@code random}. */
  static KMeansInit kMeansInit(String flag, String name) {
    KMeansInit init = KMeansInit.ofSklearnName(name.toLowerCase(Locale.ROOT));
    if (init == null) {
      throw new BadInputException(flag + " must be k-means++ or random, got '" + name + "'");
    }
    return init;
  }
}
