package io.facerecon.nmf;

import java.util.List;

/**
 * The result of a {@link MiniBatchNmf} fit: what an {@link NmfFit} reports (model, codes, passes,
 * final error) and what is particular to mini-batches.
 *
 * @param fit the model (an {@link NmfModel} whose transform is MiniBatchNMF's), the codes H
 *     (k × images; scikit-learn's {@code fit_transform} returns Hᵀ), passes started
 *     ({@link NmfFit#iterations()}, scikit-learn's {@code n_iter_}), the final error
 *     √(2·D_β(V ‖ WH)) ({@code reconstruction_err_}) and ‖V − WH‖_F / ‖V‖_F; its history holds
 *     the final error only, and {@code converged} is false when the last pass was the
 *     {@code maxIterations}-th with tol &gt; 0 (scikit-learn's ConvergenceWarning)
 * @param steps mini-batches processed (scikit-learn's {@code n_steps_})
 * @param stop the rule that ended the fit
 * @param costs the batch cost and the smoothed cost at the end of each pass and at the last step
 * @param squaredNorm ‖V‖_F² of the fitted images, in double (for a stream, read in its first pass)
 */
public record MiniBatchNmfFit(NmfFit fit, int steps, Stop stop, List<CostPoint> costs, double squaredNorm) {
  /** Why a fit ended. */
  public enum Stop {
    /** The basis changed by at most tol in one step. */
    TOL,
    /** The smoothed cost set no new minimum for maxNoImprovement steps. */
    NO_IMPROVEMENT,
    /** maxIterations passes over the data ran. */
    MAX_ITER
  }

  /**
   * The costs after a step.
   *
   * @param step steps done
   * @param batchCost the step's (D_β + penalties) / batch images
   * @param ewaCost the exponentially weighted cost, NaN after the first step
   * @param seconds time since the fit started (the first pass over the data included)
   */
  public record CostPoint(int step, double batchCost, double ewaCost, double seconds) {}

  /**
   * The fitted model.
   *
   * @return the model
   */
  public NmfModel model() {
    return fit.model();
  }
}
