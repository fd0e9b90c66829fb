package io.facerecon.nmf;

/** Receives the progress of a {@link MiniBatchNmf} fit; called on the fitting thread. */
@FunctionalInterface
public interface MiniBatchProgress {
  /** Ignores all progress. */
  MiniBatchProgress NONE = (step, maxSteps, batchCost, ewaCost) -> {};

  /**
   * Called after each step.
   *
   * @param step steps done so far
   * @param maxSteps the step limit, maxIterations · ⌈images / batch size⌉
   * @param batchCost the step's batch cost
   * @param ewaCost the exponentially weighted cost, NaN after the first step
   */
  void step(int step, int maxSteps, double batchCost, double ewaCost);
}
