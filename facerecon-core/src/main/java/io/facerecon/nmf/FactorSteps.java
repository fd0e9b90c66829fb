package io.facerecon.nmf;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;

/**
 * The two halves of {@link Nmf}'s iteration as separate steps, for engines that hold the data in
 * blocks of images and add up the basis's products themselves (e.g. a cluster: each worker updates
 * the codes of its images, a driver the basis). The numbers are those of {@link Nmf}'s own loop:
 * the same update code runs on each block.
 *
 * <p>V (pixels × images) is split into column blocks V_p, each with its codes H_p (k × n_p).
 * One iteration of a fit is:
 *
 * <pre>
 * per block:  H_p ← update(H_p; WᵀV_p, WᵀW)          ({@link Codes#update})
 *             P_p = H_p·V_pᵀ (k × pixels),  G_p = H_p·H_pᵀ (k × k)   ({@link Codes#addBasisProducts})
 * once:       Wᵀ ← update(Wᵀ; Σ P_p, Σ G_p)            ({@link Basis#update})
 *             ‖V − WH‖² = ‖V‖² − 2⟨Wᵀ, Σ P_p⟩ + ⟨Σ G_p, WᵀW⟩   ({@link Basis#squaredError})
 * </pre>
 *
 * The codes' penalty is scaled by the number of pixels and the basis's by the number of images of
 * the whole data, as in {@link Nmf}. Only the Frobenius loss, without acceleration or shuffling:
 * an accelerated codes update stops its inner loop on the change of all codes, which a block does
 * not know, and the shuffled order is drawn from one generator shared by both halves.
 */
public final class FactorSteps {
  private FactorSteps() {}

  /**
   * Refuses options these steps cannot run: a loss other than Frobenius, acceleration, shuffling.
   *
   * @param options the fit's settings
   * @throws BadInputException naming the setting
   */
  public static void requireSupported(NmfOptions options) {
    if (!options.betaLoss().isFrobenius()) {
      throw new BadInputException(
          "block-wise NMF handles only the frobenius loss (beta 2), got " + options.betaLoss().label());
    }
    if (options.accelerated()) {
      throw new BadInputException("block-wise NMF does not run accelerated updates");
    }
    if (options.shuffle()) {
      throw new BadInputException("block-wise NMF does not shuffle the coordinate descent's components");
    }
  }

  /**
   * The positive part max(x, 0) of {@code x}, or with {@code positive} false its negative part
   * max(−x, 0): NNDSVD splits each singular vector into these two.
   *
   * @param x a value
   * @param positive which part
   * @return that part, ≥ 0
   */
  public static double part(float x, boolean positive) {
    return Initialization.part(x, positive);
  }

  /**
   * The Euclidean norm of a vector's positive (or negative) part, as NNDSVD weighs them.
   *
   * @param x the vector
   * @param positive which part
   * @return its norm
   */
  public static double partNorm(float[] x, boolean positive) {
    return Initialization.partNorm(x, positive);
  }

  /** The codes update of one block of images, with its products WᵀV_p and WᵀW. */
  public static final class Codes {
    private final FactorUpdate step;
    private final int k;
    private final int images;

    /**
     * The codes step of a block.
     *
     * @param options the fit's settings (Frobenius, not accelerated, not shuffled)
     * @param pixels m, pixels per image (scales the codes' penalty)
     * @param images n_p, images in this block
     */
    public Codes(NmfOptions options, int pixels, int images) {
      requireSupported(options);
      this.k = options.components();
      this.images = images;
      Penalty penalty = Penalty.of(options.effectiveAlphaH(), options.l1Ratio(), pixels);
      this.step =
          options.solver() == Solver.CD
              ? new HalsUpdate(k, pixels, images, Side.CODES, false, penalty, false, null)
              : new MultiplicativeUpdate(
                  k, pixels, images, Side.CODES, false, penalty, BetaLoss.FROBENIUS, false, null);
    }

    /**
     * Computes WᵀV_p and WᵀW, kept for the next {@link #update} with {@code productsValid}.
     *
     * @param wt Wᵀ, k × pixels
     * @param vt V_pᵀ, images × pixels
     */
    public void computeProducts(FloatMatrix wt, FloatMatrix vt) {
      step.computeProducts(wt, vt);
    }

    /**
     * ⟨H_p, WᵀV_p⟩ from the last products, the block's share of the error's cross term.
     *
     * @param h H_p, k × images
     * @return Σ H_p ⊙ WᵀV_p, summed in double
     */
    public double cross(FloatMatrix h) {
      double s = 0;
      for (int i = 0, n = h.size(); i < n; i++) {
        s += (double) h.get(i) * step.numerator.get(i);
      }
      return s;
    }

    /**
     * ‖V_p − W·H_p‖² from the last products, without touching the data.
     *
     * @param squaredNorm ‖V_p‖²
     * @param h H_p
     * @return the block's squared error
     */
    public double squaredError(double squaredNorm, FloatMatrix h) {
      return step.squaredError(squaredNorm, h);
    }

    /**
     * Updates H_p in place: one multiplicative update or one HALS sweep.
     *
     * @param wt Wᵀ, k × pixels
     * @param vt V_pᵀ, images × pixels
     * @param h H_p, k × images, updated
     * @param productsValid true when the products of the last {@link #computeProducts} or update
     *     are those of this Wᵀ
     * @return the sweep's projected-gradient violation (HALS), else 0
     */
    public double update(FloatMatrix wt, FloatMatrix vt, FloatMatrix h, boolean productsValid) {
      if (h.rows() != k || h.cols() != images) {
        throw new IllegalArgumentException("codes are " + h.rows() + "x" + h.cols() + ", expected " + k + "x" + images);
      }
      return step.update(wt, vt, h, productsValid);
    }

    /**
     * Adds the block's basis products: {@code hvt += H_p·V_pᵀ} and {@code hht += H_p·H_pᵀ}.
     *
     * @param h H_p, k × images
     * @param vt V_pᵀ, images × pixels
     * @param hvt k × pixels, added to
     * @param hht k × k, added to
     */
    public static void addBasisProducts(FloatMatrix h, FloatMatrix vt, FloatMatrix hvt, FloatMatrix hht) {
      Blas.gemm(false, false, 1f, h, vt, 1f, hvt);
      Blas.gemm(false, true, 1f, h, h, 1f, hht);
    }
  }

  /** The basis update from the products summed over all blocks. */
  public static final class Basis {
    private final FactorUpdate step;
    private final int k;
    private final int pixels;

    /**
     * The basis step of a fit.
     *
     * @param options the fit's settings (Frobenius, not accelerated, not shuffled)
     * @param pixels m, pixels per image
     * @param images n, images of the whole data (scales the basis's penalty)
     */
    public Basis(NmfOptions options, int pixels, int images) {
      requireSupported(options);
      this.k = options.components();
      this.pixels = pixels;
      Penalty penalty = Penalty.of(options.alphaW(), options.l1Ratio(), images);
      this.step =
          options.solver() == Solver.CD
              ? new HalsUpdate(k, images, pixels, Side.BASIS, false, penalty, false, null)
              : new MultiplicativeUpdate(
                  k, images, pixels, Side.BASIS, false, penalty, BetaLoss.FROBENIUS, false, null);
    }

    /**
     * Updates Wᵀ in place from H·Vᵀ = Σ P_p and H·Hᵀ = Σ G_p.
     *
     * @param hvt H·Vᵀ, k × pixels
     * @param hht H·Hᵀ, k × k
     * @param wt Wᵀ, k × pixels, updated
     * @return the sweep's projected-gradient violation (HALS), else 0
     */
    public double update(FloatMatrix hvt, FloatMatrix hht, FloatMatrix wt) {
      if (hvt.rows() != k || hvt.cols() != pixels || hht.rows() != k || hht.cols() != k) {
        throw new IllegalArgumentException("basis products have the wrong shape");
      }
      step.numerator.copyFrom(hvt);
      step.gram.copyFrom(hht);
      return step.update(null, null, wt, true);
    }

    /**
     * ‖V − WH‖² from the products of the last update and the updated Wᵀ:
     * ‖V‖² − 2⟨Wᵀ, H·Vᵀ⟩ + ⟨H·Hᵀ, Wᵀ·W⟩.
     *
     * @param squaredNorm ‖V‖²
     * @param wt Wᵀ
     * @return the squared error, at least 0
     */
    public double squaredError(double squaredNorm, FloatMatrix wt) {
      return step.squaredError(squaredNorm, wt);
    }
  }
}
