package io.facerecon.nn;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import java.util.List;

/**
 * 2-D convolution as PyTorch's {@code nn.Conv2d} (groups 1, dilation 1, zero padding): weight
 * {@code [C_out, C_in, kH, kW]}, bias {@code [C_out]}.
 *
 * <p>Each sample is one GEMM, {@code Y_b (C_out × P) = W (C_out × C_in·kH·kW) · cols_b}, where
 * {@code cols_b} holds the sample's input patches (im2col) and {@code Y_b} is the sample's NCHW
 * output. Backward reuses the columns: {@code dW = Σ_b dY_b · cols_bᵀ} and
 * {@code dcols_b = Wᵀ · dY_b}, folded back into images (col2im).
 *
 * <p>An {@link Activation} may be fused in: it is applied while the GEMM result is copied into
 * the output, saving a pass over memory.
 */
public final class Conv2d implements Layer {
  private final int inChannels;
  private final int outChannels;
  private final Window window;
  private final Activation activation;
  private final Parameter weight;
  private final Parameter bias;
  private final Buffer cols = new Buffer();
  private final Buffer output = new Buffer();
  private final Buffer gradPreActivation = new Buffer();
  private final Buffer gradCols = new Buffer();
  private final Buffer gradWeightTransposed = new Buffer();
  private final Buffer gradInput = new Buffer();
  private ConvGeometry geometry;
  private Shape inputShape;
  private FloatMatrix lastCols;
  private Tensor lastOutput;

  /** A convolution with a square kernel, the same stride and padding on both axes; zero weights. */
  public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
    this(inChannels, outChannels, kernel, stride, padding, Activation.NONE);
  }

  /** A convolution followed by {@code activation}, computed in one pass; zero weights. */
  public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, Activation activation) {
    this(inChannels, outChannels, Window.square(kernel, stride, padding), activation);
  }

  /** A convolution with any kernel size, stride and padding per axis, then {@code activation}; zero weights. */
  public Conv2d(int inChannels, int outChannels, Window window, Activation activation) {
    if (inChannels < 1 || outChannels < 1) {
      throw new IllegalArgumentException(
          "Conv2d needs at least one input and output channel, got " + inChannels + ", " + outChannels);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.window = window;
    this.activation = activation;
    int k = inChannels * window.kernelH() * window.kernelW();
    this.weight = new Parameter(
        "weight", new int[] {outChannels, inChannels, window.kernelH(), window.kernelW()}, outChannels, k);
    this.bias = new Parameter("bias", new int[] {outChannels}, 1, outChannels);
  }

  /** PyTorch's default initialisation; the fan-in is {@code C_in·kH·kW}. */
  public Conv2d initialise(Init init) {
    int fanIn = inChannels * window.kernelH() * window.kernelW();
    init.kaimingUniform(weight, fanIn);
    init.biasUniform(bias, fanIn);
    return this;
  }

  @Override
  public Shape outputShape(Shape input) {
    ConvGeometry g = geometryFor(input);
    return new Shape(outChannels, g.outH, g.outW);
  }

  private ConvGeometry geometryFor(Shape input) {
    if (input.channels() != inChannels) {
      throw new IllegalArgumentException(
          "Conv2d expects " + inChannels + " input channels, got " + input.channels());
    }
    if (geometry == null || !input.equals(inputShape)) {
      geometry = window.over(inChannels, input.height(), input.width());
      inputShape = input;
    }
    return geometry;
  }

  @Override
  public Tensor forward(Tensor input) {
    ConvGeometry g = geometryFor(input.shape());
    int n = input.n();
    int k = g.rows();
    FloatMatrix c = cols.matrix(n * k, g.outPlane());
    Tensor out = output.tensor(n, new Shape(outChannels, g.outH, g.outW));
    // Sample by sample, so each GEMM reads its columns while they are still in cache.
    for (int b = 0; b < n; b++) {
      FloatMatrix cb = SampleGemm.block(c, b, k);
      g.im2col(input.samples(b, b + 1), cb);
      Blas.gemm(false, false, 1f, weight.value(), cb, 0f, SampleGemm.sample(out, b));
    }
    SampleGemm.biasAndActivation(out, bias.value().toArray(), activation);
    lastCols = c;
    lastOutput = out;
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    ConvGeometry g = geometry;
    int n = gradOutput.n();
    int k = g.rows();
    Tensor dy = SampleGemm.activationGradient(gradOutput, lastOutput, activation, gradPreActivation, bias.grad());
    Tensor dx = needInputGradient ? gradInput.tensor(n, inputShape) : null;
    FloatMatrix dc = gradCols.matrix(k, g.outPlane());
    for (int b = 0; b < n; b++) {
      FloatMatrix dyb = SampleGemm.sample(dy, b);
      SampleGemm.accumulateWeightGradient(dyb, SampleGemm.block(lastCols, b, k), b, gradWeightTransposed, weight.grad());
      if (dx != null) {
        Blas.gemm(true, false, 1f, weight.value(), dyb, 0f, dc);
        g.col2im(dc, dx.samples(b, b + 1), null, Activation.NONE);
      }
    }
    SampleGemm.finishWeightGradient(k, outChannels, gradWeightTransposed, weight.grad());
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  @Override
  public String toString() {
    return "Conv2d(" + inChannels + ", " + outChannels + ", " + window + ")" + activation.suffix();
  }
}
