package io.facerecon.nn;

/**
 * Sees each sample with another shape of the same size, without copying; PyTorch's
 * {@code nn.Unflatten} (and, with a vector shape, {@code nn.Flatten}).
 */
public final class Reshape implements Layer {
  private final Shape target;
  private Shape inputShape;

  /**
   * Reshapes every sample to {@code target}.
   *
   * @param target the output shape, of the input's size
   */
  public Reshape(Shape target) {
    this.target = target;
  }

  /**
   * PyTorch's {@code nn.Flatten()}: each sample becomes a flat vector.
   *
   * @param input the shape of the samples it will take
   * @return a reshape to {@code input.size() × 1 × 1}
   */
  public static Reshape flatten(Shape input) {
    return new Reshape(Shape.vector(input.size()));
  }

  @Override
  public Shape outputShape(Shape input) {
    if (input.size() != target.size()) {
      throw new IllegalArgumentException(
          "cannot reshape samples of " + input + " (" + input.size() + " values) to " + target);
    }
    return target;
  }

  @Override
  public Tensor forward(Tensor input) {
    outputShape(input.shape());
    inputShape = input.shape();
    return input.reshape(target);
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    return needInputGradient ? gradOutput.reshape(inputShape) : null;
  }

  @Override
  public String toString() {
    return "Reshape(" + target + ")";
  }
}
