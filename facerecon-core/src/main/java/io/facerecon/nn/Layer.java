package io.facerecon.nn;

import java.util.List;

/**
 * A differentiable layer: forward maps a batch to a batch; backward maps the gradient of the loss
 * with respect to the output to the gradient with respect to the input and sets the gradients of
 * the layer's parameters.
 *
 * <p>A layer owns its output and gradient buffers and reuses them from batch to batch (allocating
 * off-heap memory is slow), so a returned tensor is valid until the next call on the layer. Call
 * {@link #backward} after the {@link #forward} whose result it differentiates.
 */
public interface Layer {
  /**
   * The shape of one output sample for an input sample of {@code input}.
   *
   * @throws IllegalArgumentException if the layer cannot take such input
   */
  Shape outputShape(Shape input);

  /** Computes the output for {@code input} and remembers what backward needs. */
  Tensor forward(Tensor input);

  /**
   * Sets the parameter gradients (overwriting earlier ones) and returns the gradient with respect
   * to the last forward's input, or {@code null} when {@code needInputGradient} is false.
   */
  Tensor backward(Tensor gradOutput, boolean needInputGradient);

  /** The trainable parameters, in PyTorch's registration order. */
  default List<Parameter> parameters() {
    return List.of();
  }
}
