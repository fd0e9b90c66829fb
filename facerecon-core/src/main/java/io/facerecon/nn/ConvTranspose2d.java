package io.facerecon.nn;

/**
 * Transposed 2-D convolution as PyTorch's {@code nn.ConvTranspose2d} (groups 1, dilation 1):
 * weight {@code [C_in, C_out, kH, kW]}, bias {@code [C_out]}. The output is
 * {@code (H − 1)·s − 2p + k + output_padding} high (and likewise wide).
 *
 * <p>It is the adjoint of a convolution from the output size to the input size, so the same
 * products serve in the other roles: forward sums {@code Wᵀ · X_b} into the output's phase
 * sequences and folds them into the output; backward unfolds dY into sequences, then
 * {@code dW = Σ_b X_b · taps_bᵀ} and {@code dX_b = W · taps_b}. See {@link PatchConvolution}.
 *
 * <p>An {@link Activation} may be fused in: it is applied to each output plane while it is in
 * cache, saving a pass over memory.
 */
public final class ConvTranspose2d extends PatchConvolution {
  private final int outputPadH;
  private final int outputPadW;
  private final Buffer output = new Buffer();
  private final Buffer gradInput = new Buffer();
  private float[] features = new float[0];
  private float[] sequences = new float[0];
  private float[] gradSequences = new float[0];
  private float[] gradFeatures = new float[0];
  private Tensor lastOutput;

  /** A transposed convolution with a square kernel; zero weights. */
  public ConvTranspose2d(
      int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding) {
    this(inChannels, outChannels, kernel, stride, padding, outputPadding, Activation.NONE);
  }

  /** A transposed convolution followed by {@code activation}, computed in one pass; zero weights. */
  public ConvTranspose2d(
      int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding,
      Activation activation) {
    this(inChannels, outChannels, Window.square(kernel, stride, padding), outputPadding, outputPadding, activation);
  }

  /**
   * A transposed convolution with any kernel size, stride, padding and output padding per axis,
   * then {@code activation}; zero weights. Output padding must be smaller than the stride.
   */
  public ConvTranspose2d(
      int inChannels, int outChannels, Window window, int outputPadH, int outputPadW, Activation activation) {
    super(checked(inChannels, outChannels, window, outputPadH, outputPadW), inChannels,
        new int[] {inChannels, outChannels, window.kernelH(), window.kernelW()}, outChannels, window, activation);
    this.outputPadH = outputPadH;
    this.outputPadW = outputPadW;
  }

  private static int checked(int inChannels, int outChannels, Window window, int outputPadH, int outputPadW) {
    if (inChannels < 1 || outChannels < 1) {
      throw new IllegalArgumentException(
          "ConvTranspose2d needs at least one input and output channel, got " + inChannels + ", " + outChannels);
    }
    if (outputPadH < 0 || outputPadH >= window.strideH() || outputPadW < 0 || outputPadW >= window.strideW()) {
      throw new IllegalArgumentException(
          "ConvTranspose2d output_padding must be in [0, stride) on each axis, got (" + outputPadH + ", "
              + outputPadW + ") with stride (" + window.strideH() + ", " + window.strideW() + ")");
    }
    return outChannels;
  }

  /** PyTorch's default initialisation; the fan-in is {@code C_out·kH·kW} (weight dimension 1). */
  public ConvTranspose2d initialise(Init init) {
    initialiseParameters(init);
    return this;
  }

  @Override
  public Shape outputShape(Shape input) {
    ConvGeometry g = geometryFor(input);
    return new Shape(imageChannels, g.inH, g.inW);
  }

  /** The geometry of the adjoint convolution: from this layer's output back to its input. */
  @Override
  ConvGeometry newGeometry(Shape input) {
    if (input.channels() != featureChannels) {
      throw new IllegalArgumentException(
          "ConvTranspose2d expects " + featureChannels + " input channels, got " + input.channels());
    }
    int outH = (input.height() - 1) * window.strideH() - 2 * window.padH() + window.kernelH() + outputPadH;
    int outW = (input.width() - 1) * window.strideW() - 2 * window.padW() + window.kernelW() + outputPadW;
    if (outH < 1 || outW < 1) {
      throw new IllegalArgumentException(
          "ConvTranspose2d on " + input + " gives an empty output " + outH + "x" + outW);
    }
    return window.over(imageChannels, outH, outW);
  }

  @Override
  public Tensor forward(Tensor input) {
    ConvGeometry g = geometryFor(input.shape());
    int n = input.n();
    features = atLeast(features, wideValues(n));
    sequences = atLeast(sequences, sequenceValues(n));
    g.widen(input, features);
    float[] b = bias.value().toArray();
    featuresToImage(n, features, sequences, b);
    Tensor out = output.tensor(n, new Shape(imageChannels, g.inH, g.inW));
    g.fold(sequences, out, b, activation);
    lastOutput = out;
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    ConvGeometry g = geometry();
    int n = gradOutput.n();
    gradSequences = atLeast(gradSequences, sequenceValues(n));
    g.unfoldGradient(gradOutput, lastOutput, activation, gradSequences);
    imageBiasGradient(gradSequences, n);
    weightGradient(n, features, gradSequences);
    if (!needInputGradient) {
      return null;
    }
    gradFeatures = atLeast(gradFeatures, wideValues(n));
    imageToFeatures(n, gradSequences, gradFeatures, null);
    Tensor dx = gradInput.tensor(n, inputShape());
    g.narrow(gradFeatures, dx);
    return dx;
  }

  @Override
  public String toString() {
    return "ConvTranspose2d(" + featureChannels + ", " + imageChannels + ", " + window + ", output_padding=("
        + outputPadH + ", " + outputPadW + "))" + activation.suffix();
  }
}
