package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.RandomizedSvd;

/**
 * Settings of a {@link Pca} fit, with scikit-learn 1.2's defaults except the seed (every random
 * choice takes one; scikit-learn's {@code random_state=None} draws a fresh one).
 *
 * @param components how many components to keep ({@code n_components})
 * @param whiten whether codes are scaled to unit variance ({@code whiten})
 * @param solver how the SVD is computed ({@code svd_solver})
 * @param oversamples randomized solver: extra random directions ({@code n_oversamples}), at least 1
 * @param powerIterations randomized solver: power iterations ({@code iterated_power}), at least 0,
 *     or {@link RandomizedSvd#AUTO_ITERATIONS}
 * @param normalizer randomized solver: the power iterations' normalisation ({@code
 *     power_iteration_normalizer})
 * @param seed seed of the randomized solver's Gaussian draws ({@code random_state})
 */
public record PcaOptions(
    ComponentCount components,
    boolean whiten,
    SvdSolver solver,
    int oversamples,
    int powerIterations,
    RandomizedSvd.Normalizer normalizer,
    long seed) {

  /**
   * Checks every value, naming the parameter.
   *
   * @param components the component count, not null
   * @param whiten whether to whiten
   * @param solver the solver, not null
   * @param oversamples at least 1
   * @param powerIterations at least 0, or {@link RandomizedSvd#AUTO_ITERATIONS}
   * @param normalizer not null
   * @param seed any seed
   * @throws InvalidParameterException if a value is out of range, or a variance fraction meets
   *     the randomized solver (scikit-learn allows fractions with the full solver only)
   * @throws BadInputException if a setting is missing
   */
  public PcaOptions {
    if (components == null || solver == null || normalizer == null) {
      throw new BadInputException("PCA needs a component count, a solver and a normalizer");
    }
    if (oversamples < 1) {
      throw new InvalidParameterException("oversamples", "must be >= 1, got " + oversamples);
    }
    if (powerIterations < 0 && powerIterations != RandomizedSvd.AUTO_ITERATIONS) {
      throw new InvalidParameterException("powerIterations", "must be >= 0 (or auto), got " + powerIterations);
    }
    if (components.isFraction() && solver == SvdSolver.RANDOMIZED) {
      throw new InvalidParameterException(
          "solver", "randomized needs a number of components; a variance fraction ("
              + components.fraction() + ") needs the full solver");
    }
  }

  /**
   * scikit-learn's defaults for {@code k} components: no whitening, solver auto, 10 oversamples,
   * power iterations and normaliser auto, seed 0.
   *
   * @param k the number of components, at least 1
   * @return the options
   * @throws InvalidParameterException if {@code k} is below 1
   */
  public static PcaOptions defaults(int k) {
    return defaults(ComponentCount.of(k));
  }

  /**
   * scikit-learn's defaults for the given component count.
   *
   * @param components how many components to keep
   * @return the options
   */
  public static PcaOptions defaults(ComponentCount components) {
    return new PcaOptions(components, false, SvdSolver.AUTO, RandomizedSvd.DEFAULT_OVERSAMPLES,
        RandomizedSvd.AUTO_ITERATIONS, RandomizedSvd.Normalizer.AUTO, 0);
  }

  /**
   * These options with whitening on or off.
   *
   * @param whiten whether to whiten
   * @return the new options
   */
  public PcaOptions withWhiten(boolean whiten) {
    return new PcaOptions(components, whiten, solver, oversamples, powerIterations, normalizer, seed);
  }

  /**
   * These options with another solver.
   *
   * @param solver the solver
   * @return the new options
   */
  public PcaOptions withSolver(SvdSolver solver) {
    return new PcaOptions(components, whiten, solver, oversamples, powerIterations, normalizer, seed);
  }

  /**
   * These options with another number of oversamples.
   *
   * @param oversamples at least 1
   * @return the new options
   */
  public PcaOptions withOversamples(int oversamples) {
    return new PcaOptions(components, whiten, solver, oversamples, powerIterations, normalizer, seed);
  }

  /**
   * These options with another number of power iterations.
   *
   * @param powerIterations at least 0, or {@link RandomizedSvd#AUTO_ITERATIONS}
   * @return the new options
   */
  public PcaOptions withPowerIterations(int powerIterations) {
    return new PcaOptions(components, whiten, solver, oversamples, powerIterations, normalizer, seed);
  }

  /**
   * These options with another normaliser.
   *
   * @param normalizer the power iterations' normalisation
   * @return the new options
   */
  public PcaOptions withNormalizer(RandomizedSvd.Normalizer normalizer) {
    return new PcaOptions(components, whiten, solver, oversamples, powerIterations, normalizer, seed);
  }

  /**
   * These options with another seed.
   *
   * @param seed the seed
   * @return the new options
   */
  public PcaOptions withSeed(long seed) {
    return new PcaOptions(components, whiten, solver, oversamples, powerIterations, normalizer, seed);
  }

  /** The randomized SVD's settings (signs always flipped, as PCA does). */
  RandomizedSvd.Options randomizedOptions() {
    return new RandomizedSvd.Options(oversamples, powerIterations, normalizer, true);
  }
}
