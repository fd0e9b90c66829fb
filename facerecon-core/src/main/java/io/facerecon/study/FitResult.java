package io.facerecon.study;

import java.util.List;

/**
 * What a method reports about its fit.
 *
 * <p>The study measures the fit's wall-clock time itself, unless the method reports its own
 * {@code seconds}: a method whose fit does more than learn (e.g. measures held-out faces after
 * each epoch, for a curve) or continues an earlier fit (a snapshot of a longer training) knows its
 * training time better than the clock around {@code fit} does.
 *
 * @param steps iterations or epochs actually run (fewer than asked if it converged early)
 * @param stepUnit what a step is: "iterations" or "epochs"
 * @param curves training histories, e.g. loss per epoch or error every 10 iterations
 * @param seconds the fit's training time as the method measured it, or NaN to use the study's
 *     wall clock
 */
public record FitResult(int steps, String stepUnit, List<Curve> curves, double seconds) {
  /**
   * Checks the figures and keeps an unmodifiable copy of the curves.
   *
   * @param steps iterations or epochs actually run, at least 0
   * @param stepUnit what a step is
   * @param curves training histories
   * @param seconds the method's own training time, or NaN
   */
  public FitResult {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    if (seconds < 0 || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("fit seconds must be finite and >= 0 (or NaN), got " + seconds);
    }
    curves = List.copyOf(curves);
  }

  /**
   * A fit timed by the study's wall clock.
   *
   * @param steps iterations or epochs actually run, at least 0
   * @param stepUnit what a step is
   * @param curves training histories
   */
  public FitResult(int steps, String stepUnit, List<Curve> curves) {
    this(steps, stepUnit, curves, Double.NaN);
  }

  /**
   * Whether the method measured its own training time.
   *
   * @return true if {@link #seconds()} is not NaN
   */
  public boolean reportsSeconds() {
    return !Double.isNaN(seconds);
  }
}
