package io.facerecon.nn;

import io.facerecon.linalg.FloatMatrix;

/**
 * 2-D convolution as PyTorch's {@code nn.Conv2d} (groups 1, dilation 1, zero padding): weight
 * {@code [C_out, C_in, kH, kW]}, bias {@code [C_out]}.
 *
 * <p>Each sample is one GEMM, {@code Y_b (C_out × P) = W (C_out × C_in·kH·kW) · cols_b}, where
 * {@code cols_b} holds the sample's input patches (im2col). Backward reuses the columns:
 * {@code dW = Σ_b dY_b · cols_bᵀ} and {@code dcols_b = Wᵀ · dY_b}, folded back into images
 * (col2im). See {@link PatchConvolution}.
 *
 * <p>An {@link Activation} may be fused in: it is applied while the GEMM result is copied into
 * the output, saving a pass over memory.
 */
public final class Conv2d extends PatchConvolution {
  private final Buffer cols = new Buffer();
  private final Buffer features = new Buffer();
  private final Buffer output = new Buffer();
  private final Buffer gradFeatures = new Buffer();
  private final Buffer gradInput = new Buffer();
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
    super(checked(inChannels, outChannels), outChannels,
        new int[] {outChannels, inChannels, window.kernelH(), window.kernelW()}, outChannels, window, activation);
  }

  private static int checked(int inChannels, int outChannels) {
    if (inChannels < 1 || outChannels < 1) {
      throw new IllegalArgumentException(
          "Conv2d needs at least one input and output channel, got " + inChannels + ", " + outChannels);
    }
    return inChannels;
  }

  /** PyTorch's default initialisation; the fan-in is {@code C_in·kH·kW}. */
  public Conv2d initialise(Init init) {
    initialiseParameters(init);
    return this;
  }

  @Override
  public Shape outputShape(Shape input) {
    ConvGeometry g = geometryFor(input);
    return new Shape(featureChannels, g.outH, g.outW);
  }

  @Override
  ConvGeometry newGeometry(Shape input) {
    if (input.channels() != imageChannels) {
      throw new IllegalArgumentException(
          "Conv2d expects " + imageChannels + " input channels, got " + input.channels());
    }
    return window.over(imageChannels, input.height(), input.width());
  }

  @Override
  public Tensor forward(Tensor input) {
    ConvGeometry g = geometryFor(input.shape());
    int n = input.n();
    int k = g.rows();
    FloatMatrix c = cols.matrix(n * k, g.wideCols());
    Tensor out = output.tensor(n, new Shape(featureChannels, g.outH, g.outW));
    // Sample by sample, so each GEMM reads its columns while they are still in cache.
    imageToFeatures(
        n,
        b -> {
          FloatMatrix cb = block(c, b, k);
          g.im2col(input.samples(b, b + 1), cb);
          return cb;
        },
        features, out, bias.value().toArray(), activation);
    lastCols = c;
    lastOutput = out;
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    ConvGeometry g = geometry();
    int n = gradOutput.n();
    int k = g.rows();
    double[] planeSums = new double[n * featureChannels];
    FloatMatrix dy = gradFeatures.matrix(n * featureChannels, g.wideCols());
    g.widenGradient(gradOutput, lastOutput, activation, dy, planeSums);
    setBiasGradient(planeSums, n);
    for (int b = 0; b < n; b++) {
      accumulateWeightGradient(block(dy, b, featureChannels), block(lastCols, b, k), b);
    }
    finishWeightGradient();
    if (!needInputGradient) {
      return null;
    }
    Tensor dx = gradInput.tensor(n, inputShape());
    featuresToImage(n, dy, dx, null, Activation.NONE);
    return dx;
  }

  @Override
  public String toString() {
    return "Conv2d(" + imageChannels + ", " + featureChannels + ", " + window + ")" + activation.suffix();
  }
}
