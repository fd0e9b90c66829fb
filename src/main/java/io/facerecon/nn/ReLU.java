package io.facerecon.nn;

/** {@code max(x, 0)}, as PyTorch's {@code nn.ReLU}; the gradient passes where the output is > 0. */
public final class ReLU implements Layer {
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
            y[i] = x[i] > 0f ? x[i] : (x[i] == x[i] ? 0f : x[i]);
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
            out[i] = y[i] > 0f ? g[i] : 0f;
          }
        });
    return dx;
  }

  @Override
  public String toString() {
    return "ReLU()";
  }
}
