package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.linalg.FloatMatrix;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Analytic gradients against central finite differences of {@code L = Σ y·r} (r random) on small
 * random shapes, for inputs and parameters.
 */
class FiniteDifferenceTest {
  private static final double H = 1e-2;

  static Stream<Arguments> layers() {
    return Stream.of(
        Arguments.of("Conv2d k3 s2 p1", (Supplier<Layer>) () -> new Conv2d(2, 3, 3, 2, 1), new Shape(2, 5, 4)),
        Arguments.of("Conv2d k2 s1 p0", (Supplier<Layer>) () -> new Conv2d(1, 2, 2, 1, 0), new Shape(1, 4, 3)),
        Arguments.of("ConvTranspose2d k3 s2 p1 op1", (Supplier<Layer>) () -> new ConvTranspose2d(2, 2, 3, 2, 1, 1), new Shape(2, 3, 2)),
        Arguments.of("ConvTranspose2d k2 s3 p0 op2", (Supplier<Layer>) () -> new ConvTranspose2d(1, 2, 2, 3, 0, 2), new Shape(1, 2, 3)),
        Arguments.of("Conv2d with fused sigmoid", (Supplier<Layer>) () -> new Conv2d(2, 2, 3, 2, 1, Activation.SIGMOID), new Shape(2, 5, 4)),
        Arguments.of("ConvTranspose2d with fused sigmoid", (Supplier<Layer>) () -> new ConvTranspose2d(2, 2, 3, 2, 1, 1, Activation.SIGMOID), new Shape(2, 3, 2)),
        Arguments.of("Linear", (Supplier<Layer>) () -> new Linear(6, 4), new Shape(6, 1, 1)),
        Arguments.of("ReLU", (Supplier<Layer>) ReLU::new, new Shape(2, 3, 3)),
        Arguments.of("Sigmoid", (Supplier<Layer>) Sigmoid::new, new Shape(2, 3, 3)),
        Arguments.of("Crop", (Supplier<Layer>) () -> new Crop(2, 3), new Shape(2, 3, 4)),
        Arguments.of("Reshape", (Supplier<Layer>) () -> new Reshape(new Shape(3, 2, 1)), new Shape(6, 1, 1)),
        Arguments.of(
            "Sequential",
            (Supplier<Layer>) () -> Sequential.of(new Conv2d(1, 2, 3, 2, 1), new ReLU(), new ConvTranspose2d(2, 1, 3, 2, 1, 1), new Sigmoid()),
            new Shape(1, 5, 6)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void gradientsMatchFiniteDifferences(String name, Supplier<Layer> factory, Shape inputShape) {
    SplittableRandom rnd = new SplittableRandom(name.hashCode());
    Layer layer = factory.get();
    for (Parameter p : layer.parameters()) {
      float[] v = new float[p.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) rnd.nextDouble(-1, 1);
      }
      p.set(v);
    }
    int n = 2;
    Tensor x = Tensor.zeros(n, inputShape);
    for (int i = 0; i < x.size(); i++) {
      // Keep ReLU inputs away from the kink, where finite differences are meaningless.
      double v = rnd.nextDouble(0.1, 1);
      x.set(i, (float) (rnd.nextBoolean() ? v : -v));
    }
    Shape outShape = layer.outputShape(inputShape);
    float[] r = new float[n * outShape.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) rnd.nextDouble(-1, 1);
    }
    layer.forward(x);
    Tensor gx = layer.backward(Tensor.of(n, outShape, r), true);
    float[] analyticInput = gx.toArray();
    for (int i = 0; i < x.size(); i++) {
      int k = i;
      double numeric = centralDifference(() -> loss(layer.forward(x), r), v -> x.set(k, v), x.get(k));
      assertClose(analyticInput[i], numeric, name + " d/dx[" + i + "]");
    }
    for (Parameter p : layer.parameters()) {
      layer.forward(x);
      layer.backward(Tensor.of(n, outShape, r), true);
      float[] analytic = p.grad().toArray();
      FloatMatrix value = p.value();
      for (int i = 0; i < value.size(); i++) {
        int k = i;
        double numeric = centralDifference(() -> loss(layer.forward(x), r), v -> value.set(k, v), value.get(k));
        assertClose(analytic[i], numeric, name + " d/d" + p.name() + "[" + i + "]");
      }
    }
  }

  private interface Setter {
    void set(float v);
  }

  private static double centralDifference(Supplier<Double> f, Setter set, float at) {
    set.set((float) (at + H));
    double up = f.get();
    set.set((float) (at - H));
    double down = f.get();
    set.set(at);
    return (up - down) / (2 * H);
  }

  private static double loss(Tensor y, float[] r) {
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += (double) y.get(i) * r[i];
    }
    return s;
  }

  private static void assertClose(double analytic, double numeric, String what) {
    assertThat(Math.abs(analytic - numeric)).as(what + ": analytic " + analytic + " vs numeric " + numeric)
        .isLessThanOrEqualTo(2e-3 + 2e-3 * Math.abs(numeric));
  }
}
