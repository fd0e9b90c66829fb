package io.facerecon.nn;

import java.util.Locale;

/**
 * Element-wise activations that a convolution can apply to its own output while the values are in
 * cache, instead of in a separate pass over memory: {@code conv(..., RELU)} computes exactly
 * {@code relu(conv(...))}. The backward kernels take the activation's output, as PyTorch's do.
 */
public enum Activation {
  /** The identity. */
  NONE {
    @Override
    void forward(float[] x, int from, int to) {}

    @Override
    void backward(float[] g, float[] y, int from, int to) {}
  },
  /** {@code max(x, 0)}; the gradient passes where the output is > 0. */
  RELU {
    @Override
    void forward(float[] x, int from, int to) {
      for (int i = from; i < to; i++) {
        x[i] = Math.max(x[i], 0f); // branch-free; NaN stays NaN as in PyTorch
      }
    }

    @Override
    void backward(float[] g, float[] y, int from, int to) {
      for (int i = from; i < to; i++) {
        // y ≥ 0, so min(y·2²⁵², 1) is exactly 1 where y > 0 (even for the smallest subnormal) and
        // 0 where y = 0: a mask the JIT turns into vector instructions, which comparisons or bit
        // tricks are not. Finite gradients pass or become zero exactly.
        g[i] = g[i] * Math.min(y[i] * 0x1p126f * 0x1p126f, 1f);
      }
    }
  },
  /** {@code 1 / (1 + e^(−x))}; its derivative is {@code y(1 − y)}. */
  SIGMOID {
    @Override
    void forward(float[] x, int from, int to) {
      PatchKernels.instance().sigmoid(x, from, to);
    }

    @Override
    void backward(float[] g, float[] y, int from, int to) {
      for (int i = from; i < to; i++) {
        g[i] = g[i] * (1f - y[i]) * y[i];
      }
    }
  };

  static final float LOG2E = 1.44269504f;
  static final float LN2_HI = 0.693359375f; // ln 2 split so that n·LN2_HI is exact
  static final float LN2_LO = -2.12194440e-4f;
  static final float ROUND = 12582912f; // 1.5·2^23: adding it rounds to an integer

  /**
   * e^x in float, within a few ulp: e^x = 2^n · e^r with n = round(x·log₂e) and
   * r = x − n·ln 2 (Cody–Waite, |r| ≤ ½ ln 2), e^r by a degree-6 Taylor polynomial (truncation
   * ≈ 1.2e-7 relative). Several times faster than {@code Math.exp} in double; NaN stays NaN, large
   * |x| saturates to 0 or +∞.
   */
  static float exp(float x) {
    if (x != x) {
      return x;
    }
    if (x > 88.7f) {
      return Float.POSITIVE_INFINITY;
    }
    if (x < -87.3f) {
      return 0f; // below the smallest normal float
    }
    float n = (x * LOG2E + ROUND) - ROUND;
    float r = (x - n * LN2_HI) - n * LN2_LO;
    float p = 1.3888889e-3f;
    p = p * r + 8.3333333e-3f;
    p = p * r + 4.1666667e-2f;
    p = p * r + 1.6666667e-1f;
    p = p * r + 0.5f;
    p = p * r + 1f;
    p = p * r + 1f;
    return p * Float.intBitsToFloat(((int) n + 127) << 23);
  }

  /** Replaces {@code x[from … to)} by the activation of it. */
  abstract void forward(float[] x, int from, int to);

  /**
   * Turns the gradient with respect to the output {@code g[from … to)} into the gradient with
   * respect to the input, given the output {@code y}.
   */
  abstract void backward(float[] g, float[] y, int from, int to);

  /** How PyTorch would write this activation after a layer. */
  String suffix() {
    return this == NONE ? "" : ", " + name().toLowerCase(Locale.ROOT);
  }
}
