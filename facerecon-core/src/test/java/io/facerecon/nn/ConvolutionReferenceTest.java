package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Conv2d} and {@link ConvTranspose2d}, forward and backward through the {@link Layer} API,
 * against {@link NaiveConvolution}'s plain loops in double: on the kernels this JVM runs (the SIMD
 * ones with the Vector API) and on {@link ScalarPatchKernels}, over 1 to 32 channels, odd and even
 * sizes, square and rectangular windows, strides 1 to 3, padding 0 to 2, output padding, batches
 * of 1 to 5 and each fused activation.
 */
class ConvolutionReferenceTest {
  /** Relative to the value, plus a hundredth of the array's largest (sums that cancel). */
  private static final double RTOL = 1e-4;

  /** Columns: batch, C_in, C_out, H, W, kH, kW, s_h, s_w, p_h, p_w, op_h, op_w, activation. */
  static Stream<Arguments> geometries() {
    return Stream.of(
        Arguments.of(1, 1, 1, 5, 5, 3, 3, 1, 1, 0, 0, 0, 0, Activation.NONE),
        Arguments.of(2, 1, 16, 8, 7, 3, 3, 2, 2, 1, 1, 1, 1, Activation.NONE),
        Arguments.of(3, 16, 32, 16, 12, 3, 3, 2, 2, 1, 1, 1, 1, Activation.RELU),
        Arguments.of(5, 3, 5, 9, 10, 3, 3, 1, 1, 1, 1, 0, 0, Activation.NONE),
        Arguments.of(4, 32, 16, 6, 5, 3, 3, 2, 2, 1, 1, 0, 1, Activation.NONE),
        Arguments.of(2, 16, 1, 11, 8, 3, 3, 2, 2, 1, 1, 1, 1, Activation.SIGMOID),
        Arguments.of(1, 7, 9, 12, 13, 2, 2, 2, 2, 0, 0, 1, 0, Activation.NONE),
        Arguments.of(3, 4, 6, 10, 9, 4, 4, 2, 2, 1, 1, 1, 0, Activation.RELU),
        Arguments.of(2, 5, 3, 7, 6, 1, 1, 2, 2, 0, 0, 1, 1, Activation.NONE),
        Arguments.of(5, 2, 4, 13, 11, 5, 3, 3, 2, 2, 1, 2, 1, Activation.SIGMOID),
        Arguments.of(1, 32, 32, 8, 8, 3, 3, 1, 1, 0, 0, 0, 0, Activation.NONE),
        Arguments.of(4, 8, 8, 15, 14, 3, 2, 1, 2, 0, 1, 0, 1, Activation.RELU));
  }

  @ParameterizedTest(name = "Conv2d batch {0}, {1}->{2} channels, {3}x{4}, kernel {5}x{6}, stride {7}x{8}, padding {9}x{10}, {13}")
  @MethodSource("geometries")
  void conv2dMatchesTheLoops(
      int batch, int cin, int cout, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oph, int opw,
      Activation act) {
    Window window = new Window(kh, kw, sh, sw, ph, pw);
    NaiveConvolution.Geometry g = new NaiveConvolution.Geometry(batch, cin, cout, h, w, window, 0, 0);
    SplittableRandom random = new SplittableRandom(31L * batch + 7L * cin + cout + 1000L * h + w);
    float[] x = values(random, batch * cin * h * w);
    float[] weight = values(random, cout * cin * kh * kw);
    float[] bias = values(random, cout);
    Shape outShape = new Shape(cout, g.convHeight(), g.convWidth());
    float[] gy = values(random, batch * outShape.size());

    double[] y = NaiveConvolution.activate(act, NaiveConvolution.conv2d(g, doubles(x), doubles(weight), doubles(bias)));
    NaiveConvolution.Gradients expected = NaiveConvolution.conv2dBackward(
        g, doubles(x), doubles(weight), NaiveConvolution.activationGradient(act, doubles(gy), y));

    for (PatchKernels kernels : kernelChoices()) {
      Conv2d layer = new Conv2d(cin, cout, window, act);
      String what = "Conv2d on " + (kernels == null ? "default" : kernels.getClass().getSimpleName()) + " kernels ";
      check(layer, kernels, Tensor.of(batch, new Shape(cin, h, w), x), weight, bias, outShape, gy, y, expected, what);
    }
  }

  @ParameterizedTest(name = "ConvTranspose2d batch {0}, {1}->{2} channels, {3}x{4}, kernel {5}x{6}, stride {7}x{8}, padding {9}x{10}, output padding {11}x{12}, {13}")
  @MethodSource("geometries")
  void convTranspose2dMatchesTheLoops(
      int batch, int cin, int cout, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oph, int opw,
      Activation act) {
    Window window = new Window(kh, kw, sh, sw, ph, pw);
    NaiveConvolution.Geometry g = new NaiveConvolution.Geometry(batch, cin, cout, h, w, window, oph, opw);
    SplittableRandom random = new SplittableRandom(17L * batch + 5L * cin + cout + 1000L * h + w);
    float[] x = values(random, batch * cin * h * w);
    float[] weight = values(random, cin * cout * kh * kw);
    float[] bias = values(random, cout);
    Shape outShape = new Shape(cout, g.transposedHeight(), g.transposedWidth());
    float[] gy = values(random, batch * outShape.size());

    double[] y = NaiveConvolution.activate(
        act, NaiveConvolution.convTranspose2d(g, doubles(x), doubles(weight), doubles(bias)));
    NaiveConvolution.Gradients expected = NaiveConvolution.convTranspose2dBackward(
        g, doubles(x), doubles(weight), NaiveConvolution.activationGradient(act, doubles(gy), y));

    for (PatchKernels kernels : kernelChoices()) {
      ConvTranspose2d layer = new ConvTranspose2d(cin, cout, window, oph, opw, act);
      String what = "ConvTranspose2d on " + (kernels == null ? "default" : kernels.getClass().getSimpleName())
          + " kernels ";
      check(layer, kernels, Tensor.of(batch, new Shape(cin, h, w), x), weight, bias, outShape, gy, y, expected, what);
    }
  }

  @Test
  void transposedBiasGradientCountsPixelsNoTapReaches() {
    // Kernel 2, stride 2, output padding 1: the last output row is the bias alone, 25 rows in all.
    for (PatchKernels kernels : kernelChoices()) {
      ConvTranspose2d layer = new ConvTranspose2d(1, 2, new Window(2, 2, 2, 2, 0, 0), 1, 0, Activation.NONE);
      if (kernels != null) {
        layer.useKernels(kernels);
      }
      Tensor x = Tensor.zeros(2, new Shape(1, 12, 13));
      Shape outShape = layer.outputShape(x.shape());
      assertThat(outShape).isEqualTo(new Shape(2, 25, 26));
      layer.forward(x);
      float[] ones = new float[2 * outShape.size()];
      java.util.Arrays.fill(ones, 1f);
      layer.backward(Tensor.of(2, outShape, ones), false);
      assertThat(layer.bias.grad().toArray()).containsExactly(2 * 25 * 26, 2 * 25 * 26);
    }
  }

  /** The JVM's kernels (null: the layer's default), then the plain ones. */
  private static List<PatchKernels> kernelChoices() {
    List<PatchKernels> choices = new ArrayList<>();
    choices.add(null);
    choices.add(new ScalarPatchKernels());
    return choices;
  }

  /**
   * Runs forward and backward twice (the second time on buffers the first left behind) and
   * compares the output and the three gradients.
   */
  private static void check(
      PatchConvolution layer, PatchKernels kernels, Tensor x, float[] weight, float[] bias, Shape outShape,
      float[] gy, double[] y, NaiveConvolution.Gradients expected, String what) {
    if (kernels != null) {
      layer.useKernels(kernels);
    }
    layer.weight.set(weight);
    layer.bias.set(bias);
    assertThat(layer.outputShape(x.shape())).as(what + "output shape").isEqualTo(outShape);
    for (int round = 0; round < 2; round++) {
      Tensor out = layer.forward(x);
      assertThat(out.shape()).as(what + "output shape").isEqualTo(outShape);
      Golden.assertClose(out.toArray(), y, RTOL, what + "output");
      Tensor dx = layer.backward(Tensor.of(x.n(), outShape, gy), true);
      assertThat(dx.shape()).as(what + "input gradient shape").isEqualTo(x.shape());
      Golden.assertClose(dx.toArray(), expected.dx(), RTOL, what + "input gradient");
      Golden.assertClose(layer.weight.grad().toArray(), expected.dw(), RTOL, what + "weight gradient");
      Golden.assertClose(layer.bias.grad().toArray(), expected.db(), RTOL, what + "bias gradient");
    }
    // Without the input gradient the parameter gradients are the same.
    layer.forward(x);
    assertThat(layer.backward(Tensor.of(x.n(), outShape, gy), false)).isNull();
    Golden.assertClose(layer.weight.grad().toArray(), expected.dw(), RTOL, what + "weight gradient (no input gradient)");
    Golden.assertClose(layer.bias.grad().toArray(), expected.db(), RTOL, what + "bias gradient (no input gradient)");
  }

  private static float[] values(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(-1, 1);
    }
    return v;
  }

  private static double[] doubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
