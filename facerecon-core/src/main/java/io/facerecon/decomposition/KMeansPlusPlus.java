package io.facerecon.decomposition;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.NumpyRandomState;
import java.util.Arrays;

/**
 * Greedy k-means++ seeding (Arthur and Vassilvitskii 2007) exactly as scikit-learn 1.2's {@code
 * _kmeans_plusplus} draws it from NumPy's {@code RandomState}.
 *
 * <p>With D(x) the squared distance from image x to its nearest chosen centre and the potential
 * φ = Σ_x D(x) (float32, summed as NumPy sums):
 *
 * <ol>
 *   <li>the first centre is image {@code randint(n)};
 *   <li>for each further centre, L = 2 + ⌊ln k⌋ candidates are drawn with probability ∝ D(x):
 *       u_t = {@code uniform()}·φ (float64), candidate t = the first image whose running float64
 *       sum of D reaches u_t (NumPy's {@code searchsorted} on {@code stable_cumsum}, clipped to
 *       n − 1);
 *   <li>for each candidate c, φ_c = Σ_x min(D(x), ‖x − c‖²); the candidate with the smallest φ_c
 *       (the first on ties) becomes the centre, D(x) ← min(D(x), ‖x − c‖²), φ ← φ_c.
 * </ol>
 *
 * <p>Distances are scikit-learn's for float32 data ({@link KMeansUpcastDistances}).
 */
final class KMeansPlusPlus {
  private KMeansPlusPlus() {}

  /**
   * The indices of the images k-means++ chooses as centres, in order.
   *
   * @param x images × pixels, at least k images
   * @param distances distances to the images of {@code x}
   * @param k the number of centres
   * @param random the generator, advanced by the draws
   * @return k image indices
   */
  static int[] choose(FloatMatrix x, KMeansUpcastDistances distances, int k, NumpyRandomState random) {
    int n = x.rows();
    int trials = 2 + (int) Math.log(k);
    int[] chosen = new int[k];
    chosen[0] = (int) random.randint(n);
    float[][] first = new float[1][n];
    distances.fromVectors(KMeansUpcastDistances.rows(x, chosen[0]), first);
    float[] closest = first[0];
    float potential = KMeansFloat32.sum(closest, 0, n);
    float[][] candidateDistances = new float[trials][n];
    for (int c = 1; c < k; c++) {
      double[] cumulative = runningSums(closest);
      int[] candidates = new int[trials];
      for (int t = 0; t < trials; t++) {
        double target = random.uniform(0.0, 1.0) * potential;
        candidates[t] = Math.min(firstReaching(cumulative, target), n - 1);
      }
      distances.fromVectors(KMeansUpcastDistances.rows(x, candidates), candidateDistances);
      int best = 0;
      float bestPotential = Float.POSITIVE_INFINITY;
      for (int t = 0; t < trials; t++) {
        float[] d = candidateDistances[t];
        for (int i = 0; i < n; i++) {
          d[i] = Math.min(closest[i], d[i]);
        }
        float phi = KMeansFloat32.sum(d, 0, n);
        if (phi < bestPotential) {
          bestPotential = phi;
          best = t;
        }
      }
      potential = bestPotential;
      System.arraycopy(candidateDistances[best], 0, closest, 0, n);
      chosen[c] = candidates[best];
    }
    return chosen;
  }

  /** {@code np.cumsum(d, dtype=np.float64)}. */
  private static double[] runningSums(float[] d) {
    double[] sums = new double[d.length];
    double s = 0;
    for (int i = 0; i < d.length; i++) {
      s += d[i];
      sums[i] = s;
    }
    return sums;
  }

  /** {@code np.searchsorted(sorted, value)}: the first index i with sorted[i] ≥ value (n if none). */
  private static int firstReaching(double[] sorted, double value) {
    int at = Arrays.binarySearch(sorted, value);
    if (at < 0) {
      return -at - 1;
    }
    while (at > 0 && sorted[at - 1] == value) {
      at--;
    }
    return at;
  }
}
