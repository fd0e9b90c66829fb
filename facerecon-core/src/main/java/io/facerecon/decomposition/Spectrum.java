package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;

/**
 * What each kept component explains, in decreasing order of singular value, as scikit-learn's
 * {@code explained_variance_}, {@code explained_variance_ratio_} and {@code singular_values_}.
 * How the variances are defined depends on the estimator: see {@link Pca} and {@link TruncatedSvd}.
 *
 * @param explainedVariance the variance along each component
 * @param explainedVarianceRatio each variance over the data's total variance
 * @param singularValues the singular values σ_j of the (centred, for PCA) data
 */
public record Spectrum(float[] explainedVariance, float[] explainedVarianceRatio, float[] singularValues) {
  /**
   * Checks that the three arrays have one value per component; keeps copies.
   *
   * @param explainedVariance the variance along each component
   * @param explainedVarianceRatio each variance over the total variance
   * @param singularValues the singular values
   * @throws BadInputException if the lengths differ
   */
  public Spectrum {
    if (explainedVarianceRatio.length != explainedVariance.length
        || singularValues.length != explainedVariance.length) {
      throw new BadInputException(
          "spectrum: " + explainedVariance.length + " variances, " + explainedVarianceRatio.length
              + " ratios and " + singularValues.length + " singular values; expected one of each per component");
    }
    explainedVariance = explainedVariance.clone();
    explainedVarianceRatio = explainedVarianceRatio.clone();
    singularValues = singularValues.clone();
  }

  /**
   * The variance along each component (a copy).
   *
   * @return one value per component
   */
  @Override
  public float[] explainedVariance() {
    return explainedVariance.clone();
  }

  /**
   * Each component's share of the total variance (a copy).
   *
   * @return one value per component
   */
  @Override
  public float[] explainedVarianceRatio() {
    return explainedVarianceRatio.clone();
  }

  /**
   * The singular values (a copy).
   *
   * @return one value per component
   */
  @Override
  public float[] singularValues() {
    return singularValues.clone();
  }

  /**
   * The number of components.
   *
   * @return k
   */
  public int size() {
    return singularValues.length;
  }

  /**
   * The share of the total variance all kept components explain together.
   *
   * @return Σ_j explainedVarianceRatio_j
   */
  public double totalRatio() {
    double s = 0;
    for (float r : explainedVarianceRatio) {
      s += r;
    }
    return s;
  }
}
