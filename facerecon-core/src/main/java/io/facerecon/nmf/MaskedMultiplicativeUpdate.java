package io.facerecon.nmf;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * The weighted multiplicative update of one factor when some entries of V are missing (Blondel,
 * Ho and Van Dooren 2008, "Weighted non-negative matrix factorization and face feature
 * extraction"), for any β-divergence, with the same order, regularisation and safeguards as
 * {@link MultiplicativeUpdate}.
 *
 * <h2>In Lee and Seung's form</h2>
 *
 * M (pixels × images) is 1 where V is observed and 0 where it is missing; ⊙, ⊘ and powers are
 * element-wise. The objective is the divergence over observed entries, Σ M ⊙ d_β(V, WH). For the
 * Frobenius loss (β = 2):
 *
 * <pre>
 * H ← H ⊙ (Wᵀ (M⊙V)) ⊘ (Wᵀ (M⊙(WH)))
 * W ← W ⊙ ((M⊙V) Hᵀ) ⊘ ((M⊙(WH)) Hᵀ)
 * </pre>
 *
 * and for any β:
 *
 * <pre>
 * H ← H ⊙ ( Wᵀ (M ⊙ (WH)^(β−2) ⊙ V) ⊘ Wᵀ (M ⊙ (WH)^(β−1)) )^γ
 * W ← W ⊙ ( (M ⊙ (WH)^(β−2) ⊙ V) Hᵀ ⊘ (M ⊙ (WH)^(β−1)) Hᵀ )^γ
 * </pre>
 *
 * with γ as in {@link BetaLoss#gamma}. For β = 1 (Kullback–Leibler) (WH)^0 is 1, so the
 * denominators are Wᵀ M and M Hᵀ. With M all ones these are exactly the unweighted updates of
 * {@link MultiplicativeUpdate}; each step does not increase the weighted objective (Blondel et al.
 * for β = 2, and the same auxiliary-function argument entry by entry for the other β).
 *
 * <h2>Regularisation and safeguards</h2>
 *
 * As {@link MultiplicativeUpdate}, entry by entry: in the numerator a zero WH becomes EPSILON for
 * β &lt; 2; in the denominator's power for β &lt; 1; for β = 1, updating W, a zero denominator
 * entry becomes 1 (the unweighted zero row sum rule); then {@code + l1} and {@code + l2·B} (the
 * factor before the update, {@link Penalty}), a zero denominator becomes EPSILON, the ratio is
 * raised to γ; after the update entries below float64's machine epsilon become 0 (H when β &lt; 1,
 * W when β ≤ 1). Missing entries contribute nothing to either sum. One iteration updates H, then
 * W from the new H. Gillis and Glineur's acceleration does not apply: the denominator depends on B
 * through WH, not through a fixed Gram matrix.
 *
 * <h2>In the code</h2>
 *
 * In {@link FactorUpdate}'s terms (B updated, A fixed, D ≈ BᵀA, c × r), with the mask in D's
 * orientation, and D given as M⊙D (0 at missing entries):
 *
 * <pre>
 * P   = BᵀA                                   (c × r, a block of rows at a time)
 * N   = A · (M ⊙ D ⊙ P^(β−2))ᵀ                 β = 2: A·(M⊙D)ᵀ, computed once per call
 * Q   = A · (M ⊙ P^(β−1))ᵀ                     β = 2: A·(M⊙P)ᵀ; β = 1: A·Mᵀ
 * B  ← B ⊙ (N ⊘ (Q + l1 + l2·B))^γ
 * </pre>
 *
 * P is formed in blocks of {@link #ROW_BLOCK} rows of D, each masked and multiplied by Aᵀ while
 * it is in cache, the blocks split across the caller's threads: P is never held whole.
 */
final class MaskedMultiplicativeUpdate extends FactorUpdate {
  /** Rows of D per block. */
  private static final int ROW_BLOCK = 64;

  private final double beta;
  private final double gamma;
  private final int r;
  /** M in D's orientation, c × r, 1 = observed. */
  private final FloatMatrix mask;
  private final boolean clipSmall;
  private final FloatMatrix bTransposed;
  private final float[] bValues;
  private final float[] bTransposedValues;
  private final float[] numeratorValues;
  private final float[] denominatorValues;
  private final FloatMatrix numeratorTransposed;
  private final FloatMatrix denominatorTransposed;
  private final float[] scratch;
  private final ThreadLocal<FloatMatrix[]> blocks;
  private boolean numeratorCurrent;

  MaskedMultiplicativeUpdate(int k, int r, int c, Side side, FloatMatrix mask, Penalty penalty, BetaLoss loss) {
    super(k, r, c, side, false, penalty, false);
    if (mask.rows() != c || mask.cols() != r) {
      throw new IllegalArgumentException("mask is " + mask + ", expected " + c + "x" + r);
    }
    this.beta = loss.beta();
    this.gamma = loss.gamma();
    this.r = r;
    this.mask = mask;
    this.clipSmall = side == Side.CODES ? beta < 1 : beta <= 1;
    this.bTransposed = FloatMatrix.zeros(c, k);
    this.bValues = new float[k * c];
    this.bTransposedValues = new float[k * c];
    this.numeratorValues = new float[k * c];
    this.denominatorValues = new float[k * c];
    this.numeratorTransposed = FloatMatrix.zeros(c, k);
    this.denominatorTransposed = FloatMatrix.zeros(c, k);
    this.scratch = new float[k * c];
    this.blocks = ThreadLocal.withInitial(
        () -> new FloatMatrix[] {FloatMatrix.zeros(ROW_BLOCK, r), FloatMatrix.zeros(ROW_BLOCK, r)});
  }

  /**
   * Updates {@code b} in place.
   *
   * @param d M⊙D, c × r, 0 at missing entries
   * @param productsValid true when A and D are those of the previous call (a transform): the β = 2
   *     numerator is reused
   */
  @Override
  double update(FloatMatrix a, FloatMatrix d, FloatMatrix b, boolean productsValid) {
    boolean frobenius = beta == 2;
    if (frobenius && !(productsValid && numeratorCurrent)) {
      timesTransposed(d, false, a, numerator);
      load(numerator, numeratorValues);
      numeratorCurrent = true;
    }
    load(b, bValues);
    transpose(bValues, k, c, bTransposedValues);
    store(bTransposedValues, bTransposed);
    Parallel.forRange(
        (c + ROW_BLOCK - 1) / ROW_BLOCK,
        1,
        (fromBlock, toBlock) -> {
          FloatMatrix[] buffers = blocks.get();
          float[] pRow = new float[r];
          float[] mRow = new float[r];
          float[] dRow = new float[r];
          float[] qRow = new float[r];
          for (int blk = fromBlock; blk < toBlock; blk++) {
            int i0 = blk * ROW_BLOCK;
            int rows = Math.min(ROW_BLOCK, c - i0);
            FloatMatrix p = buffers[0].rowRange(0, rows);
            FloatMatrix q = buffers[1].rowRange(0, rows);
            Blas.gemm(false, false, 1f, bTransposed.rowRange(i0, i0 + rows), a, 0f, p);
            for (int i = 0; i < rows; i++) {
              int at = (i0 + i) * r;
              mask.buffer().get(mask.offset() + at, mRow);
              p.buffer().get(p.offset() + i * r, pRow);
              if (frobenius) {
                for (int j = 0; j < r; j++) {
                  pRow[j] *= mRow[j];
                }
                p.buffer().put(p.offset() + i * r, pRow);
                continue;
              }
              d.buffer().get(d.offset() + at, dRow);
              weightedRow(pRow, mRow, dRow, qRow);
              p.buffer().put(p.offset() + i * r, pRow);
              q.buffer().put(q.offset() + i * r, qRow);
            }
            if (frobenius) {
              Blas.gemm(false, true, 1f, p, a, 0f, denominatorTransposed.rowRange(i0, i0 + rows));
            } else {
              Blas.gemm(false, true, 1f, p, a, 0f, numeratorTransposed.rowRange(i0, i0 + rows));
              Blas.gemm(false, true, 1f, q, a, 0f, denominatorTransposed.rowRange(i0, i0 + rows));
            }
          }
        });
    load(denominatorTransposed, scratch);
    transpose(scratch, c, k, denominatorValues);
    if (!frobenius) {
      load(numeratorTransposed, scratch);
      transpose(scratch, c, k, numeratorValues);
    }
    apply();
    store(bValues, b);
    return 0;
  }

  /**
   * One row, β ≠ 2: {@code p} (BᵀA) becomes the numerator's M ⊙ D ⊙ P^(β−2) and {@code q} the
   * denominator's M ⊙ P^(β−1), with {@link MultiplicativeUpdate}'s EPSILON rules.
   */
  private void weightedRow(float[] p, float[] m, float[] d, float[] q) {
    for (int j = 0; j < p.length; j++) {
      if (m[j] == 0) {
        p[j] = 0;
        q[j] = 0;
        continue;
      }
      float v = p[j];
      if (beta == 1) {
        q[j] = 1;
      } else {
        float safe = beta < 1 && v == 0 ? EPSILON : v;
        q[j] = (float) Math.pow(safe, beta - 1);
      }
      float safe = beta < 2 && v == 0 ? EPSILON : v;
      float x = d[j];
      if (beta == 1) {
        p[j] = x / safe;
      } else if (beta == 0) {
        float inverse = 1f / safe;
        p[j] = inverse * inverse * x;
      } else {
        p[j] = (float) Math.pow(safe, beta - 2) * x;
      }
    }
  }

  /** B ← B ⊙ (N ⊘ (Q + l1 + l2·B))^γ over the arrays, with the safeguards above. */
  private void apply() {
    double l1 = penalty.l1();
    double l2 = penalty.l2();
    boolean zeroToOne = beta == 1 && side == Side.BASIS;
    Parallel.forRange(
        k * c,
        1 << 13,
        (from, to) -> {
          for (int idx = from; idx < to; idx++) {
            float den = denominatorValues[idx];
            if (zeroToOne && den == 0) {
              den = 1;
            }
            bValues[idx] = MultiplicativeUpdate.updated(
                bValues[idx], numeratorValues[idx], den, l1, l2, gamma, clipSmall);
          }
        });
  }
}
