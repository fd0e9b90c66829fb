package io.facerecon.nmf;

import io.facerecon.data.FaceStream;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;

/**
 * The codes of images with the basis fixed, as scikit-learn's {@code MiniBatchNMF._solve_W} finds
 * them: every entry of H starts at √(mean(V)/k), then multiplicative updates of H alone
 * ({@link MultiplicativeUpdate}, without zeroing tiny values) run until
 *
 * <pre>
 * ‖H − H_previous‖_F / ‖H‖_F ≤ tol     (only when tol &gt; 0)
 * </pre>
 *
 * or the iteration limit. The mean and the norms are those of the images being solved together: one
 * batch during a fit (fresh restarts, {@code partialFit}), all images at the end of a fit with fresh
 * restarts and in {@code transform}.
 *
 * <p>Over a stream, all images are solved together without holding them: for β = 2 the update
 * needs the data only through WᵀV, gathered in one pass (k × images, the size of H), after which
 * the iterations run on H alone; for other β each iteration is a pass over the stream, batch by
 * batch (an image's update depends on no other image), the norms summed over the pass.
 */
final class MiniBatchCodes {
  private MiniBatchCodes() {}

  /**
   * Solves {@code h} (k × images) for Vᵀ = {@code x} (images × pixels) with {@code update} (the codes
   * side for those images), or, when {@code x} is null, for the products already in {@code update}
   * (β = 2). {@code previous} is scratch of h's shape.
   */
  static void solve(MultiplicativeUpdate update, FloatMatrix wt, FloatMatrix x, FloatMatrix h, float start,
      int maxIter, double tol, boolean frobenius, FloatMatrix previous) {
    h.fill(start);
    previous.copyFrom(h);
    for (int it = 0; it < maxIter; it++) {
      update.update(wt, x, h, frobenius && (it > 0 || x == null));
      if (tol > 0 && relativeChange(h, previous) <= tol) {
        return;
      }
      previous.copyFrom(h);
    }
  }

  /** ‖h − previous‖ / ‖h‖, summed in double; NaN when h is all zeros. */
  static double relativeChange(FloatMatrix h, FloatMatrix previous) {
    double diff = 0;
    double norm = 0;
    for (int i = 0, n = h.size(); i < n; i++) {
      double v = h.get(i);
      double d = v - previous.get(i);
      diff += d * d;
      norm += v * v;
    }
    return Math.sqrt(diff) / Math.sqrt(norm);
  }

  /**
   * The codes Hᵀ (images × k) of every image of {@code stream}, solved together with the basis
   * {@code wt} fixed, reading batches of {@code batch.rows()} images into {@code batch}.
   */
  static FloatMatrix solve(FaceStream stream, MiniBatchScan scan, FloatMatrix wt, NmfOptions o, FloatMatrix batch,
      int maxIter) throws IOException {
    int k = o.components();
    int n = stream.size();
    int pixels = stream.pixelCount();
    float start = (float) Math.sqrt(scan.mean() / k);
    Penalty penalty = Penalty.of(o.effectiveAlphaH(), o.l1Ratio(), pixels);
    if (o.betaLoss().isFrobenius()) {
      FloatMatrix products = FloatMatrix.zeros(n, k);
      for (int first = 0; first < n; first += batch.rows()) {
        int rows = Math.min(batch.rows(), n - first);
        FloatMatrix x = batch.rowRange(0, rows);
        stream.read(first, x);
        Blas.gemm(false, true, 1f, x, wt, 0f, products.rowRange(first, first + rows));
      }
      MultiplicativeUpdate update = new MultiplicativeUpdate(
          k, pixels, n, Side.CODES, false, penalty, o.betaLoss(), false, null, false);
      update.numerator.copyFrom(products.transpose());
      Blas.gemm(false, true, 1f, wt, wt, 0f, update.gram);
      FloatMatrix h = FloatMatrix.zeros(k, n);
      solve(update, wt, null, h, start, maxIter, o.tol(), true, FloatMatrix.zeros(k, n));
      return h.transpose();
    }
    return solveByPasses(stream, wt, o, batch, maxIter, start, penalty);
  }

  /** β ≠ 2: one multiplicative update of every image's codes per pass over the stream. */
  private static FloatMatrix solveByPasses(FaceStream stream, FloatMatrix wt, NmfOptions o, FloatMatrix batch,
      int maxIter, float start, Penalty penalty) throws IOException {
    int k = o.components();
    int n = stream.size();
    int pixels = stream.pixelCount();
    int size = batch.rows();
    MultiplicativeUpdate.Workspace workspace = MultiplicativeUpdate.workspaceFor(o.betaLoss(), pixels, size);
    MultiplicativeUpdate full = codesUpdate(o, pixels, size, penalty, workspace);
    MultiplicativeUpdate last = n % size == 0 ? full : codesUpdate(o, pixels, n % size, penalty, workspace);
    FloatMatrix ht = FloatMatrix.zeros(n, k);
    ht.fill(start);
    FloatMatrix codes = FloatMatrix.zeros(k, size);
    FloatMatrix before = FloatMatrix.zeros(k, size);
    for (int it = 0; it < maxIter; it++) {
      double diff = 0;
      double norm = 0;
      for (int first = 0; first < n; first += size) {
        int rows = Math.min(size, n - first);
        FloatMatrix x = batch.rowRange(0, rows);
        stream.read(first, x);
        FloatMatrix hb = codes.view(0, k, rows);
        FloatMatrix previous = before.view(0, k, rows);
        transpose(ht.rowRange(first, first + rows), hb);
        previous.copyFrom(hb);
        (rows == size ? full : last).update(wt, x, hb, false);
        for (int i = 0, m = hb.size(); i < m; i++) {
          double v = hb.get(i);
          double d = v - previous.get(i);
          diff += d * d;
          norm += v * v;
        }
        transpose(hb, ht.rowRange(first, first + rows));
      }
      if (o.tol() > 0 && Math.sqrt(diff) / Math.sqrt(norm) <= o.tol()) {
        break;
      }
    }
    return ht;
  }

  /** The codes update of {@code images} images, without zeroing tiny values, as {@code _solve_W}. */
  static MultiplicativeUpdate codesUpdate(NmfOptions o, int pixels, int images, Penalty penalty,
      MultiplicativeUpdate.Workspace workspace) {
    return new MultiplicativeUpdate(
        o.components(), pixels, images, Side.CODES, false, penalty, o.betaLoss(), false, workspace, false);
  }

  /** {@code dst = srcᵀ} into an existing matrix (no allocation in the loops that call it). */
  static void transpose(FloatMatrix src, FloatMatrix dst) {
    int rows = src.rows();
    int cols = src.cols();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        dst.set(j, i, src.get(i, j));
      }
    }
  }
}
