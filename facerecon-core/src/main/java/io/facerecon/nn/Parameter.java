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

  /** This parameter seen under {@code prefix + "." + name()}; values are shared. */
  public Parameter prefixed(String prefix) {
    return new Parameter(prefix + "." + name, this);
  }

  /** The name, as in PyTorch's {@code state_dict}. */
  public String name() {
    return name;
  }

  /** The tensor shape, as in PyTorch. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of values. */
  public int size() {
    return value.size();
  }

  /** The values (row-major in PyTorch's memory order), shared. */
  public FloatMatrix value() {
    return value;
  }

  /** The gradient of the last backward pass, same layout as {@link #value()}. */
  public FloatMatrix grad() {
    return grad;
  }

  /** Overwrites the values with {@code values}, given in PyTorch's memory order. */
  public void set(float[] values) {
    value.setAll(values);
  }
}
