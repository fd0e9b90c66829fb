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
 * im2col/col2im pair serves in the other roles: forward is {@code cols = Wᵀ · X} (one GEMM for the
 * batch) folded by col2im; backward unfolds dY with im2col, then {@code dW = X · colsᵀ} and
 * {@code dX = W · cols}.
 *
 * <p>An {@link Activation} may be fused in: it is applied to each output plane while it is in
 * cache, saving a pass over memory.
 */
public final class ConvTranspose2d implements Layer {
  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int outputPadding;
  private final Activation activation;
  private final Parameter weight;
  private final Parameter bias;
  private final Buffer inputChannelMajor = new Buffer();
  private final Buffer cols = new Buffer();
  private final Buffer output = new Buffer();
  private final Buffer gradCols = new Buffer();
  private final Buffer gradChannelMajor = new Buffer();
  private final Buffer gradInput = new Buffer();
  private ConvGeometry geometry;
  private Shape inputShape;
  private FloatMatrix lastInput;
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
    if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "ConvTranspose2d needs channels, kernel and stride >= 1 and padding >= 0, got in="
              + inChannels + " out=" + outChannels + " kernel=" + kernel + " stride=" + stride
              + " padding=" + padding);
    }
    if (outputPadding < 0 || outputPadding >= stride) {
      throw new IllegalArgumentException(
          "ConvTranspose2d output_padding must be in [0, stride) = [0, " + stride + "), got "
              + outputPadding);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.outputPadding = outputPadding;
    this.activation = activation;
    int k = outChannels * kernel * kernel;
    this.weight = new Parameter("weight", new int[] {inChannels, outChannels, kernel, kernel}, inChannels, k);
    this.bias = new Parameter("bias", new int[] {outChannels}, 1, outChannels);
  }

  /** PyTorch's default initialisation; the fan-in is {@code C_out·kH·kW} (weight dimension 1). */
  public ConvTranspose2d initialise(Init init) {
    init.kaimingUniform(weight, outChannels * kernel * kernel);
    init.biasUniform(bias, outChannels * kernel * kernel);
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
      int outH = (input.height() - 1) * stride - 2 * padding + kernel + outputPadding;
      int outW = (input.width() - 1) * stride - 2 * padding + kernel + outputPadding;
      if (outH < 1 || outW < 1) {
        throw new IllegalArgumentException(
            "ConvTranspose2d on " + input + " gives an empty output " + outH + "x" + outW);
      }
      geometry = new ConvGeometry(outChannels, outH, outW, kernel, kernel, stride, stride, padding, padding);
      inputShape = input;
    }
    return geometry;
  }

  @Override
  public Tensor forward(Tensor input) {
    ConvGeometry g = geometryFor(input.shape());
    int n = input.n();
    int columns = n * g.outPlane();
    FloatMatrix x = inputChannelMajor.matrix(inChannels, columns);
    ChannelMajor.gather(input, null, Activation.NONE, x, null);
    FloatMatrix c = cols.matrix(g.rows(), columns);
    Blas.gemm(true, false, 1f, weight.value(), x, 0f, c);
    Tensor out = output.tensor(n, new Shape(outChannels, g.inH, g.inW));
    g.col2im(c, out, bias.value().toArray(), activation);
    lastInput = x;
    lastOutput = out;
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    ConvGeometry g = geometry;
    int n = gradOutput.n();
    int columns = n * g.outPlane();
    FloatMatrix c = gradCols.matrix(g.rows(), columns);
    double[] planeSums = new double[n * outChannels];
    g.im2col(gradOutput, lastOutput, activation, c, planeSums);
    ChannelMajor.reduceOverSamples(planeSums, n, outChannels, bias.grad());
    Blas.gemm(false, true, 1f, lastInput, c, 0f, weight.grad());
    if (!needInputGradient) {
      return null;
    }
    FloatMatrix dx = gradChannelMajor.matrix(inChannels, columns);
    Blas.gemm(false, false, 1f, weight.value(), c, 0f, dx);
    Tensor out = gradInput.tensor(n, inputShape);
    ChannelMajor.scatter(dx, null, Activation.NONE, out);
    return out;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  @Override
  public String toString() {
    return "ConvTranspose2d(" + inChannels + ", " + outChannels + ", kernel_size=" + kernel
        + ", stride=" + stride + ", padding=" + padding + ", output_padding=" + outputPadding + ")"
        + activation.suffix();
  }
}
