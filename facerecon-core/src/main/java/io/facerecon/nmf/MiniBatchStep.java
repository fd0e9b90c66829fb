package io.facerecon.nmf;

import io.facerecon.linalg.FloatMatrix;

/**
 * One step of {@link MiniBatchNmf} on a batch of a given number of images (scikit-learn's
 * {@code _minibatch_step}): the batch's codes, the batch cost, then the basis through the
 * accumulators. Holds the buffers of that batch size; a fit whose last batch is shorter has a
 * second instance. The formulas are in {@link MiniBatchNmf}'s class comment.
 */
final class MiniBatchStep {
  private final MiniBatchNmfOptions options;
  private final int k;
  private final int rows;
  private final double beta;
  private final Penalty codesPenalty;
  private final Penalty basisPenalty;
  private final MultiplicativeUpdate codesUpdate;
  private final MultiplicativeUpdate basisUpdate;
  private final Divergence divergence;
  /** The batch's codes H_b, k × rows. */
  private final FloatMatrix codes;
  /** H_bᵀ for the divergence (β ≠ 2). */
  private final FloatMatrix codesT;
  /** The codes' previous values while solving them from scratch. */
  private final FloatMatrix previous;
  private final float[] numerator;
  private final float[] denominator;

  /**
   * The accumulators of the basis update, A and B (k × pixels), and their decay ρ per step. A
   * starts as the initial basis Wᵀ, B as ones.
   */
  static final class Accumulators {
    private final FloatMatrix a;
    private final FloatMatrix b;
    private final float rho;

    Accumulators(FloatMatrix wt, double rho) {
      this.a = wt.copy();
      this.b = FloatMatrix.zeros(wt.rows(), wt.cols());
      this.b.fill(1f);
      this.rho = (float) rho;
    }
  }

  MiniBatchStep(MiniBatchNmfOptions options, int pixels, int rows, MultiplicativeUpdate.Workspace workspace) {
    NmfOptions o = options.nmf();
    this.options = options;
    this.k = o.components();
    this.rows = rows;
    this.beta = o.betaLoss().beta();
    this.codesPenalty = Penalty.of(o.effectiveAlphaH(), o.l1Ratio(), pixels);
    // scikit-learn scales the basis penalty by the images of the batch, not of the data.
    this.basisPenalty = Penalty.of(o.alphaW(), o.l1Ratio(), rows);
    this.codesUpdate = MiniBatchCodes.codesUpdate(o, pixels, rows, codesPenalty, workspace);
    this.basisUpdate = new MultiplicativeUpdate(
        k, rows, pixels, Side.BASIS, true, basisPenalty, o.betaLoss(), false, workspace, false);
    this.divergence = o.betaLoss().isFrobenius() ? null : new Divergence(pixels, rows);
    this.codes = FloatMatrix.zeros(k, rows);
    this.codesT = FloatMatrix.zeros(rows, k);
    this.previous = FloatMatrix.zeros(k, rows);
    this.numerator = new float[k * pixels];
    this.denominator = new float[k * pixels];
  }

  /** Images per batch of this step. */
  int rows() {
    return rows;
  }

  /** The workspace β ≠ 2 needs for batches of up to {@code rows} images, or null. */
  static MultiplicativeUpdate.Workspace workspace(MiniBatchNmfOptions options, int pixels, int rows) {
    return MultiplicativeUpdate.workspaceFor(options.nmf().betaLoss(), pixels, rows);
  }

  /**
   * One step on the batch {@code x} (rows × pixels, Vᵀ_b).
   *
   * @param batchMean mean of the batch, the start of fresh codes
   * @param batchSquaredNorm ‖V_b‖², for the Frobenius cost
   * @param codesOfBatch the batch's rows of Hᵀ (rows × k), updated once in place; or null to solve
   *     the batch's codes from scratch (fresh restarts, {@code partialFit})
   * @param wt the basis Wᵀ (k × pixels), updated in place
   * @param acc the accumulators, updated in place
   * @return the batch cost (D_β + penalties) / rows, with the basis before its update
   */
  double run(FloatMatrix x, double batchMean, double batchSquaredNorm, FloatMatrix codesOfBatch, FloatMatrix wt,
      Accumulators acc) {
    boolean frobenius = beta == 2;
    if (codesOfBatch == null) {
      float start = (float) Math.sqrt(batchMean / k);
      MiniBatchCodes.solve(codesUpdate, wt, x, codes, start, options.freshRestartsMaxIter(), options.nmf().tol(),
          frobenius, previous);
    } else {
      MiniBatchCodes.transpose(codesOfBatch, codes);
      codesUpdate.update(wt, x, codes, false);
    }
    if (beta < 1) {
      zeroTiny(codes);
    }
    if (codesOfBatch != null) {
      MiniBatchCodes.transpose(codes, codesOfBatch);
    }
    double cost = cost(x, batchSquaredNorm, wt, frobenius);
    updateBasis(x, wt, acc);
    return cost;
  }

  /** (D_β(V_b ‖ W·H_b) + l1_H·ΣH_b + l2_H·ΣH_b² + l1_W·ΣW + l2_W·ΣW²) / rows. */
  private double cost(FloatMatrix x, double batchSquaredNorm, FloatMatrix wt, boolean frobenius) {
    double divergenceValue;
    if (frobenius) {
      // From the products of the codes' last update: ‖V_b‖² − 2⟨H_b, WᵀV_b⟩ + ⟨WᵀW, H_bH_bᵀ⟩.
      divergenceValue = codesUpdate.squaredError(batchSquaredNorm, codes) / 2;
    } else {
      MiniBatchCodes.transpose(codes, codesT);
      divergenceValue = divergence.compute(x, wt, codesT, options.nmf().betaLoss()).beta();
    }
    double penalties = codesPenalty.l1() * sum(codes, false) + codesPenalty.l2() * sum(codes, true)
        + basisPenalty.l1() * sum(wt, false) + basisPenalty.l2() * sum(wt, true);
    return (divergenceValue + penalties) / rows;
  }

  private static double sum(FloatMatrix m, boolean squares) {
    double s = 0;
    for (int i = 0, n = m.size(); i < n; i++) {
      double v = m.get(i);
      s += squares ? v * v : v;
    }
    return s;
  }

  /**
   * Wᵀ ← Wᵀ^(1/γ); A ← ρA + Wᵀ ⊙ N; B ← ρB + Q; Wᵀ ← (A ⊘ B)^γ; then, for β ≤ 1, entries below
   * float64's ε become 0.
   */
  private void updateBasis(FloatMatrix x, FloatMatrix wt, Accumulators acc) {
    basisUpdate.terms(codes, x, wt, numerator, denominator);
    double gamma = options.nmf().betaLoss().gamma();
    float rho = acc.rho;
    boolean clip = beta <= 1;
    for (int i = 0; i < numerator.length; i++) {
      float w = wt.get(i);
      if (gamma != 1) {
        w = (float) Math.pow(w, 1 / gamma);
      }
      float a = acc.a.get(i) * rho + numerator[i] * w;
      float b = acc.b.get(i) * rho + denominator[i];
      acc.a.set(i, a);
      acc.b.set(i, b);
      w = a / b;
      if (gamma != 1) {
        w = (float) Math.pow(w, gamma);
      }
      wt.set(i, clip && w < FactorUpdate.FLOAT64_EPSILON ? 0 : w);
    }
  }

  private static void zeroTiny(FloatMatrix m) {
    for (int i = 0, n = m.size(); i < n; i++) {
      if (m.get(i) < FactorUpdate.FLOAT64_EPSILON) {
        m.set(i, 0);
      }
    }
  }
}
