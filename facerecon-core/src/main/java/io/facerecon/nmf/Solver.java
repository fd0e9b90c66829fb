package io.facerecon.nmf;

/** How the factors are updated. */
public enum Solver {
  /** Multiplicative updates (Lee and Seung; Févotte and Idier for any β), scikit-learn's {@code mu}. */
  MU,
  /**
   * Coordinate descent: Fast-HALS (Cichocki and Phan 2009), scikit-learn's {@code cd}; Frobenius
   * loss only.
   */
  CD
}
