package io.facerecon.decomposition;

/** How the singular value decomposition of the data is computed (scikit-learn's {@code svd_solver}). */
public enum SvdSolver {
  /**
   * scikit-learn 1.2's rule for PCA: {@link #FULL} when the larger side of the data has at most 500
   * entries or for a variance fraction or all components, {@link #RANDOMIZED} when 1 ≤ k &lt;
   * 0.8·min(images, pixels), else {@link #FULL}.
   */
  AUTO,
  /** The exact thin SVD by LAPACK's divide and conquer ({@code sgesdd}), then truncated. */
  FULL,
  /** scikit-learn's {@code randomized_svd} (see {@link io.facerecon.linalg.RandomizedSvd}). */
  RANDOMIZED;

  /** The solver PCA uses for {@code components} on images × pixels data. */
  static SvdSolver resolve(SvdSolver solver, ComponentCount components, int images, int pixels) {
    if (solver != AUTO) {
      return solver;
    }
    if (Math.max(images, pixels) <= 500 || !components.isFixed()) {
      return FULL;
    }
    return components.fixed() < 0.8 * Math.min(images, pixels) ? RANDOMIZED : FULL;
  }
}
