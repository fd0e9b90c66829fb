package io.facerecon.nmf;

import io.facerecon.linalg.FloatMatrix;
import java.util.List;

/**
 * The result of {@link Nmf#fit}: the model (the basis), the codes of the fitted images and how
 * the fit went.
 *
 * @param model the fitted model; its basis W is pixels × k
 * @param codes H, k × images (scikit-learn's {@code fit_transform} returns its transpose)
 * @param iterations iterations run (scikit-learn's {@code n_iter_})
 * @param betaDivergence the final D_β(V ‖ WH)
 * @param reconstructionError √(2·D_β), scikit-learn's {@code reconstruction_err_}; for the
 *     Frobenius loss this is ‖V − WH‖_F
 * @param relativeError ‖V − WH‖_F / ‖V‖_F, whatever the loss
 * @param history the error √(2·D_β) at the start (iteration 0) and every 10 iterations
 * @param converged false when the iteration limit ended a run with tol &gt; 0 (scikit-learn's
 *     ConvergenceWarning)
 * @param warnings what scikit-learn would warn about (iteration limit reached, mu with nndsvd)
 */
public record NmfFit(
    NmfModel model,
    FloatMatrix codes,
    int iterations,
    double betaDivergence,
    double reconstructionError,
    double relativeError,
    List<ErrorPoint> history,
    boolean converged,
    List<String> warnings) {

  /**
   * The error after some iterations.
   *
   * @param iteration iterations done
   * @param error √(2·D_β) at that point
   * @param seconds time since the fit started (initialisation included)
   */
  public record ErrorPoint(int iteration, double error, double seconds) {}

  /**
   * The basis W, pixels × k (a copy).
   *
   * @return a copy of W
   */
  public FloatMatrix basis() {
    return model.basis();
  }
}
