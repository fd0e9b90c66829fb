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
   * @param input the shape of one input sample
   * @return the shape of one output sample
   * @throws IllegalArgumentException if the layer cannot take such input
   */
  Shape outputShape(Shape input);

  /**
   * Computes the output for {@code input} and remembers what backward needs.
   *
   * @param input a batch of samples
   * @return the output batch, owned by the layer: valid until its next forward
   */
  Tensor forward(Tensor input);

  /**
   * Sets the parameter gradients (overwriting earlier ones) and returns the gradient with respect
   * to the last forward's input.
   *
   * @param gradOutput ∂L/∂y for the last forward's output y, same shape
   * @param needInputGradient false for a network's first layer, which then skips computing ∂L/∂x
   * @return ∂L/∂x for the last forward's input x, owned by the layer; {@code null} when
   *     {@code needInputGradient} is false
   */
  Tensor backward(Tensor gradOutput, boolean needInputGradient);

  /**
   * The trainable parameters, in PyTorch's registration order.
   *
   * @return the parameters, none by default
   */
  default List<Parameter> parameters() {
    return List.of();
  }
}
