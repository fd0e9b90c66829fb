package io.facerecon.nn;

import io.facerecon.linalg.VectorSupport;

/**
 * The compute kernels of the convolution layers: the products of a patch convolution, on float arrays whose rows start at given offsets, so that
 * kernel taps read their runs straight from the phase sequences of an image ({@link ConvGeometry})
 * with no column matrix in between, and the sigmoid of a decoder's output. Every row is {@code width} long, a multiple of
 * {@link #lanes()}; arrays must hold that many values past each row start.
 *
 * <p>{@link #instance()} is the SIMD version when the JVM runs with the Vector API, a plain one
 * otherwise. Results depend only on the inputs, not on timing or threads.
 */
abstract class PatchKernels {
  /** The kernels this JVM runs. */
  static PatchKernels instance() {
    return Instance.KERNELS;
  }

  /**
   * Holds the instance outside this class: were it a constant here, a subclass initialised first
   * (a test creating one) would initialise this class, which would create the subclass again
   * before the subclass's own constants were set.
   */
  private static final class Instance {
    static final PatchKernels KERNELS = VectorSupport.AVAILABLE ? new VectorPatchKernels() : new ScalarPatchKernels();
  }

  /** Row widths must be a multiple of this. */
  abstract int lanes();

  /**
   * For each row r of {@code a}: {@code dst[dstBase + dstRows[r] + p] += Σ_k a(r, k) ·
   * src[srcBase + srcRows[k] + p]} for p in {@code [0, width)}. Rows are added in order, so
   * destination rows may overlap.
   */
  abstract void multiply(
      PackedRows a, float[] src, int[] srcRows, int srcBase, float[] dst, int[] dstRows, int dstBase, int width);

  /**
   * {@code g[i·sRows.length + j] += Σ_b Σ_p f[b·fStride + fRows[i] + p] · s[b·sStride + sRows[j] + p]}
   * over samples b in {@code [0, samples)} and p in {@code [0, width)}: the weight gradient of a
   * patch convolution from the feature-side gradient rows and the image-side sequences.
   */
  abstract void correlate(
      float[] f, int[] fRows, int fStride, float[] s, int[] sRows, int sStride, int samples, int width,
      float[] g);

  /**
   * {@code out[i] = Σ_b Σ_p a[b·stride + rows[i] + p]} over samples b in {@code [0, samples)} and p
   * in {@code [0, width)}: a bias gradient, from the planes of the output gradient.
   */
  abstract void rowSums(float[] a, int[] rows, int stride, int samples, int width, float[] out);

  /**
   * Copies {@code rows} rows of {@code length} values from {@code src} (rows {@code srcStride}
   * apart) to {@code dst} (rows {@code dstStride} apart), in order; the rows must not overlap. Up to
   * {@code lanes() − length} values of {@code dst} after each row may be overwritten with other
   * values of {@code src}: a later row, or the caller, must write them again.
   */
  abstract void copyRows(float[] src, int srcStart, int srcStride, float[] dst, int dstStart, int dstStride, int rows,
      int length);

  /** Replaces {@code x[from … to)} by {@code 1 / (1 + e^(−x))}, with {@link Activation#exp}'s formula. */
  abstract void sigmoid(float[] x, int from, int to);

  /** {@code width} rounded up to whole rows of {@link #lanes()} values. */
  final int paddedWidth(int width) {
    int l = lanes();
    return (width + l - 1) / l * l;
  }
}
