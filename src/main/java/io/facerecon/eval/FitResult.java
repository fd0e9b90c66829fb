package io.facerecon.eval;

import java.util.List;

/**
 * What a method reports about its fit. The study measures the fit's wall-clock time itself.
 *
 * @param steps iterations or epochs actually run (fewer than asked if it converged early)
 * @param stepUnit what a step is: "iterations" or "epochs"
 * @param curves training histories, e.g. loss per epoch or error every 10 iterations
 */
public record FitResult(int steps, String stepUnit, List<Curve> curves) {
  /** Checks the figures and keeps an unmodifiable copy of the curves. */
  public FitResult {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    curves = List.copyOf(curves);
  }
}
