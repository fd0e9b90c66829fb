package io.facerecon.nmf;

/** How the factors start, as scikit-learn's {@code init}. */
public enum InitMethod {
  /**
   * Absolute Gaussian values scaled by √(mean(V)/k). The draws come from our seeded generator
   * (not NumPy's), W's entries first, then H's.
   */
  RANDOM,
  /** Non-negative double SVD (Boutsidis and Gallopoulos 2008); zeros stay zero under MU. */
  NNDSVD,
  /** NNDSVD with its zeros filled with mean(V). */
  NNDSVDA,
  /** NNDSVD with its zeros filled with small random values |mean(V)·N(0,1)|/100. */
  NNDSVDAR,
  /** Factors given by the caller. */
  CUSTOM;

  /**
   * Whether this is an SVD-based initialisation, which needs k ≤ min(pixels, images).
   *
   * @return true for NNDSVD, NNDSVDA and NNDSVDAR
   */
  public boolean usesSvd() {
    return this == NNDSVD || this == NNDSVDA || this == NNDSVDAR;
  }
}
