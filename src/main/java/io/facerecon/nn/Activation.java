package io.facerecon.nn;

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
        // Branch-free mask: y ≥ 0, so y > 0 (or NaN) exactly when its bits are non-zero.
        int bits = Float.floatToRawIntBits(y[i]);
        int mask = (bits | -bits) >> 31;
        g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & mask);
      }
    }
  },
  /** {@code 1 / (1 + e^(−x))}; its derivative is {@code y(1 − y)}. */
  SIGMOID {
    @Override
    void forward(float[] x, int from, int to) {
      for (int i = from; i < to; i++) {
        x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
      }
    }

    @Override
    void backward(float[] g, float[] y, int from, int to) {
      for (int i = from; i < to; i++) {
        g[i] = g[i] * (1f - y[i]) * y[i];
      }
    }
  };

  /** Replaces {@code x[from … to)} by the activation of it. */
  abstract void forward(float[] x, int from, int to);

  /**
   * Turns the gradient with respect to the output {@code g[from … to)} into the gradient with
   * respect to the input, given the output {@code y}.
   */
  abstract void backward(float[] g, float[] y, int from, int to);

  /** How PyTorch would write this activation after a layer. */
  String suffix() {
    return this == NONE ? "" : ", " + name().toLowerCase(java.util.Locale.ROOT);
  }
}
