package io.facerecon.decomposition;

import io.facerecon.linalg.FloatMatrix;

/**
 * The result of {@link KMeans#fit}: the model (the centres) and how the fitted images fell.
 *
 * @param model the fitted model
 * @param labels the cluster of each fitted image, 0 to k − 1 (scikit-learn's {@code labels_}):
 *     those of the final centres; shared, not to be modified
 * @param inertia Σ_i ‖x_i − c_ℓ(i)‖² over the fitted images, summed in float32 as scikit-learn
 *     does ({@code inertia_})
 * @param iterations Lloyd steps of the kept run ({@code n_iter_})
 */
public record KMeansFit(KMeansModel model, int[] labels, double inertia, int iterations) {
  /**
   * The centres, k × pixels (scikit-learn's {@code cluster_centers_}). Shared.
   *
   * @return the centres, not to be modified
   */
  public FloatMatrix clusterCenters() {
    return model.clusterCenters();
  }
}
