package io.facerecon.nmf;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.util.Arrays;

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
 *
 * <h2>Frobenius loss: the complement of the mask</h2>
 *
 * For β = 2 the denominator can be written with the missing entries alone, 1 − M:
 *
 * <pre>
 * Q = A·(M⊙P)ᵀ = (A·Aᵀ)·B − A·((1−M)⊙P)ᵀ
 * </pre>
 *
 * The first term is the unmasked update's k × k Gram matrix times B; the second needs P only at
 * the missing entries: for each missing (i, j) one k-length dot product P(i, j) = B(:, i)·A(:, j),
 * scattered back as Q(:, i) −= P(i, j)·A(:, j), k multiply-adds. With a fraction f of the c·r
 * entries missing, per call:
 *
 * <pre>
 * dense  (every entry of P):   2·c·r·k   (P = BᵀA, then A·(M⊙P)ᵀ)
 * sparse (missing entries):    k²·r + k²·c + 2·f·c·r·k   (A·Aᵀ, (A·Aᵀ)·B, the dot products and scatters)
 * </pre>
 *
 * so a masked iteration costs about the unmasked one plus 4·f·m·n·k (both factors), against about
 * 4·m·n·k more for the dense path. In arithmetic the sparse path wins for any f &lt; 1, but its
 * dot products and scatters run at scattered indices, well below the speed of the dense path's
 * matrix products, and the subtraction loses relative precision when most of a column is missing
 * (the two terms nearly cancel); so the sparse path is taken only when f &lt; {@link
 * #SPARSE_BELOW}, where its extra work is at most about that of the dense path. The missing
 * entries are stored once, as a list of column indices per row of D. Other β keep the dense path:
 * their denominator M ⊙ P^(β−1) has no such complement.
 */
final class MaskedMultiplicativeUpdate extends FactorUpdate {
  private static final float FLOAT64_EPSILON = (float) Math.ulp(1.0);
  /** Rows of D per block. */
  private static final int ROW_BLOCK = 64;
  /** β = 2 takes the sparse (complement) path when the missing fraction is below this. */
  static final double SPARSE_BELOW = 0.5;

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
  /** True for the β = 2 complement path (see above). */
  private final boolean sparse;
  /** Row i of D's missing columns: {@code missingColumns[missingStart[i] .. missingStart[i + 1])}. */
  private final int[] missingStart;
  private final int[] missingColumns;
  private final float[] aValues;
  private final float[] aTransposedValues;
  private final FloatMatrix gramTimesB;

  MaskedMultiplicativeUpdate(int k, int r, int c, Side side, FloatMatrix mask, Penalty penalty, BetaLoss loss) {
    this(k, r, c, side, mask, penalty, loss, loss.beta() == 2 && missingFraction(mask) < SPARSE_BELOW);
  }

  /**
   * As above, with the path given: {@code sparse} (β = 2 only) takes the complement of the mask,
   * otherwise every entry of P is formed.
   */
  MaskedMultiplicativeUpdate(
      int k, int r, int c, Side side, FloatMatrix mask, Penalty penalty, BetaLoss loss, boolean sparse) {
    super(k, r, c, side, false, penalty, false);
    if (sparse && loss.beta() != 2) {
      throw new IllegalArgumentException("the sparse path needs beta 2, not " + loss.beta());
    }
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
    this.sparse = sparse;
    if (sparse) {
      missingStart = new int[c + 1];
      float[] mRow = new float[r];
      int count = 0;
      for (int i = 0; i < c; i++) {
        mask.buffer().get(mask.offset() + i * r, mRow);
        for (int j = 0; j < r; j++) {
          if (mRow[j] == 0) {
            count++;
          }
        }
        missingStart[i + 1] = count;
      }
      missingColumns = new int[count];
      for (int i = 0, at = 0; i < c; i++) {
        mask.buffer().get(mask.offset() + i * r, mRow);
        for (int j = 0; j < r; j++) {
          if (mRow[j] == 0) {
            missingColumns[at++] = j;
          }
        }
      }
      aValues = new float[k * r];
      aTransposedValues = new float[k * r];
      gramTimesB = FloatMatrix.zeros(k, c);
    } else {
      missingStart = null;
      missingColumns = null;
      aValues = null;
      aTransposedValues = null;
      gramTimesB = null;
    }
  }

  /** The fraction of zeros in {@code mask}. */
  static double missingFraction(FloatMatrix mask) {
    float[] row = new float[mask.cols()];
    long zeros = 0;
    for (int i = 0; i < mask.rows(); i++) {
      mask.buffer().get(mask.offset() + i * mask.cols(), row);
      for (float x : row) {
        if (x == 0) {
          zeros++;
        }
      }
    }
    return mask.size() == 0 ? 0 : (double) zeros / mask.size();
  }

  /** True when this step takes the β = 2 complement path. */
  boolean sparse() {
    return sparse;
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
    if (sparse) {
      complementDenominator(a, b);
      apply();
      store(bValues, b);
      return 0;
    }
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
   * β = 2, the sparse path: {@code denominatorValues} (k × c) = (A·Aᵀ)·B − A·((1−M)⊙(BᵀA))ᵀ, the
   * second term from the missing entries only. Needs {@code bTransposedValues} (Bᵀ, c × k).
   */
  private void complementDenominator(FloatMatrix a, FloatMatrix b) {
    Blas.gemm(false, true, 1f, a, a, 0f, gram);
    Blas.gemm(false, false, 1f, gram, b, 0f, gramTimesB);
    load(gramTimesB, denominatorValues);
    load(a, aValues);
    transpose(aValues, k, r, aTransposedValues);
    float[] at = aTransposedValues;
    float[] bt = bTransposedValues;
    float[] den = denominatorValues;
    Parallel.forRange(
        c,
        16,
        (from, to) -> {
          float[] correction = new float[k];
          for (int i = from; i < to; i++) {
            int start = missingStart[i];
            int end = missingStart[i + 1];
            if (start == end) {
              continue;
            }
            Arrays.fill(correction, 0f);
            int bOffset = i * k;
            int e = start;
            // Four missing entries at a time: four independent dot products, one pass over the
            // correction.
            for (; e + 4 <= end; e += 4) {
              int a0 = missingColumns[e] * k;
              int a1 = missingColumns[e + 1] * k;
              int a2 = missingColumns[e + 2] * k;
              int a3 = missingColumns[e + 3] * k;
              float p0 = 0;
              float p1 = 0;
              float p2 = 0;
              float p3 = 0;
              for (int l = 0; l < k; l++) {
                float x = bt[bOffset + l];
                p0 += x * at[a0 + l];
                p1 += x * at[a1 + l];
                p2 += x * at[a2 + l];
                p3 += x * at[a3 + l];
              }
              for (int l = 0; l < k; l++) {
                correction[l] += p0 * at[a0 + l] + p1 * at[a1 + l] + p2 * at[a2 + l] + p3 * at[a3 + l];
              }
            }
            for (; e < end; e++) {
              int aOffset = missingColumns[e] * k;
              float p = 0;
              for (int l = 0; l < k; l++) {
                p += bt[bOffset + l] * at[aOffset + l];
              }
              for (int l = 0; l < k; l++) {
                correction[l] += p * at[aOffset + l];
              }
            }
            for (int l = 0; l < k; l++) {
              // The two terms nearly cancel where most of the column is missing; rounding must
              // not make the (non-negative) denominator negative.
              float q = den[l * c + i] - correction[l];
              den[l * c + i] = q > 0 ? q : 0;
            }
          }
        });
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
            float old = bValues[idx];
            float den = denominatorValues[idx];
            if (zeroToOne && den == 0) {
              den = 1;
            }
            if (l1 > 0) {
              den += (float) l1;
            }
            if (l2 > 0) {
              den += (float) l2 * old;
            }
            if (den == 0) {
              den = EPSILON;
            }
            float ratio = numeratorValues[idx] / den;
            if (gamma != 1) {
              ratio = (float) Math.pow(ratio, gamma);
            }
            float updated = old * ratio;
            if (clipSmall && updated < FLOAT64_EPSILON) {
              updated = 0;
            }
            bValues[idx] = updated;
          }
        });
  }
}
