package io.facerecon.nn;

import io.facerecon.linalg.FloatMatrix;

/**
 * Transposed 2-D convolution as PyTorch's {@code nn.ConvTranspose2d} (groups 1, dilation 1):
 * weight {@code [C_in, C_out, kH, kW]}, bias {@code [C_out]}. The output is
 * {@code (H − 1)·s − 2p + k + output_padding} high (and likewise wide).
 *
 * <p>It is the adjoint of a convolution from the output size to the input size, so the same
 * im2col/col2im pair serves in the other roles: forward is {@code cols_b = Wᵀ · X_b} (one GEMM per
 * sample) folded by col2im; backward unfolds dY with im2col, then {@code dW = Σ_b X_b · cols_bᵀ}
 * and {@code dX_b = W · cols_b}. See {@link PatchConvolution}.
 *
 * <p>An {@link Activation} may be fused in: it is applied to each output plane while it is in
 * cache, saving a pass over memory.
 */
public final class ConvTranspose2d extends PatchConvolution {
  private final int outputPadH;
  private final int outputPadW;
  private final Buffer cols = new Buffer();
  private final Buffer features = new Buffer();
  private final Buffer output = new Buffer();
  private final Buffer gradFeatures = new Buffer();
  private final Buffer gradInput = new Buffer();
  private FloatMatrix lastFeatures;
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
    FloatMatrix x = features.matrix(n * featureChannels, g.wideCols());
    g.widen(input, x);
    Tensor out = output.tensor(n, new Shape(imageChannels, g.inH, g.inW));
    featuresToImage(n, x, out, bias.value().toArray(), activation);
    lastFeatures = x;
    lastOutput = out;
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    ConvGeometry g = geometry();
    int n = gradOutput.n();
    int k = g.rows();
    FloatMatrix c = cols.matrix(k, g.wideCols());
    double[] planeSums = new double[n * imageChannels];
    double[] sampleSums = new double[imageChannels];
    // Each sample's columns serve the weight gradient and, when wanted, the input gradient while
    // they are in cache.
    Unfold unfold = b -> {
      g.im2colOfGradient(gradOutput.samples(b, b + 1), lastOutput.samples(b, b + 1), activation, c, sampleSums);
      System.arraycopy(sampleSums, 0, planeSums, b * imageChannels, imageChannels);
      accumulateWeightGradient(block(lastFeatures, b, featureChannels), c, b);
      return c;
    };
    Tensor dx = null;
    if (needInputGradient) {
      dx = gradInput.tensor(n, inputShape());
      imageToFeatures(n, unfold, gradFeatures, dx, null, Activation.NONE);
    } else {
      for (int b = 0; b < n; b++) {
        unfold.sample(b);
      }
    }
    finishWeightGradient();
    setBiasGradient(planeSums, n);
    return dx;
  }

  @Override
  public String toString() {
    return "ConvTranspose2d(" + featureChannels + ", " + imageChannels + ", " + window + ", output_padding=("
        + outputPadH + ", " + outputPadW + "))" + activation.suffix();
  }
}
