package io.facerecon.nn;

/**
 * Transposed 2-D convolution as PyTorch's {@code nn.ConvTranspose2d} (groups 1, dilation 1), with
 * an optional {@link Activation} fused into its output.
 *
 * <h2>Shapes</h2>
 *
 * Input x {@code [N, C_in, H, W]}; weight w {@code [C_in, C_out, kH, kW]} (PyTorch's layout for the
 * transposed convolution, <em>input</em> channel first, the reverse of {@link Conv2d}'s); bias b
 * {@code [C_out]}; output y {@code [N, C_out, H_out, W_out]} with
 * {@code H_out = (H − 1)·s_h − 2·p_h + kH + op_h} and likewise {@code W_out} (s stride, p padding,
 * op output padding, {@code 0 ≤ op < s}, per axis). The sums run over {@code c < C_in},
 * {@code o < C_out}, {@code u < kH}, {@code v < kW}, {@code i < H}, {@code j < W}, {@code n < N}.
 *
 * <h2>Forward</h2>
 *
 * Scatter form: each input pixel (i, j) adds {@code x[n,c,i,j]·w[c,o,·,·]} onto the kH × kW block
 * of the output that starts at {@code (s_h·i − p_h, s_w·j − p_w)}; what falls outside the output
 * is dropped:
 *
 * <pre>
 * z[n,o,r,q] = b[o] + Σ_c Σ_i Σ_j Σ_u Σ_v x[n,c,i,j] · w[c,o,u,v]
 *                  over s_h·i + u − p_h = r and s_w·j + v − p_w = q
 * y[n,o,r,q] = act(z[n,o,r,q])
 * </pre>
 *
 * Padding p thus crops p rows (columns) from each side of the full transposed output, and output
 * padding adds op rows (columns) at the bottom (right); output pixels no block reaches hold
 * {@code act(b[o])}. act is the fused activation, as in {@link Conv2d}.
 *
 * <p>This is {@link Conv2d}'s input gradient, plus the bias. Take the Conv2d from C_out to C_in
 * channels with the same kernel size, stride and padding and with weight w: w's
 * {@code [C_in, C_out, kH, kW]} is that convolution's {@code [out, in, kH, kW]}. On an
 * {@code H_out × W_out} input it gives an {@code H × W} output (output padding chooses which of the
 * s input sizes that do so is meant), and its dx for the output gradient x is
 * {@code z − b}. Hence the roles below: forward is Conv2d's backward-data, backward is Conv2d's
 * forward and weight gradient.
 *
 * <h2>Backward</h2>
 *
 * From gy = ∂L/∂y, with g̃ the activation-adjusted gradient read as 0 outside the output:
 *
 * <pre>
 * g[n,o,r,q]  = gy[n,o,r,q] · act′     act′ = 1 (NONE), [y &gt; 0] (RELU), y·(1 − y) (SIGMOID)
 * db[o]       = Σ_n Σ_r Σ_q g[n,o,r,q]
 * dx[n,c,i,j] = Σ_o Σ_u Σ_v w[c,o,u,v] · g̃[n, o, s_h·i + u − p_h, s_w·j + v − p_w]
 * dw[c,o,u,v] = Σ_n Σ_i Σ_j x[n,c,i,j] · g̃[n, o, s_h·i + u − p_h, s_w·j + v − p_w]
 * </pre>
 *
 * dx is that Conv2d's forward of g (no bias); dw is its weight gradient with x in the role of the
 * output gradient and g in the role of the input.
 *
 * <h2>Computation</h2>
 *
 * The same products as {@link Conv2d}'s in the other roles: forward sums {@code Wᵀ · X_b} into the
 * output's phase sequences and folds them into the output, the sequences starting at the bias;
 * backward unfolds g into sequences, then {@code dW = Σ_b X_b · taps_bᵀ} and
 * {@code dX_b = W · taps_b}. The activation is applied to each output plane while it is in cache.
 * See {@link PatchConvolution}.
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
  /** Per output channel, the gradient at output pixels no tap reaches (the bias alone does). */
  private final double[] uncoveredSums;
  private Tensor lastOutput;

  /**
   * A transposed convolution with a square kernel, the same stride, padding and output padding on
   * both axes; zero weights until {@link #initialise} or {@link Parameter#set}.
   *
   * @param inChannels C_in, at least 1
   * @param outChannels C_out, at least 1
   * @param kernel kH = kW
   * @param stride s_h = s_w
   * @param padding p_h = p_w: rows and columns cropped from each side of the full output
   * @param outputPadding op_h = op_w, in {@code [0, stride)}: rows and columns added at the end
   */
  public ConvTranspose2d(
      int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding) {
    this(inChannels, outChannels, kernel, stride, padding, outputPadding, Activation.NONE);
  }

  /**
   * A transposed convolution followed by {@code activation}, computed in one pass; zero weights.
   *
   * @param inChannels C_in, at least 1
   * @param outChannels C_out, at least 1
   * @param kernel kH = kW
   * @param stride s_h = s_w
   * @param padding p_h = p_w
   * @param outputPadding op_h = op_w, in {@code [0, stride)}
   * @param activation applied to the output (its gradient in backward)
   */
  public ConvTranspose2d(
      int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding,
      Activation activation) {
    this(inChannels, outChannels, Window.square(kernel, stride, padding), outputPadding, outputPadding, activation);
  }

  /**
   * A transposed convolution with any kernel size, stride, padding and output padding per axis,
   * then {@code activation}; zero weights.
   *
   * @param inChannels C_in, at least 1
   * @param outChannels C_out, at least 1
   * @param window kernel size, stride and padding per axis
   * @param outputPadH op_h, in {@code [0, s_h)}
   * @param outputPadW op_w, in {@code [0, s_w)}
   * @param activation applied to the output (its gradient in backward)
   */
  public ConvTranspose2d(
      int inChannels, int outChannels, Window window, int outputPadH, int outputPadW, Activation activation) {
    super(checked(inChannels, outChannels, window, outputPadH, outputPadW), inChannels,
        new int[] {inChannels, outChannels, window.kernelH(), window.kernelW()}, outChannels, window, activation);
    this.outputPadH = outputPadH;
    this.outputPadW = outputPadW;
    this.uncoveredSums = new double[outChannels];
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

  /**
   * PyTorch's default initialisation: weight and bias from U(±1/√fan_in), the fan-in
   * {@code C_out·kH·kW} (weight dimension 1 times the kernel, as PyTorch computes it).
   *
   * @param init the seeded generator to draw from
   * @return this layer
   */
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
    g.unfoldGradient(gradOutput, lastOutput, activation, gradSequences, uncoveredSums);
    imageBiasGradient(gradSequences, n, uncoveredSums);
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
