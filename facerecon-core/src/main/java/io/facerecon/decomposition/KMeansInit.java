package io.facerecon.decomposition;

/**
 * How k-means picks its first centres, as scikit-learn's {@code init}; centres given by the
 * caller go to {@link KMeans#fit(io.facerecon.linalg.FloatMatrix, io.facerecon.linalg.FloatMatrix)}.
 */
public enum KMeansInit {
  /** Greedy k-means++ with scikit-learn's draws (formulas in {@link KMeans}); its default. */
  K_MEANS_PLUS_PLUS("k-means++"),
  /** k distinct images at random: the first k of NumPy's {@code permutation(n)}. */
  RANDOM("random");

  private final String sklearnName;

  KMeansInit(String sklearnName) {
    this.sklearnName = sklearnName;
  }

  /**
   * The name scikit-learn gives this initialisation ({@code k-means++}, {@code random}).
   *
   * @return the name
   */
  public String sklearnName() {
    return sklearnName;
  }

  /**
   * The initialisation scikit-learn names {@code name}.
   *
   * @param name {@code k-means++} or {@code random}
   * @return the initialisation, or null if the name is none of them
   */
  public static KMeansInit ofSklearnName(String name) {
    for (KMeansInit init : values()) {
      if (init.sklearnName.equals(name)) {
        return init;
      }
    }
    return null;
  }
}
