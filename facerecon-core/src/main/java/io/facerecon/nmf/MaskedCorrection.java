package io.facerecon.nmf;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.VectorSupport;

/**
 * The sums over the visited entries of a {@link MaskRuns} that the masked β = 2 update subtracts
 * from (or uses instead of) its Gram products. With t_pi = w_p·h_i = (WH)[p,i]:
 *
 * <pre>
 * codes:  S[t,i] = Σ_{p visited in image i}  W[p,t]·t_pi        (k × images)
 * basis:  S[t,p] = Σ_{i: p visited in image i} H[t,i]·t_pi      (k × pixels)
 * </pre>
 *
 * 2k multiply-adds per visited entry. {@link #of} gives the SIMD version ({@link
 * VectorMaskedCorrection}) when the JVM runs with the Vector API, else the plain one ({@link
 * ScalarMaskedCorrection}); both split the work across the threads of the caller's {@link
 * io.facerecon.linalg.ExecutionContext}, add partial sums in a fixed order (results depend on the
 * thread count only), and keep their buffers from call to call.
 */
abstract class MaskedCorrection {
  /** Makes the correction of one side. */
  @FunctionalInterface
  interface Factory {
    /** The correction over {@code runs} for the {@code side} of a rank-{@code k} fit. */
    MaskedCorrection create(MaskRuns runs, Side side, int k);
  }

  final MaskRuns runs;
  final Side side;
  final int k;
  final int pixels;
  final int images;

  MaskedCorrection(MaskRuns runs, Side side, int k) {
    this.runs = runs;
    this.side = side;
    this.k = k;
    this.pixels = runs.pixels();
    this.images = runs.images();
  }

  /** Gets the SIMD kernels compiled ({@link VectorMaskedCorrection#warmUp}); a no-op without the Vector API. */
  static void warmUp() {
    if (VectorSupport.AVAILABLE) {
      VectorMaskedCorrection.warmUp();
    }
  }

  /**
   * The largest share of the data's entries that the runs may take ({@link MaskRuns#paddedEntries})
   * for the correction of {@link #of} to be the cheaper way to the β = 2 denominator. The dense
   * way costs two data-sized products; the SIMD kernel, per entry it touches, a little more than
   * those per entry of the data, so 0.6 keeps it ahead with a margin: masks of long runs (blocks,
   * bands, halves) take it, scattered single pixels do not. The plain kernel runs far below a
   * product's rate, so without the Vector API only masks that miss very little take it.
   */
  static double runsMaxShare() {
    return VectorSupport.AVAILABLE ? 0.6 : 0.05;
  }

  /** The fastest correction this JVM runs. */
  static MaskedCorrection of(MaskRuns runs, Side side, int k) {
    return VectorSupport.AVAILABLE ? new VectorMaskedCorrection(runs, side, k) : new ScalarMaskedCorrection(runs, side, k);
  }

  /**
   * S for the basis Wᵀ (k × pixels) and the codes H (k × images), into {@code out}: k × images
   * for the codes, k × pixels for the basis, row-major.
   */
  abstract void compute(FloatMatrix wt, FloatMatrix h, float[] out);

  /**
   * Σ over the visited entries of t_pi², each counted with the sign of its row: + where the row
   * is direct, − where it is complemented. With the rows' full sums Σ t² it gives Σ M⊙(WH)²
   * ({@link MaskedMultiplicativeUpdate#squaredError}).
   */
  abstract double signedSquares(FloatMatrix wt, FloatMatrix h);
}
