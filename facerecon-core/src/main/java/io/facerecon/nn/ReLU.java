package io.facerecon.nn;

/** {@code max(x, 0)}, as PyTorch's {@code nn.ReLU}; the gradient passes where the output is > 0. */
public final class ReLU extends ActivationLayer {
  /** A ReLU layer. */
  public ReLU() {
    super(Activation.RELU);
  }

  @Override
  public String toString() {
    return "ReLU()";
  }
}
