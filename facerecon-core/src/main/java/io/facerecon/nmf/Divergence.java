package io.facerecon.nmf;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * The exact β-divergence D_β(V ‖ WH) and ‖V − WH‖²_F in one pass over the data, as
 * scikit-learn's {@code _beta_divergence}: WH is formed a block of images at a time, never whole,
 * and sums run in double.
 *
 * <p>With Y = WH and sums over the entries:
 *
 * <pre>
 * β = 2:      D = ½ Σ (V − Y)²
 * β = 1:      D = Σ V·log(V/Y) − Σ V + Σ Y                         (generalised Kullback–Leibler)
 * β = 0:      D = Σ V/Y − Σ log(V/Y) − m·n                         (Itakura–Saito)
 * otherwise:  D = (Σ V^β − β·Σ V·Y^(β−1) + (β − 1)·Σ Y^β) / (β·(β − 1))
 * </pre>
 *
 * and the error reported is {@code √(2·D)} (D clamped at 0), which is ‖V − WH‖_F for β = 2. As in
 * scikit-learn, for β ≠ 2 only entries with V &gt; EPSILON enter the sums that involve V (the
 * others, Σ Y and Σ Y^β, and the count m·n, run over all entries), and a zero Y among them
 * counts as EPSILON ({@link FactorUpdate#EPSILON}).
 *
 * <p>With missing entries ({@link NmfData#hasMissing}) every sum runs over the observed entries
 * only and m·n becomes their count: the weighted divergence Σ M⊙d_β(V, WH) that the masked
 * solvers decrease.
 */
final class Divergence {
  private static final int BLOCK = 128;
  private static final int TERMS = 4;

  /**
   * D_β and the squared Frobenius distance.
   *
   * @param beta the β-divergence
   * @param squaredFrobenius ‖V − WH‖²_F
   */
  record Value(double beta, double squaredFrobenius) {
    /** scikit-learn's error: √(2·D_β), which is ‖V − WH‖_F for β = 2. */
    double error() {
      return Math.sqrt(2 * Math.max(beta, 0));
    }
  }

  private final int pixels;
  private final ThreadLocal<FloatMatrix> blocks;
  private final double[][] imageTerms;

  Divergence(int pixels, int images) {
    this.pixels = pixels;
    this.blocks = ThreadLocal.withInitial(() -> FloatMatrix.zeros(BLOCK, pixels));
    this.imageTerms = new double[images][TERMS];
  }

  /** D_β(V ‖ WH) for basis Wᵀ (k × pixels) and codes H (k × images). */
  Value compute(NmfData data, FloatMatrix wt, FloatMatrix h, BetaLoss loss) {
    return compute(data.vt(), data.observedT(), data.observedCount(), wt, h.transpose(), loss);
  }

  /**
   * D_β(V ‖ WH) of complete data given as Vᵀ = {@code x} (images × pixels, at most the images this
   * was made for, e.g. a mini-batch) with the codes as Hᵀ (images × k).
   */
  Value compute(FloatMatrix x, FloatMatrix wt, FloatMatrix ht, BetaLoss loss) {
    return compute(x, null, (long) x.rows() * x.cols(), wt, ht, loss);
  }

  private Value compute(
      FloatMatrix x, FloatMatrix observed, long observedCount, FloatMatrix wt, FloatMatrix ht, BetaLoss loss) {
    double beta = loss.beta();
    int images = x.rows();
    int blockCount = (images + BLOCK - 1) / BLOCK;
    // Blocks of images in parallel, each thread with its own WH block; sums per image, added in
    // image order below, so the result does not depend on the thread count's timing.
    Parallel.forRange(
        blockCount,
        1,
        (fromBlock, toBlock) -> {
          FloatMatrix buffer = blocks.get();
          float[] whRow = new float[pixels];
          float[] xRow = new float[pixels];
          float[] mRow = observed == null ? null : new float[pixels];
          for (int b = fromBlock; b < toBlock; b++) {
            int start = b * BLOCK;
            int rows = Math.min(BLOCK, images - start);
            FloatMatrix wh = buffer.rowRange(0, rows);
            Blas.gemm(false, false, 1f, ht.rowRange(start, start + rows), wt, 0f, wh);
            for (int i = 0; i < rows; i++) {
              wh.buffer().get(wh.offset() + i * pixels, whRow);
              x.buffer().get(x.offset() + (start + i) * pixels, xRow);
              if (mRow != null) {
                observed.buffer().get(observed.offset() + (start + i) * pixels, mRow);
              }
              terms(beta, xRow, whRow, mRow, imageTerms[start + i]);
            }
          }
        });
    double[] totals = new double[TERMS];
    for (int i = 0; i < images; i++) {
      for (int q = 0; q < TERMS; q++) {
        totals[q] += imageTerms[i][q];
      }
    }
    double frobenius = totals[0];
    double div;
    if (beta == 2) {
      div = frobenius / 2;
    } else if (beta == 1) {
      // Σ X·log(X/WH) + Σ WH − Σ X, the last two over all entries and over X > EPSILON.
      div = totals[1] + totals[3] - totals[2];
    } else if (beta == 0) {
      div = totals[1] - (double) observedCount - totals[2];
    } else {
      // (Σ X^β − β Σ X·WH^{β−1} + (β−1) Σ WH^β) / (β(β−1))
      div = (totals[1] - beta * totals[2] + totals[3] * (beta - 1)) / (beta * (beta - 1));
    }
    return new Value(div, frobenius);
  }

  /** Per-row sums: [0] Σ(x−wh)², then the β-specific terms listed in {@link #compute}. */
  private static void terms(double beta, float[] x, float[] wh, float[] observed, double[] out) {
    double frob = 0;
    double t1 = 0;
    double t2 = 0;
    double t3 = 0;
    for (int j = 0; j < x.length; j++) {
      if (observed != null && observed[j] == 0) {
        continue;
      }
      double v = x[j];
      double w = wh[j];
      double diff = v - w;
      frob += diff * diff;
      if (beta == 2) {
        continue;
      }
      boolean counted = x[j] > FactorUpdate.EPSILON;
      double safe = wh[j] == 0 ? FactorUpdate.EPSILON : w;
      if (beta == 1) {
        if (counted) {
          t1 += v * Math.log(v / safe);
          t2 += v;
        }
        t3 += w;
      } else if (beta == 0) {
        if (counted) {
          double div = v / safe;
          t1 += div;
          t2 += Math.log(div);
        }
      } else {
        if (counted) {
          t1 += Math.pow(v, beta);
          t2 += v * Math.pow(safe, beta - 1);
        }
        t3 += Math.pow(w, beta);
      }
    }
    out[0] = frob;
    out[1] = t1;
    out[2] = t2;
    out[3] = t3;
  }
}
