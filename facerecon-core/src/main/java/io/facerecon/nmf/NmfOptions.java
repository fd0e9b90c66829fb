package io.facerecon.nmf;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.NumpyRandomState;

/**
 * Settings of an NMF fit, with scikit-learn's defaults.
 *
 * <p>Regularisation follows the study's naming: {@code alphaW} penalises the basis W (pixels × k)
 * and {@code alphaH} the codes H (k × images). scikit-learn factorises X = Vᵀ, so its
 * {@code alpha_W} is our {@code alphaH} and its {@code alpha_H} our {@code alphaW}. As in
 * scikit-learn, each penalty is scaled by the size of the other dimension: the basis penalty by
 * the number of images, the codes penalty by the number of pixels; {@code l1Ratio} splits it
 * into an L1 part ({@code ratio}) and an L2 part ({@code 1 − ratio}).
 *
 * @param components k, the number of basis images
 * @param solver multiplicative updates or coordinate descent
 * @param betaLoss the divergence to minimise (coordinate descent: Frobenius only)
 * @param init the initialisation, or null for scikit-learn's default ({@code nndsvda} when
 *     k ≤ min(pixels, images), else {@code random})
 * @param maxIterations the iteration limit (scikit-learn's {@code max_iter})
 * @param tol the stopping tolerance; 0 runs exactly {@code maxIterations} iterations
 * @param seed seed of every random choice (random init, nndsvdar, SVD, shuffling)
 * @param alphaW regularisation of the basis W
 * @param alphaH regularisation of the codes H; NaN means "the same as alphaW"
 * @param l1Ratio share of L1 in the regularisation, in [0, 1]
 * @param shuffle coordinate descent: visit the components in a random order each sweep
 * @param accelerated repeat the cheap inner update of a factor while it still improves, reusing
 *     its products with the data (Gillis and Glineur 2012); Frobenius loss only. Off, the
 *     iterates equal scikit-learn's
 */
public record NmfOptions(
    int components,
    Solver solver,
    BetaLoss betaLoss,
    InitMethod init,
    int maxIterations,
    double tol,
    long seed,
    double alphaW,
    double alphaH,
    double l1Ratio,
    boolean shuffle,
    boolean accelerated) {

  /**
   * Checks every value, naming the parameter.
   *
   * @param components k, at least 1
   * @param solver the solver, not null
   * @param betaLoss the divergence, not null; Frobenius for coordinate descent or acceleration
   * @param init the initialisation, or null for the default
   * @param maxIterations the iteration limit, at least 1
   * @param tol the stopping tolerance, finite and at least 0
   * @param seed seed of every random choice, 0 to 2³² − 1 (NumPy's range, so that a seed means
   *     what it means to scikit-learn)
   * @param alphaW regularisation of W, finite and at least 0
   * @param alphaH regularisation of H, finite and at least 0, or NaN for the same as alphaW
   * @param l1Ratio share of L1, in [0, 1]
   * @param shuffle whether coordinate descent shuffles the components
   * @param accelerated whether inner updates repeat while they improve
   * @throws InvalidParameterException if a value is out of range
   * @throws BadInputException if the solver or loss is missing, or acceleration meets another loss
   */
  public NmfOptions {
    if (components < 1) {
      throw new InvalidParameterException("k", "(number of components) must be >= 1, got " + components);
    }
    if (solver == null || betaLoss == null) {
      throw new BadInputException("solver and beta loss must be given");
    }
    if (solver == Solver.CD && !betaLoss.isFrobenius()) {
      throw new InvalidParameterException("solver",
          "cd handles only the frobenius loss (beta 2), got beta loss " + betaLoss.label()
              + "; use solver mu");
    }
    if (accelerated && !betaLoss.isFrobenius()) {
      throw new BadInputException(
          "accelerated updates need the frobenius loss, got beta loss " + betaLoss.label());
    }
    if (maxIterations < 1) {
      throw new InvalidParameterException("maxIterations", "must be >= 1, got " + maxIterations);
    }
    if (!(tol >= 0) || Double.isInfinite(tol)) {
      throw new InvalidParameterException("tol", "must be a finite number >= 0, got " + tol);
    }
    if (seed < 0 || seed > NumpyRandomState.MAX_SEED) {
      throw new InvalidParameterException("seed", "must be between 0 and 2**32 - 1, got " + seed);
    }
    if (!(alphaW >= 0) || Double.isInfinite(alphaW)) {
      throw new InvalidParameterException("alphaW", "must be a finite number >= 0, got " + alphaW);
    }
    if (!Double.isNaN(alphaH) && (alphaH < 0 || Double.isInfinite(alphaH))) {
      throw new InvalidParameterException("alphaH", "must be a finite number >= 0 (or NaN: the same as alphaW), got " + alphaH);
    }
    if (!(l1Ratio >= 0 && l1Ratio <= 1)) {
      throw new InvalidParameterException("l1Ratio", "must be in [0, 1], got " + l1Ratio);
    }
  }

  /**
   * scikit-learn's defaults for {@code k} components: solver cd, Frobenius loss, default init,
   * 200 iterations, tol 1e-4, no regularisation, seed 0.
   *
   * @param components k, the number of basis images
   * @return the default options
   */
  public static NmfOptions defaults(int components) {
    return new NmfOptions(
        components, Solver.CD, BetaLoss.FROBENIUS, null, 200, 1e-4, 0, 0, Double.NaN, 0, false, false);
  }

  /**
   * These options with another solver.
   *
   * @param s the solver
   * @return the new options
   */
  public NmfOptions withSolver(Solver s) {
    return new NmfOptions(components, s, betaLoss, init, maxIterations, tol, seed, alphaW, alphaH, l1Ratio, shuffle, accelerated);
  }

  /**
   * These options with another β-divergence.
   *
   * @param b the β-divergence
   * @return the new options
   */
  public NmfOptions withBetaLoss(BetaLoss b) {
    return new NmfOptions(components, solver, b, init, maxIterations, tol, seed, alphaW, alphaH, l1Ratio, shuffle, accelerated);
  }

  /**
   * These options with another initialisation (null: scikit-learn's default).
   *
   * @param i the initialisation, or null
   * @return the new options
   */
  public NmfOptions withInit(InitMethod i) {
    return new NmfOptions(components, solver, betaLoss, i, maxIterations, tol, seed, alphaW, alphaH, l1Ratio, shuffle, accelerated);
  }

  /**
   * These options with another iteration limit.
   *
   * @param n the iteration limit
   * @return the new options
   */
  public NmfOptions withMaxIterations(int n) {
    return new NmfOptions(components, solver, betaLoss, init, n, tol, seed, alphaW, alphaH, l1Ratio, shuffle, accelerated);
  }

  /**
   * These options with another stopping tolerance (0: run all iterations).
   *
   * @param t the tolerance
   * @return the new options
   */
  public NmfOptions withTol(double t) {
    return new NmfOptions(components, solver, betaLoss, init, maxIterations, t, seed, alphaW, alphaH, l1Ratio, shuffle, accelerated);
  }

  /**
   * These options with another seed.
   *
   * @param s the seed
   * @return the new options
   */
  public NmfOptions withSeed(long s) {
    return new NmfOptions(components, solver, betaLoss, init, maxIterations, tol, s, alphaW, alphaH, l1Ratio, shuffle, accelerated);
  }

  /**
   * These options with other regularisation; {@code aH} NaN means the same as {@code aW}.
   *
   * @param aW regularisation of the basis W
   * @param aH regularisation of the codes H, or NaN
   * @param ratio share of L1, in [0, 1]
   * @return the new options
   */
  public NmfOptions withRegularization(double aW, double aH, double ratio) {
    return new NmfOptions(components, solver, betaLoss, init, maxIterations, tol, seed, aW, aH, ratio, shuffle, accelerated);
  }

  /**
   * These options with coordinate descent's component order shuffled, or not.
   *
   * @param s whether to shuffle
   * @return the new options
   */
  public NmfOptions withShuffle(boolean s) {
    return new NmfOptions(components, solver, betaLoss, init, maxIterations, tol, seed, alphaW, alphaH, l1Ratio, s, accelerated);
  }

  /**
   * These options with accelerated inner updates, or not.
   *
   * @param a whether to accelerate
   * @return the new options
   */
  public NmfOptions withAccelerated(boolean a) {
    return new NmfOptions(components, solver, betaLoss, init, maxIterations, tol, seed, alphaW, alphaH, l1Ratio, shuffle, a);
  }

  /**
   * The codes' regularisation, resolving "same".
   *
   * @return {@link #alphaH()}, or {@link #alphaW()} when it is NaN
   */
  public double effectiveAlphaH() {
    return Double.isNaN(alphaH) ? alphaW : alphaH;
  }

  /**
   * The initialisation used for data of {@code pixels × images}: {@link #init()} or the default.
   *
   * @param pixels pixels per image
   * @param images number of images
   * @return the initialisation to use
   */
  public InitMethod effectiveInit(int pixels, int images) {
    if (init != null) {
      return init;
    }
    return components <= Math.min(pixels, images) ? InitMethod.NNDSVDA : InitMethod.RANDOM;
  }
}
