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
 * orientation, and D given as M⊙D (0 at missing entries), the numerator and denominator are
 *
 * <pre>
 * N = A · (M ⊙ D ⊙ (BᵀA)^(β−2))ᵀ        β = 2: A·(M⊙D)ᵀ, one product, once per call
 * Q = A · (M ⊙ (BᵀA)^(β−1))ᵀ            β = 2: A·(M⊙(BᵀA))ᵀ; β = 1: A·Mᵀ
 * B ← B ⊙ (N ⊘ (Q + l1 + l2·B))^γ
 * </pre>
 *
 * <b>β = 2, the runs path.</b> Since M⊙(WH) = WH − (1−M)⊙(WH), the denominators are the unmasked
 * Gram products less a sum over the missing entries only:
 *
 * <pre>
 * Wᵀ(M⊙(WH)) = (WᵀW)H − Wᵀ((1−M)⊙(WH))       codes:  column i:  (WᵀW)h_i − Σ_{p missing in i} w_p (w_p·h_i)
 * (M⊙(WH))Hᵀ = W(HHᵀ) − ((1−M)⊙(WH))Hᵀ       basis:  row p:     (HHᵀ)w_p − Σ_{i: p missing in i} h_i (w_p·h_i)
 * </pre>
 *
 * that is Q = (A·Aᵀ)·B − S, with S the sums of {@link MaskedCorrection} over the runs of the mask
 * ({@link MaskRuns}): 4k flops per missing entry instead of two products over all of them. A row
 * of B that misses most of its line (an image for the codes, a pixel for the basis, see {@link
 * MaskRuns}) takes Q = S over its observed entries instead, so that the subtraction never cancels
 * most of the Gram product; a complemented Q is clamped at 0 (rounding can leave a tiny negative
 * where the observed sum is about 0), after which the usual safeguards apply. With nothing missing
 * S = 0 and the update is the unmasked one. The path is taken when the runs suit the kernel
 * ({@link MaskedCorrection#runsMaxShare}); the error of the fit then comes from the same products
 * ({@link #squaredError}).
 *
 * <p><b>Other β, and masks the kernel does not suit: the dense path.</b> P = BᵀA is formed in
 * blocks of {@link #ROW_BLOCK} rows of D, each masked (and weighted) and multiplied by A while it
 * is in cache, the blocks split across the caller's threads: P is never held whole.
 */
final class MaskedMultiplicativeUpdate extends FactorUpdate {
  /** Rows of D per block. */
  private static final int ROW_BLOCK = 64;

  /** How the β = 2 denominator is formed. */
  enum Path {
    /** The runs path when the mask suits it ({@link MaskedCorrection#runsMaxShare}), else the dense path. */
    CHOOSE,
    /** BᵀA in blocks, masked, times A. */
    DENSE,
    /** The Gram product, corrected over the runs of the mask, whatever the mask. */
    RUNS
  }

  private final double beta;
  private final double gamma;
  private final int r;
  /** M in D's orientation, c × r, 1 = observed; null on the runs path, which reads the runs instead. */
  private final FloatMatrix mask;
  private final boolean clipSmall;
  private final float[] bValues;
  private final float[] numeratorValues;
  private final float[] denominatorValues;
  private final float[] scratch;
  /** The dense path's buffers (null on the runs path). */
  private final FloatMatrix bTransposed;
  private final float[] bTransposedValues;
  private final FloatMatrix numeratorTransposed;
  private final FloatMatrix denominatorTransposed;
  private final ThreadLocal<FloatMatrix[]> blocks;
  /** The runs path's sums over the mask, or null on the dense path. */
  private final MaskedCorrection correction;
  private final MaskRuns runs;
  /** (A·Aᵀ)·B, k × c, on the runs path. */
  private final FloatMatrix gramTimesB;
  private final NmfData data;
  private Divergence divergence;
  /** A of the last update, for {@link #squaredError}. */
  private FloatMatrix lastA;
  private boolean productsCurrent;

  /**
   * The update of one side of a fit of {@code data} (which has missing entries), choosing its path
   * from the mask.
   */
  MaskedMultiplicativeUpdate(int k, Side side, NmfData data, Penalty penalty, BetaLoss loss) {
    this(k, side, data, penalty, loss, Path.CHOOSE, MaskedCorrection::of);
  }

  /** As above, on the given path and with the given corrections (tests). */
  MaskedMultiplicativeUpdate(int k, Side side, NmfData data, Penalty penalty, BetaLoss loss, Path path,
      MaskedCorrection.Factory corrections) {
    this(k, side == Side.CODES ? data.pixels() : data.images(), side == Side.CODES ? data.images() : data.pixels(),
        side, data, penalty, loss, path, corrections);
  }

  private MaskedMultiplicativeUpdate(int k, int r, int c, Side side, NmfData data, Penalty penalty, BetaLoss loss,
      Path path, MaskedCorrection.Factory corrections) {
    super(k, r, c, side, false, penalty, false);
    FloatMatrix observedT = data.observedT();
    this.data = data;
    this.beta = loss.beta();
    this.gamma = loss.gamma();
    this.r = r;
    this.clipSmall = side == Side.CODES ? beta < 1 : beta <= 1;
    this.bValues = new float[k * c];
    this.numeratorValues = new float[k * c];
    this.denominatorValues = new float[k * c];
    this.scratch = new float[k * c];
    long limit = path == Path.RUNS ? Long.MAX_VALUE : (long) (MaskedCorrection.runsMaxShare() * r * (double) c);
    this.runs = loss.isFrobenius() && path != Path.DENSE ? MaskRuns.of(observedT, side, limit) : null;
    boolean dense = runs == null;
    this.correction = dense ? null : corrections.create(runs, side, k);
    this.gramTimesB = dense ? null : FloatMatrix.zeros(k, c);
    this.mask = !dense ? null : side == Side.CODES ? observedT : data.observed();
    this.bTransposed = dense ? FloatMatrix.zeros(c, k) : null;
    this.bTransposedValues = dense ? new float[k * c] : null;
    this.numeratorTransposed = dense ? FloatMatrix.zeros(c, k) : null;
    this.denominatorTransposed = dense ? FloatMatrix.zeros(c, k) : null;
    this.blocks = ThreadLocal.withInitial(
        () -> new FloatMatrix[] {FloatMatrix.zeros(ROW_BLOCK, r), FloatMatrix.zeros(ROW_BLOCK, r)});
  }

  /** Whether this update forms its β = 2 denominator on the runs path. */
  boolean onRuns() {
    return correction != null;
  }

  /**
   * Updates {@code b} in place.
   *
   * @param d M⊙D, c × r, 0 at missing entries
   * @param productsValid true when A and D are those of the previous call (a transform): the β = 2
   *     numerator (and Gram matrix) is reused
   */
  @Override
  double update(FloatMatrix a, FloatMatrix d, FloatMatrix b, boolean productsValid) {
    boolean frobenius = beta == 2;
    if (frobenius && !(productsValid && productsCurrent)) {
      computeProducts(a, d);
    }
    lastA = a;
    load(b, bValues);
    if (correction != null) {
      runsDenominator(a, b);
    } else {
      denseDenominators(a, d, frobenius);
    }
    apply();
    store(bValues, b);
    return 0;
  }

  /**
   * The β = 2 products: the numerator A·(M⊙D)ᵀ and, on the runs path, the Gram matrix A·Aᵀ; with
   * {@link #squaredError} they give the error before the first update.
   */
  @Override
  void computeProducts(FloatMatrix a, FloatMatrix d) {
    timesTransposed(d, false, a, numerator);
    load(numerator, numeratorValues);
    if (correction != null) {
      Blas.gemm(false, true, 1f, a, a, 0f, gram);
    }
    lastA = a;
    productsCurrent = true;
  }

  /**
   * The masked squared error ‖M⊙(D − BᵀA)‖²_F (β = 2) for B = {@code b} after the last update. On
   * the runs path from that update's products, as the unmasked update ({@link
   * FactorUpdate#squaredError}) but with the weighted quadratic term:
   *
   * <pre>
   * ‖M⊙D‖² − 2⟨B, A·(M⊙D)ᵀ⟩ + Σ_j q_j
   * q_j = B_jᵀ(A·Aᵀ)B_j − Σ_{visited} t²   complemented row j (column j of B)
   * q_j = Σ_{visited} t²                   direct row j
   * </pre>
   *
   * (the signed sums by {@link MaskedCorrection#signedSquares}, a pass of the kernel's products
   * only); on the dense path by a pass over the data ({@link Divergence}).
   */
  @Override
  double squaredError(double squaredNormD, FloatMatrix b) {
    FloatMatrix wt = side == Side.CODES ? lastA : b;
    FloatMatrix h = side == Side.CODES ? b : lastA;
    if (correction == null) {
      if (divergence == null) {
        divergence = new Divergence(data.pixels(), data.images());
      }
      return divergence.compute(data, wt, h, BetaLoss.FROBENIUS).squaredFrobenius();
    }
    Blas.gemm(false, false, 1f, gram, b, 0f, gramTimesB);
    load(gramTimesB, scratch);
    load(b, bValues);
    double cross = 0;
    for (int idx = 0; idx < k * c; idx++) {
      cross += (double) bValues[idx] * numeratorValues[idx];
    }
    double complemented = 0;
    for (int t = 0, idx = 0; t < k; t++) {
      for (int j = 0; j < c; j++, idx++) {
        if (!runs.direct(j)) {
          complemented += (double) bValues[idx] * scratch[idx];
        }
      }
    }
    double quadratic = complemented + correction.signedSquares(wt, h);
    return Math.max(0, squaredNormD - 2 * cross + quadratic);
  }

  /**
   * Q = (A·Aᵀ)·B into the denominator and the sums S over the runs into {@link #scratch}; {@link
   * #apply} combines them.
   */
  private void runsDenominator(FloatMatrix a, FloatMatrix b) {
    Blas.gemm(false, false, 1f, gram, b, 0f, gramTimesB);
    load(gramTimesB, denominatorValues);
    correction.compute(side == Side.CODES ? a : b, side == Side.CODES ? b : a, scratch);
  }

  /** P = BᵀA a block of rows at a time, masked (and weighted for β ≠ 2), times A. */
  private void denseDenominators(FloatMatrix a, FloatMatrix d, boolean frobenius) {
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

  /**
   * B ← B ⊙ (N ⊘ (Q + l1 + l2·B))^γ over the arrays, with the safeguards above; on the runs path Q
   * is formed here, entry by entry, from (A·Aᵀ)·B and S.
   */
  private void apply() {
    double l1 = penalty.l1();
    double l2 = penalty.l2();
    boolean zeroToOne = beta == 1 && side == Side.BASIS;
    boolean onRuns = correction != null;
    Parallel.forRange(
        k,
        Math.max(1, (1 << 13) / c),
        (fromRow, toRow) -> {
          for (int idx = fromRow * c, end = toRow * c; idx < end; ) {
            for (int j = 0; j < c; j++, idx++) {
              float den = denominatorValues[idx];
              if (onRuns) {
                // The runs path: S for a direct row, else Q − S, clamped at 0.
                den = runs.direct(j) ? scratch[idx] : Math.max(0f, den - scratch[idx]);
              }
              if (zeroToOne && den == 0) {
                den = 1;
              }
              bValues[idx] = MultiplicativeUpdate.updated(
                  bValues[idx], numeratorValues[idx], den, l1, l2, gamma, clipSmall);
            }
          }
        });
  }
}
