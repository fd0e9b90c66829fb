package io.facerecon.nn;

import io.facerecon.linalg.FloatMatrix;
import java.util.Arrays;

/**
 * A trainable tensor and its gradient, named as in a PyTorch {@code state_dict}
 * (e.g. {@code encoder.0.weight}).
 */
public final class Parameter {
  private final String name;
  private final int[] shape;
  private final FloatMatrix value;
  private final FloatMatrix grad;

  /** A parameter of zeros; {@code rows × cols} is how the layer uses it as a matrix. */
  Parameter(String name, int[] shape, int rows, int cols) {
    long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    if (n != (long) rows * cols) {
      throw new IllegalArgumentException(
          "parameter " + name + ": shape " + Arrays.toString(shape) + " is not " + rows + "x" + cols);
    }
    this.name = name;
    this.shape = shape.clone();
    this.value = FloatMatrix.zeros(rows, cols);
    this.grad = FloatMatrix.zeros(rows, cols);
  }

  /** The same tensors under another name (used when a layer is placed inside a container). */
  private Parameter(String name, Parameter p) {
    this.name = name;
    this.shape = p.shape;
    this.value = p.value;
    this.grad = p.grad;
  }

  /**
   * This parameter seen under {@code prefix + "." + name()}; values are shared.
   *
   * @param prefix the container's name for the layer, e.g. {@code encoder.0}
   * @return a view with the longer name
   */
  public Parameter prefixed(String prefix) {
    return new Parameter(prefix + "." + name, this);
  }

  /**
   * The name, as in PyTorch's {@code state_dict}.
   *
   * @return e.g. {@code weight} or {@code encoder.0.weight}
   */
  public String name() {
    return name;
  }

  /**
   * The tensor shape, as in PyTorch.
   *
   * @return a copy, e.g. {@code [C_out, C_in, kH, kW]} for a Conv2d weight
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Number of values.
   *
   * @return the product of the shape
   */
  public int size() {
    return value.size();
  }

  /**
   * The values (row-major in PyTorch's memory order), shared.
   *
   * @return the matrix the layer computes with
   */
  public FloatMatrix value() {
    return value;
  }

  /**
   * The gradient of the last backward pass, same layout as {@link #value()}.
   *
   * @return the matrix the layer's backward overwrites
   */
  public FloatMatrix grad() {
    return grad;
  }

  /**
   * Overwrites the values with {@code values}, given in PyTorch's memory order.
   *
   * @param values {@link #size()} values
   */
  public void set(float[] values) {
    value.setAll(values);
  }
}
