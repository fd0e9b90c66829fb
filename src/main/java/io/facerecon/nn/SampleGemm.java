package io.facerecon.nn;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;

/**
 * The pieces the convolutions share around their per-sample GEMMs: the GEMM over each sample of an
 * NCHW tensor, the bias and activation passes, and the weight gradient summed over samples.
 */
final class SampleGemm {
  private SampleGemm() {}

  /** Sample {@code b} of {@code t} as a {@code channels × plane} matrix (shared memory). */
  static FloatMatrix sample(Tensor t, int b) {
    Shape s = t.shape();
    return t.matrix().view(b * s.size(), s.channels(), s.plane());
  }

  /** Block {@code b} of {@code k} rows of a stacked per-sample matrix (shared memory). */
  static FloatMatrix block(FloatMatrix stacked, int b, int k) {
    return stacked.view(b * k * stacked.cols(), k, stacked.cols());
  }

  /** Adds {@code bias[c]} to every value of channel {@code c} of {@code t}, then applies {@code act}. */
  static void biasAndActivation(Tensor t, float[] bias, Activation act) {
    int channels = t.shape().channels();
    int plane = t.shape().plane();
    Loops.forRange(
        t.n() * channels,
        (from, to) -> {
          float[] run = new float[plane];
          for (int q = from; q < to; q++) {
            t.buffer().get(t.offset() + q * plane, run);
            float v = bias[q % channels];
            for (int i = 0; i < plane; i++) {
              run[i] += v;
            }
            act.forward(run, 0, plane);
            t.buffer().put(t.offset() + q * plane, run);
          }
        });
  }

  /**
   * The gradient with respect to an activation's input from {@code g}, the gradient with respect to
   * its output {@code y}, written to {@code out} ({@code g} itself when the activation is the
   * identity); {@code sums[c]} receives the sum of channel {@code c} of it (a bias gradient),
   * accumulated in double in a fixed order.
   */
  static Tensor activationGradient(Tensor g, Tensor y, Activation act, Buffer out, FloatMatrix sums) {
    int n = g.n();
    int channels = g.shape().channels();
    int plane = g.shape().plane();
    Tensor d = act == Activation.NONE ? g : out.tensor(n, g.shape());
    double[] partial = new double[n * channels];
    Loops.forRange(
        n * channels,
        (from, to) -> {
          float[] run = new float[plane];
          float[] outputs = new float[plane];
          for (int q = from; q < to; q++) {
            g.buffer().get(g.offset() + q * plane, run);
            if (act != Activation.NONE) {
              y.buffer().get(y.offset() + q * plane, outputs);
              act.backward(run, outputs, 0, plane);
              d.buffer().put(d.offset() + q * plane, run);
            }
            partial[q] = sum(run, plane);
          }
        });
    reduceOverSamples(partial, n, channels, sums);
    return d;
  }

  /**
   * The sum of {@code a[0 … length)} in double. Eight running sums, added in a fixed order at the
   * end, keep the adder busy: one sum waits for each previous addition and ran three times slower.
   */
  static double sum(float[] a, int length) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
      s4 += a[i + 4];
      s5 += a[i + 5];
      s6 += a[i + 6];
      s7 += a[i + 7];
    }
    for (; i < length; i++) {
      s0 += a[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** {@code sums[c] = Σ_b partial[b·C + c]}, in sample order. */
  static void reduceOverSamples(double[] partial, int n, int channels, FloatMatrix sums) {
    for (int c = 0; c < channels; c++) {
      double s = 0;
      for (int b = 0; b < n; b++) {
        s += partial[b * channels + c];
      }
      sums.set(c, (float) s);
    }
  }

  /**
   * Adds sample {@code b}'s share {@code a_b · cols_bᵀ} to a weight gradient (C × K), from the
   * sample {@code a_b} (C × P) and its column matrix {@code cols_b} (K × P); sample 0 overwrites.
   * When K > C it sums {@code cols_b · a_bᵀ} (K × C) in {@code scratch} instead, turned around by
   * {@link #finishWeightGradient}: OpenBLAS runs the tall product about 1.6 times faster here than
   * the wide one; for the 1-channel layers (K = 9) the direct product is faster.
   */
  static void accumulateWeightGradient(FloatMatrix a, FloatMatrix cols, int b, Buffer scratch, FloatMatrix grad) {
    float beta = b == 0 ? 0f : 1f;
    if (cols.rows() > a.rows()) {
      Blas.gemm(false, true, 1f, cols, a, beta, scratch.matrix(cols.rows(), a.rows()));
    } else {
      Blas.gemm(false, true, 1f, a, cols, beta, grad);
    }
  }

  /** Completes a weight gradient summed by {@link #accumulateWeightGradient}. */
  static void finishWeightGradient(int k, int channels, Buffer scratch, FloatMatrix grad) {
    if (k <= channels) {
      return;
    }
    float[] v = scratch.matrix(k, channels).toArray();
    float[] out = new float[v.length];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < channels; j++) {
        out[j * k + i] = v[i * channels + j];
      }
    }
    grad.setAll(out);
  }
}
