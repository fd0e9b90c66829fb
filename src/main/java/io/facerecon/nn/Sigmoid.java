package io.facerecon.nn;

/** {@code 1 / (1 + e^(−x))}, as PyTorch's {@code nn.Sigmoid}; its derivative is {@code y(1 − y)}. */
public final class Sigmoid implements Layer {
  private final Buffer output = new Buffer();
  private final Buffer gradInput = new Buffer();
  private Tensor lastOutput;

  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor out = output.tensor(input.n(), input.shape());
    Elementwise.apply(
        input,
        null,
        out,
        (x, unused, y, len) -> {
          for (int i = 0; i < len; i++) {
            y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
          }
        });
    lastOutput = out;
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    if (!needInputGradient) {
      return null;
    }
    Tensor dx = gradInput.tensor(gradOutput.n(), gradOutput.shape());
    Elementwise.apply(
        gradOutput,
        lastOutput,
        dx,
        (g, y, out, len) -> {
          for (int i = 0; i < len; i++) {
            out[i] = g[i] * (1f - y[i]) * y[i];
          }
        });
    return dx;
  }

  @Override
  public String toString() {
    return "Sigmoid()";
  }
}
