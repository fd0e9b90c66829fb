package io.facerecon.nmf;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.NumpyRandomState;
import io.facerecon.linalg.Parallel;
import java.util.Arrays;

/**
 * Fast-HALS coordinate descent on one factor (Cichocki and Phan 2009), exactly as scikit-learn's
 * {@code _update_coordinate_descent} and {@code _update_cdnmf_fast} (solver {@code cd}), for the
 * Frobenius loss {@code ½‖V − WH‖²_F} plus the penalties.
 *
 * <h2>In Lee and Seung's form</h2>
 *
 * V (pixels × images) ≈ WH with the basis W (pixels × k) and the codes H (k × images). The codes
 * are updated one component (row h_t of H) at a time, t = 0 … k−1 (a fresh random order on each
 * update when shuffling), each entry projected onto ≥ 0:
 *
 * <pre>
 * h_t ← max(0, h_t + ((WᵀV)_t − (WᵀW)_t H − l1 − l2·h_t) / ((WᵀW)_tt + l2))
 * </pre>
 *
 * where {@code (M)_t} is row t of M, and H already holds the rows updated before t in this sweep.
 * Unpenalised this is {@code h_t ← max(0, h_t + ((WᵀV)_t − (WᵀW)_t H) / (WᵀW)_tt)}. Then the
 * basis, one column w_t of W at a time, from the new H:
 *
 * <pre>
 * w_t ← max(0, w_t + ((V Hᵀ)_{:,t} − W (H Hᵀ)_{:,t} − l1 − l2·w_t) / ((H Hᵀ)_tt + l2))
 * </pre>
 *
 * A component whose denominator is 0 stays. l1 and l2 are the penalties of the factor being
 * updated ({@link Penalty}: {@code l1 = α·l1_ratio·m}, {@code l2 = α·(1 − l1_ratio)·m} for H, with
 * n for m for W).
 *
 * <h2>In the code</h2>
 *
 * Written once for both factors ({@link FactorUpdate}, {@link Side}): B (k × c) is updated with A
 * (k × r) fixed, D ≈ BᵀA (codes: B = H, A = Wᵀ, D = Vᵀ; basis: B = Wᵀ, A = H, D = V). As
 * scikit-learn, the L2 penalty goes onto the Gram matrix's diagonal and the L1 penalty is
 * subtracted from the data product:
 *
 * <pre>
 * G = A·Aᵀ + l2·I        N = A·Dᵀ − l1
 * for each t:  g_j = Σ_r G[t,r]·B[r,j] − N[t,j];   B[t,j] ← max(0, B[t,j] − g_j / G[t,t])   (G[t,t] ≠ 0)
 * </pre>
 *
 * The violation is scikit-learn's: the sum of |projected gradient| before each coordinate moves,
 * where the projected gradient of a zero entry is min(g, 0); a fit stops when an iteration's
 * violation (codes plus basis) falls to {@code tol} times the first iteration's. With acceleration
 * (Gillis and Glineur 2012) the sweep is repeated with G and N fixed, within a budget, until one
 * changes B by at most a tenth of what the first did ({@link FactorUpdate#innerLoop}); the first
 * sweep's violation is returned.
 *
 * <p>Columns of B are independent within a sweep, so they are split across threads, each running
 * the full component loop on its columns; the violation is summed per chunk in a fixed order.
 */
final class HalsUpdate extends FactorUpdate {
  private static final int COLUMN_BLOCK = 256;
  private final float[] bValues;
  private final float[] numeratorValues;
  private final float[] gradient;
  private final double[] gramValues;
  private final double[] changeByChunkStart;
  private final int[] order;
  private final NumpyRandomState shuffler;
  private double lastChange;

  HalsUpdate(
      int k, int r, int c, Side side, boolean dataTransposed, Penalty penalty, boolean accelerated,
      NumpyRandomState shuffler) {
    super(k, r, c, side, dataTransposed, penalty, accelerated);
    this.bValues = new float[k * c];
    this.numeratorValues = new float[k * c];
    this.gradient = new float[c];
    this.gramValues = new double[k * k];
    this.changeByChunkStart = new double[c];
    this.order = new int[k];
    this.shuffler = shuffler;
  }

  @Override
  double update(FloatMatrix a, FloatMatrix d, FloatMatrix b, boolean productsValid) {
    if (!productsValid) {
      computeProducts(a, d);
    }
    load(numerator, numeratorValues);
    for (int i = 0; i < k * k; i++) {
      gramValues[i] = gram.get(i);
    }
    for (int t = 0; t < k; t++) {
      gramValues[t * k + t] += penalty.l2();
    }
    nextOrder();
    load(b, bValues);
    double violation =
        innerLoop(
            new InnerStep() {
              @Override
              public double run(int index) {
                Arrays.fill(changeByChunkStart, 0);
                double v = Parallel.sum(c, 64, HalsUpdate.this::sweep);
                double change = 0;
                for (double x : changeByChunkStart) {
                  change += x;
                }
                lastChange = change;
                return v;
              }

              @Override
              public double lastChange() {
                return lastChange;
              }
            });
    store(bValues, b);
    return violation;
  }

  private void nextOrder() {
    for (int t = 0; t < k; t++) {
      order[t] = t;
    }
    if (shuffler != null) {
      shuffler.shuffle(order); // scikit-learn's random_state.permutation(n_components)
    }
  }

  /** One sweep over all components on columns {@code [from, to)}; returns its violation. */
  private double sweep(int from, int to) {
    double[] sums = new double[2]; // violation, squared change
    // Column blocks small enough that B's block stays in cache while all k components visit it.
    for (int start = from; start < to; start += COLUMN_BLOCK) {
      int end = Math.min(to, start + COLUMN_BLOCK);
      for (int s = 0; s < k; s++) {
        updateRow(order[s], start, end, sums);
      }
    }
    changeByChunkStart[from] = sums[1];
    return sums[0];
  }

  /** Moves row {@code t} of B on columns {@code [from, to)}; adds to violation and change. */
  private void updateRow(int t, int from, int to, double[] sums) {
    float l1 = (float) penalty.l1();
    int rowT = t * c;
    for (int j = from; j < to; j++) {
      gradient[j] = l1 - numeratorValues[rowT + j];
    }
    for (int r = 0; r < k; r++) {
      float g = (float) gramValues[t * k + r];
      if (g == 0) {
        continue;
      }
      int rowR = r * c;
      for (int j = from; j < to; j++) {
        gradient[j] += g * bValues[rowR + j];
      }
    }
    float hessian = (float) gramValues[t * k + t];
    double violation = 0;
    double change = 0;
    for (int j = from; j < to; j++) {
      float old = bValues[rowT + j];
      float grad = gradient[j];
      violation += Math.abs(old == 0 ? Math.min(grad, 0f) : grad);
      if (hessian != 0) {
        float updated = Math.max(old - grad / hessian, 0f);
        bValues[rowT + j] = updated;
        double delta = updated - old;
        change += delta * delta;
      }
    }
    sums[0] += violation;
    sums[1] += change;
  }
}
