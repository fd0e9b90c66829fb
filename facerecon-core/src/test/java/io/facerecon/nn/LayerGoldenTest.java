package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every layer's forward output, input gradient and weight gradients against PyTorch's. */
class LayerGoldenTest {
  private static final double RTOL = 1e-5;
  /** Through the whole model, four layers' float32 sums in different orders compound. */
  private static final double MODEL_RTOL = 1e-4;
  private static final Golden GOLDEN = Golden.load("layers.safetensors");

  static Stream<String> layerCases() {
    List<String> names = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = GOLDEN.json("cases").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String type = e.getValue().path("type").asText("");
      if (!type.isEmpty()) {
        names.add(e.getKey());
      }
    }
    return names.stream();
  }

  static Layer build(JsonNode c) {
    switch (c.get("type").asText()) {
      case "Conv2d":
        return new Conv2d(c.get("in_channels").asInt(), c.get("out_channels").asInt(), window(c), Activation.NONE);
      case "ConvTranspose2d":
        return new ConvTranspose2d(
            c.get("in_channels").asInt(), c.get("out_channels").asInt(), window(c), pair(c, "output_padding", 0),
            pair(c, "output_padding", 1), Activation.NONE);
      case "Linear":
        return new Linear(c.get("in_features").asInt(), c.get("out_features").asInt());
      case "ReLU":
        return new ReLU();
      case "Sigmoid":
        return new Sigmoid();
      case "Crop":
        return new Crop(c.get("height").asInt(), c.get("width").asInt());
      default:
        throw new IllegalArgumentException("unknown layer type " + c);
    }
  }

  /** PyTorch's kernel_size / stride / padding, each an int or an (h, w) pair. */
  private static Window window(JsonNode c) {
    return new Window(
        pair(c, "kernel_size", 0), pair(c, "kernel_size", 1), pair(c, "stride", 0), pair(c, "stride", 1),
        pair(c, "padding", 0), pair(c, "padding", 1));
  }

  private static int pair(JsonNode c, String key, int axis) {
    JsonNode v = c.get(key);
    return v.isArray() ? v.get(axis).asInt() : v.asInt();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layerCases")
  void forwardAndBackwardMatchPyTorch(String name) {
    Layer layer = build(GOLDEN.json("cases").get(name));
    for (Parameter p : layer.parameters()) {
      p.set(GOLDEN.values(name + "." + p.name()));
    }
    Tensor x = GOLDEN.tensor(name + ".x");
    Tensor y = layer.forward(x);
    assertThat(layer.outputShape(x.shape())).isEqualTo(y.shape());
    Golden.assertClose(y.toArray(), GOLDEN.values(name + ".y"), RTOL, name + " output");
    Tensor gx = layer.backward(GOLDEN.tensor(name + ".gy"), true);
    Golden.assertClose(gx.toArray(), GOLDEN.values(name + ".gx"), RTOL, name + " input gradient");
    for (Parameter p : layer.parameters()) {
      Golden.assertClose(
          p.grad().toArray(), GOLDEN.values(name + ".grad." + p.name()), RTOL, name + " " + p.name() + " gradient");
    }
  }

  @Test
  void aSecondSmallerBatchReusesBuffersAndStaysExact() {
    String name = "conv_k3s2p1";
    Layer layer = build(GOLDEN.json("cases").get(name));
    for (Parameter p : layer.parameters()) {
      p.set(GOLDEN.values(name + "." + p.name()));
    }
    Tensor x = GOLDEN.tensor(name + ".x");
    layer.forward(x);
    float[] full = layer.forward(x).toArray();
    Tensor first = layer.forward(x.samples(0, 1));
    float[] expected = Arrays.copyOf(full, first.size());
    Golden.assertClose(first.toArray(), expected, 0, "first sample alone");
  }

  @Test
  void studyModelLossAndGradientsMatchPyTorch() {
    Autoencoder ae = Autoencoder.create(Architecture.STUDY, 62, 47, 0, 0);
    for (Parameter p : ae.parameters()) {
      p.set(GOLDEN.values("study." + p.name()));
    }
    Tensor x = GOLDEN.tensor("study.x");
    Tensor y = ae.network().forward(x);
    Golden.assertClose(y.toArray(), GOLDEN.values("study.y"), RTOL, "study output");
    MSELoss loss = new MSELoss();
    double l = loss.forward(y, x);
    assertThat(l).isCloseTo(GOLDEN.json("cases").get("study").get("loss").asDouble(), withPercentage(1e-3));
    ae.network().backward(loss.backward(), false);
    for (Parameter p : ae.parameters()) {
      Golden.assertClose(p.grad().toArray(), GOLDEN.values("study.grad." + p.name()), MODEL_RTOL, "study " + p.name() + " gradient");
    }
  }
}
