package io.facerecon.nn;

/** {@code 1 / (1 + e^(−x))}, as PyTorch's {@code nn.Sigmoid}; its derivative is {@code y(1 − y)}. */
public final class Sigmoid extends ActivationLayer {
  /** A sigmoid layer. */
  public Sigmoid() {
    super(Activation.SIGMOID);
  }

  @Override
  public String toString() {
    return "Sigmoid()";
  }
}
