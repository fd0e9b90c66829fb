package io.facerecon.nn;

/**
 * 2-D convolution as PyTorch's {@code nn.Conv2d} (groups 1, dilation 1, zero padding): weight
 * {@code [C_out, C_in, kH, kW]}, bias {@code [C_out]}.
 *
 * <p>Each sample is one product {@code Y_b (C_out × P) = W (C_out × C_in·kH·kW) · taps_b}, whose
 * taps are read from the input's phase sequences. Backward reuses the sequences:
 * {@code dW = Σ_b dY_b · taps_bᵀ}, and {@code Wᵀ · dY_b} is summed into sequences that fold back
 * into the input gradient. See {@link PatchConvolution}.
 *
 * <p>An {@link Activation} may be fused in: it is applied while the product is copied into the
 * output, saving a pass over memory.
 */
public final class Conv2d extends PatchConvolution {
  private final Buffer output = new Buffer();
  private final Buffer gradInput = new Buffer();
  private float[] sequences = new float[0];
  private float[] features = new float[0];
  private float[] gradFeatures = new float[0];
  private float[] gradSequences = new float[0];
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
    sequences = atLeast(sequences, sequenceValues(n));
    features = atLeast(features, wideValues(n));
    g.unfold(input, sequences);
    imageToFeatures(n, sequences, features, bias.value().toArray());
    Tensor out = output.tensor(n, new Shape(featureChannels, g.outH, g.outW));
    g.narrow(features, out, activation);
    lastOutput = out;
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    ConvGeometry g = geometry();
    int n = gradOutput.n();
    gradFeatures = atLeast(gradFeatures, wideValues(n));
    g.widenGradient(gradOutput, lastOutput, activation, gradFeatures);
    featureBiasGradient(gradFeatures, n);
    weightGradient(n, gradFeatures, sequences);
    if (!needInputGradient) {
      return null;
    }
    gradSequences = atLeast(gradSequences, sequenceValues(n));
    featuresToImage(n, gradFeatures, gradSequences, null);
    Tensor dx = gradInput.tensor(n, inputShape());
    g.fold(gradSequences, dx);
    return dx;
  }

  @Override
  public String toString() {
    return "Conv2d(" + imageChannels + ", " + featureChannels + ", " + window + ")" + activation.suffix();
  }
}
