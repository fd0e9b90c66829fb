package io.facerecon.nn;

/**
 * 2-D convolution as PyTorch's {@code nn.Conv2d} (groups 1, dilation 1, zero padding), with an
 * optional {@link Activation} fused into its output.
 *
 * <h2>Shapes</h2>
 *
 * Input x {@code [N, C_in, H, W]}; weight w {@code [C_out, C_in, kH, kW]} (PyTorch's layout,
 * output channel first); bias b {@code [C_out]}; output y {@code [N, C_out, H_out, W_out]} with
 * {@code H_out = ⌊(H + 2·p_h − kH) / s_h⌋ + 1} and {@code W_out = ⌊(W + 2·p_w − kW) / s_w⌋ + 1}
 * (s stride, p padding, per axis); an input smaller than the kernel after padding is refused.
 * Below, x̃ is x read with zeros outside {@code 0 ≤ r < H, 0 ≤ q < W} (the zero padding), and the
 * sums run over {@code c < C_in}, {@code u < kH}, {@code v < kW}, {@code i < H_out},
 * {@code j < W_out}, {@code n < N}.
 *
 * <h2>Forward</h2>
 *
 * <pre>
 * z[n,o,i,j] = b[o] + Σ_c Σ_u Σ_v w[o,c,u,v] · x̃[n, c, s_h·i + u − p_h, s_w·j + v − p_w]
 * y[n,o,i,j] = act(z[n,o,i,j])
 * </pre>
 *
 * with act the fused activation: the identity ({@link Activation#NONE}), {@code max(z, 0)} or
 * {@code 1 / (1 + e^(−z))}. {@code new Conv2d(..., RELU)} computes exactly what
 * {@code new Conv2d(...)} followed by {@link ReLU} does, in one pass over memory.
 *
 * <h2>Backward</h2>
 *
 * From the output gradient gy = ∂L/∂y, first through the activation, written with its output
 * y as PyTorch's kernels do:
 *
 * <pre>
 * g[n,o,i,j]  = gy[n,o,i,j] · act′     act′ = 1 (NONE), [y &gt; 0] (RELU), y·(1 − y) (SIGMOID)
 * db[o]       = Σ_n Σ_i Σ_j g[n,o,i,j]
 * dw[o,c,u,v] = Σ_n Σ_i Σ_j g[n,o,i,j] · x̃[n, c, s_h·i + u − p_h, s_w·j + v − p_w]
 * dx[n,c,r,q] = Σ_o Σ_u Σ_v Σ_i Σ_j g[n,o,i,j] · w[o,c,u,v]
 *                   over the (i, j) with s_h·i + u − p_h = r and s_w·j + v − p_w = q
 * </pre>
 *
 * The input gradient is a scatter: each {@code g[n,o,i,j]·w[o,c,·,·]} is added back onto the
 * window output position (i, j) read, and what falls into the padding is dropped. Pixels no window
 * covers (the last rows or columns when {@code (H + 2·p_h − kH) mod s_h ≠ 0}) get 0. That scatter
 * is {@link ConvTranspose2d}'s forward with the same weight.
 *
 * <h2>Computation</h2>
 *
 * Each sample is one product {@code Y_b (C_out × P) = W (C_out × C_in·kH·kW) · taps_b}, whose
 * taps are read from the input's phase sequences. Backward reuses the sequences:
 * {@code dW = Σ_b dY_b · taps_bᵀ}, and {@code Wᵀ · dY_b} is summed into sequences that fold back
 * into the input gradient. The activation is applied while the product is copied into the output.
 * See {@link PatchConvolution}.
 */
public final class Conv2d extends PatchConvolution {
  private final Buffer output = new Buffer();
  private final Buffer gradInput = new Buffer();
  private float[] sequences = new float[0];
  private float[] features = new float[0];
  private float[] gradFeatures = new float[0];
  private float[] gradSequences = new float[0];
  private Tensor lastOutput;

  /**
   * A convolution with a square kernel, the same stride and padding on both axes; zero weights
   * until {@link #initialise} or {@link Parameter#set}.
   *
   * @param inChannels C_in, at least 1
   * @param outChannels C_out, at least 1
   * @param kernel kH = kW
   * @param stride s_h = s_w
   * @param padding p_h = p_w: zero rows and columns added on each side
   */
  public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
    this(inChannels, outChannels, kernel, stride, padding, Activation.NONE);
  }

  /**
   * A convolution followed by {@code activation}, computed in one pass; zero weights.
   *
   * @param inChannels C_in, at least 1
   * @param outChannels C_out, at least 1
   * @param kernel kH = kW
   * @param stride s_h = s_w
   * @param padding p_h = p_w
   * @param activation applied to the output (its gradient in backward)
   */
  public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, Activation activation) {
    this(inChannels, outChannels, Window.square(kernel, stride, padding), activation);
  }

  /**
   * A convolution with any kernel size, stride and padding per axis, then {@code activation}; zero
   * weights.
   *
   * @param inChannels C_in, at least 1
   * @param outChannels C_out, at least 1
   * @param window kernel size, stride and padding per axis
   * @param activation applied to the output (its gradient in backward)
   */
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

  /**
   * PyTorch's default initialisation: weight and bias from U(±1/√fan_in), the fan-in
   * {@code C_in·kH·kW}.
   *
   * @param init the seeded generator to draw from
   * @return this layer
   */
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
