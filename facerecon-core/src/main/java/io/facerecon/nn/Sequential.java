package io.facerecon.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied one after the other, as PyTorch's {@code nn.Sequential}; each child is named (by
 * default its index), and parameter names are prefixed with it ({@code 0.weight},
 * {@code encoder.2.bias}).
 */
public final class Sequential implements Layer {
  private final List<String> names;
  private final List<Layer> layers;

  private Sequential(List<String> names, List<Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("Sequential needs at least one layer");
    }
    this.names = List.copyOf(names);
    this.layers = List.copyOf(layers);
  }

  /**
   * Layers named 0, 1, 2, … as in PyTorch.
   *
   * @param layers at least one layer, in order
   * @return the container
   */
  public static Sequential of(Layer... layers) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      names.add(Integer.toString(i));
    }
    return new Sequential(names, List.of(layers));
  }

  /**
   * Layers with the given names, in order.
   *
   * @param names one name per layer, the prefix of its parameters' names
   * @param layers at least one layer, in order
   * @return the container
   */
  public static Sequential named(List<String> names, List<Layer> layers) {
    if (names.size() != layers.size()) {
      throw new IllegalArgumentException(names.size() + " names for " + layers.size() + " layers");
    }
    return new Sequential(names, layers);
  }

  /**
   * The child layers, in order.
   *
   * @return an unmodifiable list
   */
  public List<Layer> layers() {
    return layers;
  }

  /**
   * The child names, in order.
   *
   * @return an unmodifiable list
   */
  public List<String> names() {
    return names;
  }

  @Override
  public Shape outputShape(Shape input) {
    Shape s = input;
    for (Layer layer : layers) {
      s = layer.outputShape(s);
    }
    return s;
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (int i = 0; i < layers.size(); i++) {
      x = layers.get(i).forward(x);
    }
    return x;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    Tensor g = gradOutput;
    for (int i = layers.size() - 1; i >= 0; i--) {
      g = layers.get(i).backward(g, i > 0 || needInputGradient);
    }
    return g;
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Parameter p : layers.get(i).parameters()) {
        all.add(p.prefixed(names.get(i)));
      }
    }
    return all;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Sequential(");
    for (int i = 0; i < layers.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(layers.get(i));
    }
    return sb.append(')').toString();
  }
}
