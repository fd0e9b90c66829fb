package io.facerecon.nn;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Three Adam steps against {@code torch.optim.Adam}, with and without weight decay. */
class AdamGoldenTest {
  private static final Golden GOLDEN = Golden.load("layers.safetensors");

  @ParameterizedTest
  @ValueSource(strings = {"adam", "adam_wd"})
  void stepsMatchPyTorch(String name) {
    Parameter a = new Parameter("a", new int[] {4, 3}, 4, 3);
    Parameter b = new Parameter("b", new int[] {5}, 1, 5);
    a.set(GOLDEN.values(name + ".a.0"));
    b.set(GOLDEN.values(name + ".b.0"));
    double wd = GOLDEN.json("cases").get(name).get("weight_decay").asDouble();
    Adam adam = new Adam(List.of(a, b), new Adam.Settings(0.01, 0.9, 0.999, 1e-8, wd));
    for (int step = 1; step <= 3; step++) {
      a.grad().setAll(GOLDEN.values(name + ".grad.a." + step));
      b.grad().setAll(GOLDEN.values(name + ".grad.b." + step));
      adam.step();
      Golden.assertClose(a.value().toArray(), GOLDEN.values(name + ".a." + step), 1e-6, name + " a step " + step);
      Golden.assertClose(b.value().toArray(), GOLDEN.values(name + ".b." + step), 1e-6, name + " b step " + step);
    }
  }
}
