package io.facerecon.nn;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import java.util.List;

/**
 * What {@link Conv2d} and {@link ConvTranspose2d} share: both are one convolution between an
 * <em>image side</em>, whose patches are unfolded into column matrices (the input of a Conv2d, the
 * output of a ConvTranspose2d), and a <em>feature side</em> (the other one), with a weight of
 * {@code featureChannels × imageChannels·kH·kW}. Per sample {@code b}:
 *
 * <ul>
 *   <li>image to features: {@code F_b = W · cols_b}, with {@code cols_b} the unfolded image
 *       ({@link #imageToFeatures});
 *   <li>features to image: {@code cols_b = Wᵀ · F_b}, folded back into an image
 *       ({@link #featuresToImage});
 *   <li>the weight gradient {@code Σ_b dF_b · cols_bᵀ} ({@link #accumulateWeightGradient}).
 * </ul>
 *
 * A Conv2d runs the first forward and the second backward, a ConvTranspose2d the other way round.
 * Feature-side planes are kept in the {@link ConvGeometry} column layout while they take part in
 * products. An {@link Activation} may be fused into the output: it is applied while the output is
 * written, and its gradient while the output gradient is read.
 */
abstract class PatchConvolution implements Layer {
  final int imageChannels;
  final int featureChannels;
  final Window window;
  final Activation activation;
  final Parameter weight;
  final Parameter bias;
  private final Buffer foldCols = new Buffer();
  private final Buffer gradWeightTransposed = new Buffer();
  private ConvGeometry geometry;
  private Shape geometryInput;

  PatchConvolution(int imageChannels, int featureChannels, int[] weightShape, int biasSize, Window window,
      Activation activation) {
    this.imageChannels = imageChannels;
    this.featureChannels = featureChannels;
    this.window = window;
    this.activation = activation;
    this.weight = new Parameter(
        "weight", weightShape, featureChannels, imageChannels * window.kernelH() * window.kernelW());
    this.bias = new Parameter("bias", new int[] {biasSize}, 1, biasSize);
  }

  /**
   * PyTorch's default initialisation. In both directions the fan-in is weight dimension 1 times the
   * kernel, i.e. {@code imageChannels·kH·kW}.
   */
  final void initialiseParameters(Init init) {
    int fanIn = imageChannels * window.kernelH() * window.kernelW();
    init.kaimingUniform(weight, fanIn);
    init.biasUniform(bias, fanIn);
  }

  /** The geometry of the image-side convolution for a layer input of {@code input}. */
  abstract ConvGeometry newGeometry(Shape input);

  /** The geometry for {@code input}, made when the input shape changes. */
  final ConvGeometry geometryFor(Shape input) {
    if (geometry == null || !input.equals(geometryInput)) {
      geometry = newGeometry(input);
      geometryInput = input;
    }
    return geometry;
  }

  /** The geometry of the last forward. */
  final ConvGeometry geometry() {
    return geometry;
  }

  /** The shape the last forward's input had. */
  final Shape inputShape() {
    return geometryInput;
  }

  /**
   * {@code F_b = W · cols_b} for each sample, then {@code features} (NCHW) from the wide
   * {@code F}, plus {@code bias} and {@code act} (when {@code bias} is null: neither). {@code unfold} writes sample {@code b}'s column
   * matrix into the given block (and may keep it for later).
   */
  final void imageToFeatures(int n, Unfold unfold, Buffer wide, Tensor features, float[] bias, Activation act) {
    ConvGeometry g = geometry;
    FloatMatrix f = wide.matrix(n * featureChannels, g.wideCols());
    for (int b = 0; b < n; b++) {
      FloatMatrix cols = unfold.sample(b);
      Blas.gemm(false, false, 1f, weight.value(), cols, 0f, block(f, b, featureChannels));
    }
    if (bias == null) {
      g.narrow(f, features);
    } else {
      g.narrow(f, features, bias, act);
    }
  }

  /** Writes (and returns) the column matrix of sample {@code b}. */
  @FunctionalInterface
  interface Unfold {
    FloatMatrix sample(int b);
  }

  /**
   * {@code cols_b = Wᵀ · F_b} for each sample of the wide features {@code f}, folded into
   * {@code image} (NCHW), plus {@code bias} and {@code act} (when {@code bias} is null: neither).
   */
  final void featuresToImage(int n, FloatMatrix f, Tensor image, float[] bias, Activation act) {
    ConvGeometry g = geometry;
    FloatMatrix cols = foldCols.matrix(g.rows(), g.wideCols());
    for (int b = 0; b < n; b++) {
      Blas.gemm(true, false, 1f, weight.value(), block(f, b, featureChannels), 0f, cols);
      if (bias == null) {
        g.col2im(cols, image.samples(b, b + 1));
      } else {
        g.col2im(cols, image.samples(b, b + 1), bias, act);
      }
    }
  }

  /**
   * Adds sample {@code b}'s share {@code f_b · cols_bᵀ} to the weight gradient (C × K), from its
   * wide features {@code f_b} (C × P) and column matrix {@code cols_b} (K × P); sample 0
   * overwrites. When K > C it sums {@code cols_b · f_bᵀ} (K × C) instead, turned around by
   * {@link #finishWeightGradient}: OpenBLAS runs the tall product about 1.6 times faster here than
   * the wide one; for the 1-channel layers (K = 9) the direct product is faster.
   */
  final void accumulateWeightGradient(FloatMatrix f, FloatMatrix cols, int b) {
    float beta = b == 0 ? 0f : 1f;
    if (cols.rows() > f.rows()) {
      Blas.gemm(false, true, 1f, cols, f, beta, gradWeightTransposed.matrix(cols.rows(), f.rows()));
    } else {
      Blas.gemm(false, true, 1f, f, cols, beta, weight.grad());
    }
  }

  /** Completes a weight gradient summed by {@link #accumulateWeightGradient}. */
  final void finishWeightGradient() {
    int k = weight.grad().cols();
    int c = weight.grad().rows();
    if (k <= c) {
      return;
    }
    float[] v = gradWeightTransposed.matrix(k, c).toArray();
    float[] out = new float[v.length];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < c; j++) {
        out[j * k + i] = v[i * c + j];
      }
    }
    weight.grad().setAll(out);
  }

  /** The bias gradient from the sums of the output-gradient planes of {@code n} samples. */
  final void setBiasGradient(double[] planeSums, int n) {
    int channels = bias.size();
    FloatMatrix sums = bias.grad();
    for (int c = 0; c < channels; c++) {
      double s = 0;
      for (int b = 0; b < n; b++) {
        s += planeSums[b * channels + c];
      }
      sums.set(c, (float) s);
    }
  }

  /** Block {@code b} of {@code rows} rows of a matrix stacked sample by sample (shared memory). */
  static FloatMatrix block(FloatMatrix stacked, int b, int rows) {
    return stacked.view(b * rows * stacked.cols(), rows, stacked.cols());
  }

  @Override
  public final List<Parameter> parameters() {
    return List.of(weight, bias);
  }
}
