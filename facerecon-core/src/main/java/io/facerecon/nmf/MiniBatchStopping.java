package io.facerecon.nmf;

/**
 * scikit-learn's stopping rules for mini-batch NMF ({@code _minibatch_convergence}), step by step.
 * The first step is ignored (the basis has not moved yet). From the second on, with b the batch's
 * images and n the data's,
 *
 * <pre>
 * ewa ← cost                           at the second step
 * ewa ← ewa·(1 − α) + cost·α,  α = min(b / (n + 1), 1)   after it
 * stop when ‖Wᵀ − Wᵀ_previous‖_F / ‖Wᵀ‖_F ≤ tol          (tol &gt; 0)
 * stop when ewa has set no new minimum for maxNoImprovement steps   (maxNoImprovement &gt; 0)
 * </pre>
 *
 * in that order; the minimum is kept from the second step on.
 */
final class MiniBatchStopping {
  private final double tol;
  private final int maxNoImprovement;
  private final int images;
  private double ewa = Double.NaN;
  private double ewaMin = Double.NaN;
  private int noImprovement;

  MiniBatchStopping(double tol, int maxNoImprovement, int images) {
    this.tol = tol;
    this.maxNoImprovement = maxNoImprovement;
    this.images = images;
  }

  /**
   * Takes step {@code step} (counted from 1) of a batch of {@code batchImages} images.
   *
   * @param basisChange ‖Wᵀ − Wᵀ_previous‖_F / ‖Wᵀ‖_F over the step
   * @return the rule that stops the fit now, or null to go on
   */
  MiniBatchNmfFit.Stop after(int step, int batchImages, double cost, double basisChange) {
    if (step == 1) {
      return null;
    }
    if (Double.isNaN(ewa)) {
      ewa = cost;
    } else {
      double alpha = Math.min((double) batchImages / (images + 1), 1);
      ewa = ewa * (1 - alpha) + cost * alpha;
    }
    if (tol > 0 && basisChange <= tol) {
      return MiniBatchNmfFit.Stop.TOL;
    }
    if (Double.isNaN(ewaMin) || ewa < ewaMin) {
      noImprovement = 0;
      ewaMin = ewa;
    } else {
      noImprovement++;
    }
    return maxNoImprovement > 0 && noImprovement >= maxNoImprovement ? MiniBatchNmfFit.Stop.NO_IMPROVEMENT : null;
  }

  /** The exponentially weighted cost; NaN before the second step. */
  double ewa() {
    return ewa;
  }
}
