package io.facerecon.nmf;

import io.facerecon.io.InvalidParameterException;

/**
 * Settings of a {@link MiniBatchNmf}, with scikit-learn's {@code MiniBatchNMF} defaults: the NMF
 * settings it shares with {@link Nmf} ({@code k}, β-loss, init, {@code max_iter}, {@code tol}, seed,
 * regularisation; solver {@code mu}, neither shuffled nor accelerated) and those of the mini-batch
 * algorithm.
 *
 * <p>As in {@link NmfOptions}, {@code alphaW} penalises our basis W (scikit-learn's
 * {@code alpha_H}, on its {@code components_}) and {@code alphaH} our codes H (scikit-learn's
 * {@code alpha_W}). In a mini-batch step the basis penalty is scaled by the images of that batch,
 * the codes penalty by the number of pixels.
 *
 * @param nmf the shared settings; {@link NmfOptions#maxIterations()} counts passes over the data
 *     ({@code max_iter}), {@link NmfOptions#tol()} bounds the relative change of the basis between
 *     steps ({@code tol}; 0 disables that rule)
 * @param batchSize images per mini-batch ({@code batch_size}); a larger value than the data holds
 *     means one batch of all images
 * @param forgetFactor how much of the past the accumulators keep per pass, in [0, 1]
 *     ({@code forget_factor})
 * @param freshRestarts solve each batch's codes from scratch instead of one update from their last
 *     values ({@code fresh_restarts})
 * @param freshRestartsMaxIter iteration limit of those solves ({@code fresh_restarts_max_iter})
 * @param maxNoImprovement steps without a new minimum of the smoothed cost that stop the fit
 *     ({@code max_no_improvement}); {@link #NO_IMPROVEMENT_LIMIT_OFF} (0) disables the rule, as
 *     scikit-learn's None
 * @param transformMaxIter iteration limit of {@code transform}; 0 means {@code maxIterations}, as
 *     scikit-learn's None
 */
public record MiniBatchNmfOptions(
    NmfOptions nmf,
    int batchSize,
    double forgetFactor,
    boolean freshRestarts,
    int freshRestartsMaxIter,
    int maxNoImprovement,
    int transformMaxIter) {

  /** {@link #maxNoImprovement()} that disables the smoothed-cost rule (scikit-learn's None). */
  public static final int NO_IMPROVEMENT_LIMIT_OFF = 0;

  /**
   * Checks every value, naming the parameter.
   *
   * @param nmf the shared settings: solver mu, not shuffled, not accelerated
   * @param batchSize at least 1
   * @param forgetFactor in [0, 1]
   * @param freshRestarts whether each batch's codes are solved from scratch
   * @param freshRestartsMaxIter at least 1
   * @param maxNoImprovement at least 0 (0: off)
   * @param transformMaxIter at least 0 (0: maxIterations)
   * @throws InvalidParameterException if a value is out of range
   */
  public MiniBatchNmfOptions {
    if (nmf == null) {
      throw new InvalidParameterException("solver", "settings must be given");
    }
    if (nmf.solver() != Solver.MU) {
      throw new InvalidParameterException("solver",
          "must be mu for MiniBatchNMF, which runs multiplicative updates only, got " + nmf.solver().name().toLowerCase());
    }
    if (nmf.accelerated()) {
      throw new InvalidParameterException("accelerated", "is not available for MiniBatchNMF");
    }
    if (nmf.shuffle()) {
      throw new InvalidParameterException("shuffle", "applies to coordinate descent only, not to MiniBatchNMF");
    }
    if (batchSize < 1) {
      throw new InvalidParameterException("batchSize", "must be >= 1, got " + batchSize);
    }
    if (!(forgetFactor >= 0 && forgetFactor <= 1)) {
      throw new InvalidParameterException("forgetFactor", "must be in [0, 1], got " + forgetFactor);
    }
    if (freshRestartsMaxIter < 1) {
      throw new InvalidParameterException("freshRestartsMaxIter", "must be >= 1, got " + freshRestartsMaxIter);
    }
    if (maxNoImprovement < 0) {
      throw new InvalidParameterException("maxNoImprovement", "must be >= 1, or 0 for none, got " + maxNoImprovement);
    }
    if (transformMaxIter < 0) {
      throw new InvalidParameterException("transformMaxIter",
          "must be >= 1, or 0 for maxIterations, got " + transformMaxIter);
    }
  }

  /**
   * scikit-learn's defaults for {@code k} components: batches of 1024, Frobenius loss, default init,
   * 200 passes, tol 1e-4, max_no_improvement 10, forget factor 0.7, no fresh restarts (30
   * iterations when on), transform iterations = max_iter, no regularisation, seed 0.
   *
   * @param components k, the number of basis images
   * @return the default options
   */
  public static MiniBatchNmfOptions defaults(int components) {
    return new MiniBatchNmfOptions(NmfOptions.defaults(components).withSolver(Solver.MU), 1024, 0.7, false, 30, 10, 0);
  }

  /**
   * These options with other shared NMF settings.
   *
   * @param o the NMF settings (solver mu)
   * @return the new options
   */
  public MiniBatchNmfOptions withNmf(NmfOptions o) {
    return new MiniBatchNmfOptions(o, batchSize, forgetFactor, freshRestarts, freshRestartsMaxIter, maxNoImprovement,
        transformMaxIter);
  }

  /**
   * These options with another batch size.
   *
   * @param n images per batch
   * @return the new options
   */
  public MiniBatchNmfOptions withBatchSize(int n) {
    return new MiniBatchNmfOptions(nmf, n, forgetFactor, freshRestarts, freshRestartsMaxIter, maxNoImprovement,
        transformMaxIter);
  }

  /**
   * These options with another forget factor.
   *
   * @param f the forget factor, in [0, 1]
   * @return the new options
   */
  public MiniBatchNmfOptions withForgetFactor(double f) {
    return new MiniBatchNmfOptions(nmf, batchSize, f, freshRestarts, freshRestartsMaxIter, maxNoImprovement,
        transformMaxIter);
  }

  /**
   * These options with fresh restarts on or off, and their iteration limit.
   *
   * @param on whether each batch's codes are solved from scratch
   * @param maxIter iteration limit of each solve
   * @return the new options
   */
  public MiniBatchNmfOptions withFreshRestarts(boolean on, int maxIter) {
    return new MiniBatchNmfOptions(nmf, batchSize, forgetFactor, on, maxIter, maxNoImprovement, transformMaxIter);
  }

  /**
   * These options with another limit of steps without improvement (0: off).
   *
   * @param n the limit, or {@link #NO_IMPROVEMENT_LIMIT_OFF}
   * @return the new options
   */
  public MiniBatchNmfOptions withMaxNoImprovement(int n) {
    return new MiniBatchNmfOptions(nmf, batchSize, forgetFactor, freshRestarts, freshRestartsMaxIter, n,
        transformMaxIter);
  }

  /**
   * These options with another transform iteration limit (0: maxIterations).
   *
   * @param n the limit
   * @return the new options
   */
  public MiniBatchNmfOptions withTransformMaxIter(int n) {
    return new MiniBatchNmfOptions(nmf, batchSize, forgetFactor, freshRestarts, freshRestartsMaxIter, maxNoImprovement,
        n);
  }

  /**
   * k, the number of basis images.
   *
   * @return k
   */
  public int components() {
    return nmf.components();
  }

  /**
   * The iteration limit of transform: {@link #transformMaxIter()}, or {@code maxIterations} when 0.
   *
   * @return the limit
   */
  public int effectiveTransformMaxIter() {
    return transformMaxIter == 0 ? nmf.maxIterations() : transformMaxIter;
  }

  /**
   * The batch size used on {@code images} images: min(batchSize, images).
   *
   * @param images number of images of the data
   * @return images per batch
   */
  public int batchSizeFor(int images) {
    return Math.min(batchSize, images);
  }

  /**
   * The accumulators' decay per step on {@code images} images:
   * ρ = forgetFactor^(batch / images), so that one pass over the data decays them by forgetFactor.
   *
   * @param images number of images of the data
   * @return ρ
   */
  public double rho(int images) {
    return Math.pow(forgetFactor, (double) batchSizeFor(images) / images);
  }
}
