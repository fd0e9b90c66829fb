package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.RandomizedSvd;

/**
 * Settings of a {@link TruncatedSvd} fit, with scikit-learn 1.2's defaults except the seed.
 *
 * @param k the number of components ({@code n_components}), at least 1
 * @param algorithm {@link SvdSolver#RANDOMIZED} (scikit-learn's default) or {@link SvdSolver#FULL}
 *     (LAPACK's exact SVD, where scikit-learn offers ARPACK)
 * @param oversamples randomized: extra random directions ({@code n_oversamples}), at least 1
 * @param iterations randomized: power iterations ({@code n_iter}), at least 0
 * @param normalizer randomized: the power iterations' normalisation ({@code power_iteration_normalizer})
 * @param seed seed of the randomized algorithm's Gaussian draws ({@code random_state})
 */
public record TruncatedSvdOptions(
    int k, SvdSolver algorithm, int oversamples, int iterations, RandomizedSvd.Normalizer normalizer, long seed) {

  /** scikit-learn's default number of power iterations for TruncatedSVD ({@code n_iter=5}). */
  public static final int DEFAULT_ITERATIONS = 5;

  /**
   * Checks every value, naming the parameter.
   *
   * @param k at least 1
   * @param algorithm full or randomized
   * @param oversamples at least 1
   * @param iterations at least 0
   * @param normalizer not null
   * @param seed any seed
   * @throws InvalidParameterException if a value is out of range
   * @throws BadInputException if a setting is missing
   */
  public TruncatedSvdOptions {
    if (algorithm == null || normalizer == null) {
      throw new BadInputException("truncated SVD needs an algorithm and a normalizer");
    }
    if (k < 1) {
      throw new InvalidParameterException("k", "(number of components) must be >= 1, got " + k);
    }
    if (algorithm == SvdSolver.AUTO) {
      throw new InvalidParameterException("algorithm", "must be full or randomized, got auto");
    }
    if (oversamples < 1) {
      throw new InvalidParameterException("oversamples", "must be >= 1, got " + oversamples);
    }
    if (iterations < 0) {
      throw new InvalidParameterException("iterations", "must be >= 0, got " + iterations);
    }
  }

  /**
   * scikit-learn's defaults for {@code k} components: randomized, 10 oversamples, 5 power
   * iterations, normaliser auto (LU), seed 0.
   *
   * @param k the number of components, at least 1
   * @return the options
   */
  public static TruncatedSvdOptions defaults(int k) {
    return new TruncatedSvdOptions(k, SvdSolver.RANDOMIZED, RandomizedSvd.DEFAULT_OVERSAMPLES,
        DEFAULT_ITERATIONS, RandomizedSvd.Normalizer.AUTO, 0);
  }

  /**
   * These options with another algorithm.
   *
   * @param algorithm full or randomized
   * @return the new options
   */
  public TruncatedSvdOptions withAlgorithm(SvdSolver algorithm) {
    return new TruncatedSvdOptions(k, algorithm, oversamples, iterations, normalizer, seed);
  }

  /**
   * These options with another number of oversamples.
   *
   * @param oversamples at least 1
   * @return the new options
   */
  public TruncatedSvdOptions withOversamples(int oversamples) {
    return new TruncatedSvdOptions(k, algorithm, oversamples, iterations, normalizer, seed);
  }

  /**
   * These options with another number of power iterations.
   *
   * @param iterations at least 0
   * @return the new options
   */
  public TruncatedSvdOptions withIterations(int iterations) {
    return new TruncatedSvdOptions(k, algorithm, oversamples, iterations, normalizer, seed);
  }

  /**
   * These options with another normaliser.
   *
   * @param normalizer the power iterations' normalisation
   * @return the new options
   */
  public TruncatedSvdOptions withNormalizer(RandomizedSvd.Normalizer normalizer) {
    return new TruncatedSvdOptions(k, algorithm, oversamples, iterations, normalizer, seed);
  }

  /**
   * These options with another seed.
   *
   * @param seed the seed
   * @return the new options
   */
  public TruncatedSvdOptions withSeed(long seed) {
    return new TruncatedSvdOptions(k, algorithm, oversamples, iterations, normalizer, seed);
  }

  /** The randomized SVD's settings. */
  RandomizedSvd.Options randomizedOptions() {
    return new RandomizedSvd.Options(oversamples, iterations, normalizer, true);
  }
}
