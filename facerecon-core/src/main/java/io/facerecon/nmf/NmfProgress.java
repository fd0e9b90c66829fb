package io.facerecon.nmf;

/** Receives the progress of a fit or transform; called on the fitting thread. */
@FunctionalInterface
public interface NmfProgress {
  /** Ignores all progress. */
  NmfProgress NONE = (iteration, maxIterations, error) -> {};

  /**
   * Called after each iteration.
   *
   * @param iteration iterations done so far
   * @param maxIterations the iteration limit
   * @param error the latest error √(2·D_β) (computed every 10 iterations), NaN before the first
   */
  void iteration(int iteration, int maxIterations, double error);
}
