package io.facerecon.nn;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import java.util.List;

/**
 * Transposed 2-D convolution as PyTorch's {@code nn.ConvTranspose2d} (groups 1, dilation 1):
 * weight {@code [C_in, C_out, kH, kW]}, bias {@code [C_out]}. The output is
 * {@code (H − 1)·s − 2p + k + output_padding} high (and likewise wide).
 *
 * <p>It is the adjoint of a convolution from the output size to the input size, so the same
 * im2col/col2im pair serves in the other roles: forward is {@code cols_b = Wᵀ · X_b} (one GEMM per
 * sample, straight from its NCHW memory) folded by col2im; backward unfolds dY with im2col, then
 * {@code dW = Σ_b X_b · cols_bᵀ} and {@code dX_b = W · cols_b}, written in place.
 *
 * <p>An {@link Activation} may be fused in: it is applied to each output plane while it is in
 * cache, saving a pass over memory.
 */
public final class ConvTranspose2d implements Layer {
  private final int inChannels;
  private final int outChannels;
  private final Window window;
  private final int outputPadH;
  private final int outputPadW;
  private final Activation activation;
  private final Parameter weight;
  private final Parameter bias;
  private final Buffer cols = new Buffer();
  private final Buffer output = new Buffer();
  private final Buffer gradCols = new Buffer();
  private final Buffer gradWeightTransposed = new Buffer();
  private final Buffer gradInput = new Buffer();
  private ConvGeometry geometry;
  private Shape inputShape;
  private Tensor lastInput;
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
    if (inChannels < 1 || outChannels < 1) {
      throw new IllegalArgumentException(
          "ConvTranspose2d needs at least one input and output channel, got " + inChannels + ", " + outChannels);
    }
    if (outputPadH < 0 || outputPadH >= window.strideH() || outputPadW < 0 || outputPadW >= window.strideW()) {
      throw new IllegalArgumentException(
          "ConvTranspose2d output_padding must be in [0, stride) on each axis, got (" + outputPadH + ", "
              + outputPadW + ") with stride (" + window.strideH() + ", " + window.strideW() + ")");
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.window = window;
    this.outputPadH = outputPadH;
    this.outputPadW = outputPadW;
    this.activation = activation;
    int k = outChannels * window.kernelH() * window.kernelW();
    this.weight = new Parameter(
        "weight", new int[] {inChannels, outChannels, window.kernelH(), window.kernelW()}, inChannels, k);
    this.bias = new Parameter("bias", new int[] {outChannels}, 1, outChannels);
  }

  /** PyTorch's default initialisation; the fan-in is {@code C_out·kH·kW} (weight dimension 1). */
  public ConvTranspose2d initialise(Init init) {
    int fanIn = outChannels * window.kernelH() * window.kernelW();
    init.kaimingUniform(weight, fanIn);
    init.biasUniform(bias, fanIn);
    return this;
  }

  @Override
  public Shape outputShape(Shape input) {
    ConvGeometry g = geometryFor(input);
    return new Shape(outChannels, g.inH, g.inW);
  }

  /** The geometry of the adjoint convolution: from this layer's output back to its input. */
  private ConvGeometry geometryFor(Shape input) {
    if (input.channels() != inChannels) {
      throw new IllegalArgumentException(
          "ConvTranspose2d expects " + inChannels + " input channels, got " + input.channels());
    }
    if (geometry == null || !input.equals(inputShape)) {
      int outH = (input.height() - 1) * window.strideH() - 2 * window.padH() + window.kernelH() + outputPadH;
      int outW = (input.width() - 1) * window.strideW() - 2 * window.padW() + window.kernelW() + outputPadW;
      if (outH < 1 || outW < 1) {
        throw new IllegalArgumentException(
            "ConvTranspose2d on " + input + " gives an empty output " + outH + "x" + outW);
      }
      geometry = window.over(outChannels, outH, outW);
      inputShape = input;
    }
    return geometry;
  }

  @Override
  public Tensor forward(Tensor input) {
    ConvGeometry g = geometryFor(input.shape());
    int n = input.n();
    int k = g.rows();
    FloatMatrix c = cols.matrix(k, g.outPlane());
    Tensor out = output.tensor(n, new Shape(outChannels, g.inH, g.inW));
    float[] b0 = bias.value().toArray();
    // Sample by sample, so col2im folds each GEMM's result while it is still in cache.
    for (int b = 0; b < n; b++) {
      Blas.gemm(true, false, 1f, weight.value(), SampleGemm.sample(input, b), 0f, c);
      g.col2im(c, out.samples(b, b + 1), b0, activation);
    }
    lastInput = input;
    lastOutput = out;
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    ConvGeometry g = geometry;
    int n = gradOutput.n();
    int k = g.rows();
    FloatMatrix c = gradCols.matrix(k, g.outPlane());
    Tensor dx = needInputGradient ? gradInput.tensor(n, inputShape) : null;
    double[] planeSums = new double[n * outChannels];
    double[] sampleSums = new double[outChannels];
    for (int b = 0; b < n; b++) {
      g.im2col(gradOutput.samples(b, b + 1), lastOutput.samples(b, b + 1), activation, c, sampleSums);
      System.arraycopy(sampleSums, 0, planeSums, b * outChannels, outChannels);
      SampleGemm.accumulateWeightGradient(SampleGemm.sample(lastInput, b), c, b, gradWeightTransposed, weight.grad());
      if (dx != null) {
        Blas.gemm(false, false, 1f, weight.value(), c, 0f, SampleGemm.sample(dx, b));
      }
    }
    SampleGemm.finishWeightGradient(k, inChannels, gradWeightTransposed, weight.grad());
    SampleGemm.reduceOverSamples(planeSums, n, outChannels, bias.grad());
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  @Override
  public String toString() {
    return "ConvTranspose2d(" + inChannels + ", " + outChannels + ", " + window + ", output_padding=("
        + outputPadH + ", " + outputPadW + "))" + activation.suffix();
  }
}
