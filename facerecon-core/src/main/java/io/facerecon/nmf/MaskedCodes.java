package io.facerecon.nmf;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * The codes of images with missing pixels by exact coordinate descent (solver {@code cd}, basis
 * fixed): each image i has its own Gram matrix over its observed pixels, which is what makes
 * masked HALS exact.
 *
 * <p>With m_i the observed pixels of image i (M's column i), W_i the rows of W at those pixels and
 * v_i the image there, the code h_i solves the non-negative least-squares problem
 *
 * <pre>
 * min_{h ≥ 0}  ½‖v_i − W_i h‖² + l1·Σh + ½·l2·‖h‖²
 * G_i = W_iᵀ W_i + l2·I     (k × k)
 * b_i = W_iᵀ v_i − l1       (k)
 * h_t ← max(0, h_t − (G_i h − b_i)_t / G_i[t,t])      for t = 0 … k−1, one sweep
 * </pre>
 *
 * as scikit-learn's {@code _update_cdnmf_fast} with the image's own Gram matrix; the projected
 * gradient's absolute sum over all images is the violation, and sweeps stop when it falls to
 * {@code tol} times the first sweep's (or the first is 0), or at the iteration limit. The codes
 * start at 0. G_i costs k²·|m_i| per image, once, since W is fixed; for a fit W changes every
 * iteration and every pixel would need its own Gram matrix too, which is why the {@code cd} fit
 * with missing values is refused and the weighted {@code mu} solver used instead.
 */
final class MaskedCodes {
  private MaskedCodes() {}

  /** Codes H (k × images, overwritten) of {@code data} for Wᵀ = {@code wt}; returns the sweeps run. */
  static int solve(FloatMatrix wt, NmfData data, NmfOptions o, FloatMatrix h) {
    int k = wt.rows();
    int pixels = data.pixels();
    int images = data.images();
    Penalty penalty = Penalty.of(o.effectiveAlphaH(), o.l1Ratio(), pixels);
    float[] gram = new float[images * k * k];
    float[] rhs = new float[images * k];
    FloatMatrix w = wt.transpose();
    FloatMatrix observedT = data.observedT();
    FloatMatrix x = data.vt();
    Parallel.forRange(
        images,
        4,
        (from, to) -> {
          float[] mRow = new float[pixels];
          float[] xRow = new float[pixels];
          float[] wRow = new float[k];
          FloatMatrix rows = FloatMatrix.zeros(pixels, k);
          FloatMatrix g = FloatMatrix.zeros(k, k);
          for (int i = from; i < to; i++) {
            observedT.buffer().get(observedT.offset() + i * pixels, mRow);
            x.buffer().get(x.offset() + i * pixels, xRow);
            int n = 0;
            for (int p = 0; p < pixels; p++) {
              if (mRow[p] == 0) {
                continue;
              }
              w.buffer().get(w.offset() + p * k, wRow);
              rows.buffer().put(rows.offset() + n * k, wRow);
              for (int t = 0; t < k; t++) {
                rhs[i * k + t] += wRow[t] * xRow[p];
              }
              n++;
            }
            FloatMatrix observedRows = rows.rowRange(0, n);
            Blas.gemm(true, false, 1f, observedRows, observedRows, 0f, g);
            g.buffer().get(g.offset(), gram, i * k * k, k * k);
            for (int t = 0; t < k; t++) {
              gram[i * k * k + t * k + t] += (float) penalty.l2();
              rhs[i * k + t] -= (float) penalty.l1();
            }
          }
        });
    float[] codes = new float[k * images];
    double first = 0;
    int sweeps = 0;
    while (sweeps < o.maxIterations()) {
      sweeps++;
      double violation = Parallel.sum(
          images,
          16,
          (from, to) -> {
            double v = 0;
            for (int i = from; i < to; i++) {
              v += sweep(gram, rhs, codes, i, k, images);
            }
            return v;
          });
      if (!Double.isFinite(violation)) {
        throw Nmf.diverged(o, false, data, "the projected gradient is " + violation + " at iteration " + sweeps);
      }
      if (sweeps == 1) {
        first = violation;
      }
      if (first == 0 || violation / first <= o.tol()) {
        break;
      }
    }
    h.setAll(codes);
    return sweeps;
  }

  /** One coordinate sweep over image i's code (column i of H, row-major k × images); its violation. */
  private static double sweep(float[] gram, float[] rhs, float[] codes, int i, int k, int images) {
    double violation = 0;
    int g0 = i * k * k;
    for (int t = 0; t < k; t++) {
      float grad = -rhs[i * k + t];
      for (int s = 0; s < k; s++) {
        grad += gram[g0 + t * k + s] * codes[s * images + i];
      }
      float old = codes[t * images + i];
      violation += Math.abs(old == 0 ? Math.min(grad, 0f) : grad);
      float hessian = gram[g0 + t * k + t];
      if (hessian != 0) {
        codes[t * images + i] = Math.max(old - grad / hessian, 0f);
      }
    }
    return violation;
  }
}
