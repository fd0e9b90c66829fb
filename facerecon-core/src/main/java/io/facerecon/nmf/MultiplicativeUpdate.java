package io.facerecon.nmf;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import io.facerecon.linalg.VectorSupport;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The multiplicative update of one factor for any β-divergence (Lee and Seung 2001; Févotte and
 * Idier 2011), exactly as scikit-learn's {@code _multiplicative_update_w} and
 * {@code _multiplicative_update_h} (solver {@code mu}).
 *
 * <h2>In Lee and Seung's form</h2>
 *
 * V (pixels × images) ≈ WH with the basis W (pixels × k) and the codes H (k × images); ⊙, ⊘ and
 * powers of matrices are element-wise. For the Frobenius loss (β = 2):
 *
 * <pre>
 * H ← H ⊙ (Wᵀ V) ⊘ (Wᵀ W H)
 * W ← W ⊙ (V Hᵀ) ⊘ (W H Hᵀ)
 * </pre>
 *
 * and for any β:
 *
 * <pre>
 * H ← H ⊙ ( Wᵀ ((WH)^(β−2) ⊙ V) ⊘ Wᵀ (WH)^(β−1) )^γ
 * W ← W ⊙ ( ((WH)^(β−2) ⊙ V) Hᵀ ⊘ (WH)^(β−1) Hᵀ )^γ
 * </pre>
 *
 * with γ = 1/(2 − β) for β &lt; 1, 1/(β − 1) for β &gt; 2 and 1 otherwise ({@link BetaLoss#gamma}),
 * the exponent that keeps the divergence from increasing. β = 2 gives the first pair. For β = 1
 * (Kullback–Leibler) (WH)^0 is all ones, so the denominators are column sums of W
 * ({@code Σ_p W[p,t]} for row t of H) and row sums of H ({@code Σ_i H[t,i]} for column t of W);
 * for β = 0 (Itakura–Saito) (WH)^(−2) is computed as (1/WH)². One iteration updates H, then W
 * from the new H, as scikit-learn updates its W (our Hᵀ) before its H (our Wᵀ).
 *
 * <h2>Regularisation and safeguards</h2>
 *
 * Exactly as scikit-learn, in this order:
 *
 * <ol>
 *   <li>Numerator (β &lt; 2): entries of WH equal to 0 become EPSILON before the power or division.
 *   <li>Denominator (β ∉ {1, 2}): entries of WH equal to 0 become EPSILON before the power only when
 *       β &lt; 1. For β = 1, updating W, a zero row sum {@code Σ_i H[t,i]} becomes 1.
 *   <li>The penalty of the factor being updated ({@link Penalty}: {@code l1 = α·l1_ratio·m},
 *       {@code l2 = α·(1 − l1_ratio)·m} for H, with n for m for W) is added to the denominator:
 *       {@code + l1} when l1 &gt; 0, {@code + l2·H} (resp. {@code + l2·W}, the factor before the
 *       update) when l2 &gt; 0.
 *   <li>Denominator entries equal to 0 then become EPSILON; the ratio is raised to γ when γ ≠ 1.
 *   <li>After the update, entries below float64's machine epsilon (2.2e-16) are set to 0: in H
 *       when β &lt; 1, in W when β ≤ 1.
 * </ol>
 *
 * EPSILON is {@link FactorUpdate#EPSILON}, float32's machine epsilon 2^−23 ≈ 1.19e-7.
 *
 * <h2>In the code</h2>
 *
 * The class is written once for both factors ({@link FactorUpdate}, {@link Side}): it updates B
 * (k × c) with A (k × r) fixed so that D (c × r) ≈ BᵀA, where
 *
 * <pre>
 * side          B    A    D    c        r        BᵀA
 * CODES  (H)    H    Wᵀ   Vᵀ   images   pixels   (WH)ᵀ
 * BASIS  (W)    Wᵀ   H    V    pixels   images   WH
 * </pre>
 *
 * and computes, in D's orientation:
 *
 * <pre>
 * N = A · (D ⊙ (BᵀA)^(β−2))ᵀ      β = 2: A·Dᵀ ({@link FactorUpdate#numerator})
 * Q = A · ((BᵀA)^(β−1))ᵀ          β = 2: (A·Aᵀ)·B; β = 1: Q[t,j] = Σ_r A[t,r]
 * B ← B ⊙ (N ⊘ (Q + l1 + l2·B))^γ
 * </pre>
 *
 * With A = Wᵀ and D = Vᵀ this is the H update above; with A = H and D = V it is the transpose of
 * the W update. For β = 2 with acceleration (Gillis and Glineur 2012), the update is repeated with
 * N and A·Aᵀ fixed, within a budget, until one changes B by at most a tenth of what the first did
 * ({@link FactorUpdate#innerLoop}); for β ≠ 2 it runs once per call, BᵀA formed in the shared
 * {@link Workspace} and read a block of rows at a time.
 */
final class MultiplicativeUpdate extends FactorUpdate {
  /** Rows of BᵀA per block; a block of D read from Dᵀ takes 64-float segments of its rows. */
  private static final int ROW_BLOCK = 64;
  private static final ThreadLocal<Pieces> PIECES = ThreadLocal.withInitial(Pieces::new);
  /** Set once {@link VectorMultiplicativeStep} has been warmed up ({@link #warmUp}). */
  private static final AtomicBoolean WARMED = new AtomicBoolean();

  private final double beta;
  private final double gamma;
  private final FloatMatrix denominator;
  /** B's entries, for the steps that read all of B at once; made on first use. */
  private float[] bValues;
  private final double[] rowSums;
  /** Bᵀ (c × k) for BᵀA, β ≠ 2. */
  private final FloatMatrix bTransposed;
  private final float[] bTransposedValues;
  private final Workspace workspace;
  private final boolean clipSmall;
  /**
   * Whether {@link #apply} may run {@link VectorMultiplicativeStep}: with the Vector API, γ = 1 and
   * no inner updates, which alone read the change.
   */
  private final boolean vectorStep;
  private double lastChange;

  /** Two data-sized buffers for β ≠ 2, shared by both halves of an iteration. */
  static final class Workspace {
    private final FloatMatrix first;
    private final FloatMatrix second;

    Workspace(int size, boolean needsSecond) {
      first = FloatMatrix.zeros(1, size);
      second = needsSecond ? FloatMatrix.zeros(1, size) : null;
    }
  }

  MultiplicativeUpdate(
      int k, int r, int c, Side side, boolean dataTransposed, Penalty penalty, BetaLoss loss, boolean accelerated,
      Workspace workspace) {
    this(k, r, c, side, dataTransposed, penalty, loss, accelerated, workspace,
        side == Side.CODES ? loss.beta() < 1 : loss.beta() <= 1);
  }

  /**
   * As above, choosing whether values below float64's ε become 0 after each update: scikit-learn's
   * MiniBatchNMF solves its codes without that safeguard ({@code _solve_W}).
   */
  MultiplicativeUpdate(
      int k, int r, int c, Side side, boolean dataTransposed, Penalty penalty, BetaLoss loss, boolean accelerated,
      Workspace workspace, boolean clipSmall) {
    super(k, r, c, side, dataTransposed, penalty, accelerated);
    this.beta = loss.beta();
    this.gamma = loss.gamma();
    this.denominator = FloatMatrix.zeros(k, c);
    this.rowSums = new double[k];
    int transposedRows = loss.isFrobenius() ? 0 : c;
    this.bTransposed = FloatMatrix.zeros(transposedRows, k);
    this.bTransposedValues = new float[transposedRows * k];
    this.workspace = workspace;
    this.clipSmall = clipSmall;
    this.vectorStep = VectorSupport.AVAILABLE && gamma == 1 && maxInner == 1;
    if (vectorStep) {
      warmUp();
    }
  }

  /**
   * Gets {@link VectorMultiplicativeStep} compiled by the JIT, once per JVM, on the calling thread;
   * a no-op without the Vector API. The first update that would use it warms it up if no caller
   * did ({@link Nmf#warmUp}).
   */
  static void warmUp() {
    if (VectorSupport.AVAILABLE && WARMED.compareAndSet(false, true)) {
      VectorMultiplicativeStep.warmUp();
    }
  }

  /** Allocates the workspace a loss needs for {@code pixels × images} data, or null for β = 2. */
  static Workspace workspaceFor(BetaLoss loss, int pixels, int images) {
    if (loss.isFrobenius()) {
      return null;
    }
    return new Workspace(Math.multiplyExact(pixels, images), loss.beta() != 1);
  }

  @Override
  double update(FloatMatrix a, FloatMatrix d, FloatMatrix b, boolean productsValid) {
    if (beta == 2) {
      if (!productsValid) {
        computeProducts(a, d);
      }
      return innerLoop(
          new InnerStep() {
            @Override
            public double run(int index) {
              Blas.gemm(false, false, 1f, gram, b, 0f, denominator);
              lastChange = apply(b, false);
              return 0;
            }

            @Override
            public double lastChange() {
              return lastChange;
            }
          });
    }
    generalBetaProducts(a, d, b);
    if (beta == 1) {
      sumRows(a);
    }
    apply(b, beta == 1);
    return 0;
  }

  /**
   * The two terms of the update of {@code b} without applying it, for online updates that
   * accumulate them ({@link MiniBatchStep}): {@code numerator} receives N and {@code denominator}
   * Q + l1 + l2·B with zeros replaced by EPSILON, both k × c in B's layout; {@code b} is unchanged.
   */
  void terms(FloatMatrix a, FloatMatrix d, FloatMatrix b, float[] numeratorOut, float[] denominatorOut) {
    if (beta == 2) {
      computeProducts(a, d);
      Blas.gemm(false, false, 1f, gram, b, 0f, denominator);
      load(denominator, denominatorOut);
    } else {
      generalBetaProducts(a, d, b);
      if (beta == 1) {
        sumRows(a);
        for (int idx = 0; idx < k * c; idx++) {
          denominatorOut[idx] = (float) rowSums[idx / c];
        }
      } else {
        load(denominator, denominatorOut);
      }
    }
    load(numerator, numeratorOut);
    float[] bValues = loadB(b);
    double l1 = penalty.l1();
    double l2 = penalty.l2();
    for (int idx = 0; idx < k * c; idx++) {
      denominatorOut[idx] = penalized(bValues[idx], denominatorOut[idx], l1, l2);
    }
  }

  /**
   * Numerator and denominator through BᵀA (in D's orientation), for β ≠ 2. When the data arrives
   * as Dᵀ, each block of rows of BᵀA reads its block of D transposed from Dᵀ.
   */
  private void generalBetaProducts(FloatMatrix a, FloatMatrix d, FloatMatrix b) {
    int r = a.cols();
    // A workspace may be larger than this update's c × r (a mini-batch's last, shorter batch).
    FloatMatrix wh = workspace.first.view(0, c, r);
    FloatMatrix whPower = workspace.second == null ? null : workspace.second.view(0, c, r);
    Blas.gemm(false, false, 1f, transposeB(b), a, 0f, wh);
    Parallel.forRange(
        c,
        ROW_BLOCK,
        (from, to) -> {
          float[] whRow = new float[r];
          float[] dRows = new float[ROW_BLOCK * r];
          float[] powRow = new float[r];
          float[] segment = new float[ROW_BLOCK];
          for (int i0 = from; i0 < to; i0 += ROW_BLOCK) {
            int rows = Math.min(ROW_BLOCK, to - i0);
            dataRows(d, i0, rows, r, dRows, segment);
            for (int i = i0; i < i0 + rows; i++) {
              wh.buffer().get(wh.offset() + i * r, whRow);
              int dAt = (i - i0) * r;
              for (int j = 0; j < r; j++) {
                float v = whRow[j];
                if (whPower != null) {
                  float safe = beta < 1 && v == 0 ? EPSILON : v;
                  powRow[j] = (float) Math.pow(safe, beta - 1);
                }
                float safe = beta < 2 && v == 0 ? EPSILON : v;
                float x = dRows[dAt + j];
                if (beta == 1) {
                  whRow[j] = x / safe;
                } else if (beta == 0) {
                  float inverse = 1f / safe;
                  whRow[j] = inverse * inverse * x;
                } else {
                  whRow[j] = (float) Math.pow(safe, beta - 2) * x;
                }
              }
              wh.buffer().put(wh.offset() + i * r, whRow);
              if (whPower != null) {
                whPower.buffer().put(whPower.offset() + i * r, powRow);
              }
            }
          }
        });
    timesTransposed(wh, false, a, numerator);
    if (whPower != null) {
      timesTransposed(whPower, false, a, denominator);
    }
  }

  /**
   * Rows {@code [from, from + rows)} of D (each {@code r} long) into {@code out}: copied from D,
   * or gathered from the columns of Dᵀ when the data arrives transposed.
   */
  private void dataRows(FloatMatrix d, int from, int rows, int r, float[] out, float[] segment) {
    if (!dataTransposed) {
      d.buffer().get(d.offset() + from * r, out, 0, rows * r);
      return;
    }
    for (int j = 0; j < r; j++) {
      d.buffer().get(d.offset() + j * c + from, segment, 0, rows);
      for (int i = 0; i < rows; i++) {
        out[i * r + j] = segment[i];
      }
    }
  }

  /** Bᵀ (c × k), written into {@link #bTransposed} through two arrays. */
  private FloatMatrix transposeB(FloatMatrix b) {
    transpose(loadB(b), k, c, bTransposedValues);
    store(bTransposedValues, bTransposed);
    return bTransposed;
  }

  /** B's entries in {@link #bValues}. */
  private float[] loadB(FloatMatrix b) {
    if (bValues == null) {
      bValues = new float[k * c];
    }
    load(b, bValues);
    return bValues;
  }

  /** For β = 1 the denominator is the sum of each row of A. */
  private void sumRows(FloatMatrix a) {
    int r = a.cols();
    float[] row = new float[r];
    for (int t = 0; t < k; t++) {
      a.buffer().get(a.offset() + t * r, row);
      float s = 0;
      for (float v : row) {
        s += v;
      }
      rowSums[t] = side == Side.BASIS && s == 0 ? 1 : s;
    }
  }

  /**
   * One entry's update, b·(n / (q + l1 + l2·b))^γ, with the safeguards in the class comment: ε for a
   * zero denominator, and values below float64's ε set to zero when {@code clipSmall}. Shared by
   * the masked update, so both apply the same rule.
   */
  static float updated(float old, float numerator, float den, double l1, double l2, double gamma,
      boolean clipSmall) {
    float ratio = numerator / penalized(old, den, l1, l2);
    if (gamma != 1) {
      ratio = (float) Math.pow(ratio, gamma);
    }
    float updated = old * ratio;
    return clipSmall && updated < FLOAT64_EPSILON ? 0 : updated;
  }

  /** The denominator of one entry's update: q + l1 + l2·b, then ε in place of 0. */
  static float penalized(float old, float den, double l1, double l2) {
    if (l1 > 0) {
      den += (float) l1;
    }
    if (l2 > 0) {
      den += (float) l2 * old;
    }
    return den == 0 ? EPSILON : den;
  }

  /**
   * B ← B ⊙ (N ⊘ denominator)^γ, N from {@link #numerator} and the denominator from {@link
   * #denominator} or the row sums; returns ‖ΔB‖², or 0 when {@link #vectorStep} (no one reads it).
   * Each thread updates its range of B a piece at a time ({@link Pieces}), each piece copied from
   * the matrices into arrays and back, rather than one thread copying all while the others wait.
   */
  private double apply(FloatMatrix b, boolean denominatorFromRowSums) {
    double l1 = penalty.l1();
    double l2 = penalty.l2();
    return Parallel.sum(
        k * c,
        1 << 13,
        (from, to) -> {
          Pieces pieces = PIECES.get();
          float[] bPiece = pieces.b;
          float[] nPiece = pieces.numerator;
          float[] dPiece = pieces.denominator;
          boolean vector = vectorStep && !denominatorFromRowSums;
          double change = 0;
          for (int start = from; start < to; start += Pieces.SIZE) {
            int length = Math.min(Pieces.SIZE, to - start);
            b.buffer().get(b.offset() + start, bPiece, 0, length);
            numerator.buffer().get(numerator.offset() + start, nPiece, 0, length);
            if (!denominatorFromRowSums) {
              denominator.buffer().get(denominator.offset() + start, dPiece, 0, length);
            }
            if (vector) {
              VectorMultiplicativeStep.update(bPiece, nPiece, dPiece, 0, length, (float) l1, (float) l2, clipSmall);
            } else {
              for (int i = 0; i < length; i++) {
                float old = bPiece[i];
                float den = denominatorFromRowSums ? (float) rowSums[(start + i) / c] : dPiece[i];
                float updated = updated(old, nPiece[i], den, l1, l2, gamma, clipSmall);
                bPiece[i] = updated;
                double delta = updated - old;
                change += delta * delta;
              }
            }
            b.buffer().put(b.offset() + start, bPiece, 0, length);
          }
          return change;
        });
  }

  /**
   * A thread's arrays for one piece of {@link #apply}: small enough to stay in the L1 cache, where
   * copies of whole matrices (k × c floats each, three per factor) cost memory and cache misses.
   */
  private static final class Pieces {
    static final int SIZE = 2048;
    final float[] b = new float[SIZE];
    final float[] numerator = new float[SIZE];
    final float[] denominator = new float[SIZE];
  }
}
