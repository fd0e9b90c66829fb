package io.facerecon.cli;

import io.facerecon.io.BadInputException;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.Solver;
import java.util.Locale;

/** NMF settings named on the command line: solvers and initialisations, read case-insensitively. */
final class NmfNames {
  private NmfNames() {}

  /** {@code mu} or {@code cd}, as given to {@code flag}. */
  static Solver solver(String flag, String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "mu" -> Solver.MU;
      case "cd" -> Solver.CD;
      default -> throw new BadInputException(flag + " must be mu or cd, got '" + name + "'");
    };
  }

  /**
   * {@code random}, {@code nndsvd}, {@code nndsvda} or {@code nndsvdar}, as given to {@code flag};
   * also {@code custom} where {@code customAllowed} (a command that reads starting factors).
   */
  static InitMethod init(String flag, String name, boolean customAllowed) {
    InitMethod method = switch (name.toLowerCase(Locale.ROOT)) {
      case "random" -> InitMethod.RANDOM;
      case "nndsvd" -> InitMethod.NNDSVD;
      case "nndsvda" -> InitMethod.NNDSVDA;
      case "nndsvdar" -> InitMethod.NNDSVDAR;
      case "custom" -> customAllowed ? InitMethod.CUSTOM : null;
      default -> null;
    };
    if (method == null) {
      throw new BadInputException(flag + " must be random, nndsvd, nndsvda"
          + (customAllowed ? ", nndsvdar or custom" : " or nndsvdar") + ", got '" + name + "'");
    }
    return method;
  }
}
