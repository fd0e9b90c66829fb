package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.NumpyRandomState;

/**
 * Settings of a k-means fit, with scikit-learn 1.2's defaults.
 *
 * <p>{@code nInit}: scikit-learn 1.2 defaults to 10 runs with a warning that the default becomes
 * 1 for k-means++ in 1.4 ({@code n_init='warn'}); we take 10, its value in 1.2. The runs draw
 * their starts one after the other from one generator seeded with {@code seed}, as scikit-learn
 * draws them from one {@code RandomState}.
 *
 * @param clusters k, the number of clusters (scikit-learn's {@code n_clusters})
 * @param init how the centres start
 * @param nInit the number of runs from different starts; the one with the lowest inertia is kept
 * @param maxIterations the step limit of each run ({@code max_iter})
 * @param tol the relative tolerance on the centres' movement: a run stops when Σ_j ‖Δc_j‖² ≤
 *     tol · mean per-pixel variance of the data; 0 stops only when the labels stop changing
 * @param seed the seed of NumPy's {@code RandomState} that scikit-learn's {@code random_state}
 *     would take, 0 to 2³² − 1
 */
public record KMeansOptions(
    int clusters, KMeansInit init, int nInit, int maxIterations, double tol, long seed) {

  /**
   * Checks every value, naming the parameter.
   *
   * @param clusters k, at least 1
   * @param init the initialisation, not null
   * @param nInit the number of runs, at least 1
   * @param maxIterations the step limit, at least 1
   * @param tol the relative tolerance, finite and at least 0
   * @param seed 0 to 2³² − 1
   * @throws InvalidParameterException if a value is out of range
   * @throws BadInputException if the initialisation is missing
   */
  public KMeansOptions {
    if (clusters < 1) {
      throw new InvalidParameterException("k", "(number of clusters) must be >= 1, got " + clusters);
    }
    if (init == null) {
      throw new BadInputException("init must be given (k-means++ or random)");
    }
    if (nInit < 1) {
      throw new InvalidParameterException("nInit", "must be >= 1, got " + nInit);
    }
    if (maxIterations < 1) {
      throw new InvalidParameterException("maxIterations", "must be >= 1, got " + maxIterations);
    }
    if (!(tol >= 0) || Double.isInfinite(tol)) {
      throw new InvalidParameterException("tol", "must be a finite number >= 0, got " + tol);
    }
    if (seed < 0 || seed > NumpyRandomState.MAX_SEED) {
      throw new InvalidParameterException("seed", "must be between 0 and 2^32 - 1 (NumPy's range), got " + seed);
    }
  }

  /**
   * scikit-learn 1.2's defaults for k clusters: k-means++, 10 runs, 300 steps, tol 1e-4, seed 0.
   *
   * @param clusters k
   * @return the default options
   */
  public static KMeansOptions defaults(int clusters) {
    return new KMeansOptions(clusters, KMeansInit.K_MEANS_PLUS_PLUS, 10, 300, 1e-4, 0);
  }

  /**
   * These options with another initialisation.
   *
   * @param i the initialisation
   * @return the new options
   */
  public KMeansOptions withInit(KMeansInit i) {
    return new KMeansOptions(clusters, i, nInit, maxIterations, tol, seed);
  }

  /**
   * These options with another number of runs.
   *
   * @param n the number of runs
   * @return the new options
   */
  public KMeansOptions withNInit(int n) {
    return new KMeansOptions(clusters, init, n, maxIterations, tol, seed);
  }

  /**
   * These options with another step limit.
   *
   * @param n the step limit
   * @return the new options
   */
  public KMeansOptions withMaxIterations(int n) {
    return new KMeansOptions(clusters, init, nInit, n, tol, seed);
  }

  /**
   * These options with another tolerance.
   *
   * @param t the relative tolerance
   * @return the new options
   */
  public KMeansOptions withTol(double t) {
    return new KMeansOptions(clusters, init, nInit, maxIterations, t, seed);
  }

  /**
   * These options with another seed.
   *
   * @param s the seed
   * @return the new options
   */
  public KMeansOptions withSeed(long s) {
    return new KMeansOptions(clusters, init, nInit, maxIterations, tol, s);
  }
}
