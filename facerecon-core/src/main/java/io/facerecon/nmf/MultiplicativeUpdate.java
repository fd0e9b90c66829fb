package io.facerecon.nmf;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import io.facerecon.linalg.ParallelGemm;

/**
 * The multiplicative update of one factor for any β-divergence, exactly as scikit-learn's
 * {@code _multiplicative_update_w} / {@code _multiplicative_update_h}:
 * B ← B ⊙ (numerator ⊘ denominator)^γ, with numerator A·(D ⊙ (BᵀA)^{β−2})ᵀ and denominator
 * A·((BᵀA)^{β−1})ᵀ plus the penalties (for β = 2: A·Dᵀ and (A·Aᵀ)·B; for β = 1 the denominator is
 * A's row sums).
 *
 * <p>Safeguards as scikit-learn's: for β &lt; 2 zero entries of BᵀA become EPSILON before any
 * power or division (for the denominator only when β &lt; 1); a zero denominator becomes
 * EPSILON; for β = 1 a zero row sum of the codes becomes 1 when updating the basis; entries below
 * float64's epsilon are set to 0 after updating the codes when β &lt; 1 and after updating the
 * basis when β ≤ 1.
 */
final class MultiplicativeUpdate extends FactorUpdate {
  private static final float FLOAT64_EPSILON = (float) Math.ulp(1.0);
  /** Rows of BᵀA per block; a block of D read from Dᵀ takes 64-float segments of its rows. */
  private static final int ROW_BLOCK = 64;

  private final double beta;
  private final double gamma;
  private final FloatMatrix denominator;
  private final float[] bValues;
  private final float[] numeratorValues;
  private final float[] denominatorValues;
  private final double[] rowSums;
  /** Bᵀ (c × k) for BᵀA, β ≠ 2. */
  private final FloatMatrix bTransposed;
  private final float[] bTransposedValues;
  private final Workspace workspace;
  private final boolean clipSmall;
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
    super(k, r, c, side, dataTransposed, penalty, accelerated);
    this.beta = loss.beta();
    this.gamma = loss.gamma();
    this.denominator = FloatMatrix.zeros(k, c);
    this.bValues = new float[k * c];
    this.numeratorValues = new float[k * c];
    this.denominatorValues = new float[k * c];
    this.rowSums = new double[k];
    int transposedRows = loss.isFrobenius() ? 0 : c;
    this.bTransposed = FloatMatrix.zeros(transposedRows, k);
    this.bTransposedValues = new float[transposedRows * k];
    this.workspace = workspace;
    this.clipSmall = side == Side.CODES ? beta < 1 : beta <= 1;
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
      load(numerator, numeratorValues);
      return innerLoop(
          new InnerStep() {
            @Override
            public double run(int index) {
              Blas.gemm(false, false, 1f, gram, b, 0f, denominator);
              load(denominator, denominatorValues);
              load(b, bValues);
              lastChange = apply(false);
              store(bValues, b);
              return 0;
            }

            @Override
            public double lastChange() {
              return lastChange;
            }
          });
    }
    generalBetaProducts(a, d, b);
    load(numerator, numeratorValues);
    load(b, bValues);
    if (beta == 1) {
      sumRows(a);
    } else {
      load(denominator, denominatorValues);
    }
    apply(beta == 1);
    store(bValues, b);
    return 0;
  }

  /**
   * Numerator and denominator through BᵀA (in D's orientation), for β ≠ 2. When the data arrives
   * as Dᵀ, each block of rows of BᵀA reads its block of D transposed from Dᵀ.
   */
  private void generalBetaProducts(FloatMatrix a, FloatMatrix d, FloatMatrix b) {
    int r = a.cols();
    FloatMatrix wh = workspace.first.reshape(c, r);
    FloatMatrix whPower = workspace.second == null ? null : workspace.second.reshape(c, r);
    ParallelGemm.rows(transposeB(b), false, a, wh);
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
    load(b, bValues);
    transpose(bValues, k, c, bTransposedValues);
    store(bTransposedValues, bTransposed);
    return bTransposed;
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

  /** B ← B ⊙ (N ⊘ denominator)^γ over the arrays; returns ‖ΔB‖². */
  private double apply(boolean denominatorFromRowSums) {
    double l1 = penalty.l1();
    double l2 = penalty.l2();
    return Parallel.sum(
        k * c,
        1 << 13,
        (from, to) -> {
          double change = 0;
          for (int idx = from; idx < to; idx++) {
            float old = bValues[idx];
            float den =
                denominatorFromRowSums ? (float) rowSums[idx / c] : denominatorValues[idx];
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
            double delta = updated - old;
            change += delta * delta;
          }
          return change;
        });
  }
}
