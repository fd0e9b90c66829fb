package io.facerecon.nn;

/** An {@link Activation} as a layer of its own. */
abstract class ActivationLayer implements Layer {
  private final Activation activation;
  private final Buffer output = new Buffer();
  private final Buffer gradInput = new Buffer();
  private Tensor lastOutput;

  ActivationLayer(Activation activation) {
    this.activation = activation;
  }

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
          System.arraycopy(x, 0, y, 0, len);
          activation.forward(y, 0, len);
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
          System.arraycopy(g, 0, out, 0, len);
          activation.backward(out, y, 0, len);
        });
    return dx;
  }
}
