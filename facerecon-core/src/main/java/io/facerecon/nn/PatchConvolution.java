package io.facerecon.nn;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link Conv2d} and {@link ConvTranspose2d} share: both are one convolution between an
 * <em>image side</em>, unfolded into phase sequences from which each kernel tap reads a
 * contiguous run (the input of a Conv2d, the output of a ConvTranspose2d), and a <em>feature
 * side</em> (the other one), in wide rows ({@link ConvGeometry}), with a weight of
 * {@code featureChannels × imageChannels·kH·kW}. Per sample {@code b}, with {@link PatchKernels}:
 *
 * <ul>
 *   <li>image to features: {@code F_b = W · taps_b} ({@link #imageToFeatures});
 *   <li>features to image: {@code taps_b += Wᵀ · F_b}, summed into the sequences where the runs
 *       overlap ({@link #featuresToImage});
 *   <li>the weight gradient {@code Σ_b dF_b · taps_bᵀ} ({@link #weightGradient}).
 * </ul>
 *
 * A Conv2d runs the first forward and the second backward, a ConvTranspose2d the other way round.
 * No column matrix is formed: the taps are read where they lie. An {@link Activation} may be fused
 * into the output: it is applied while the output is written, and its gradient while the output
 * gradient is read.
 *
 * <p>The formulas by indices, forward and backward, are in the Javadoc of {@link Conv2d} and
 * {@link ConvTranspose2d}.
 */
abstract class PatchConvolution implements Layer {
  final int imageChannels;
  final int featureChannels;
  final Window window;
  final Activation activation;
  final Parameter weight;
  final Parameter bias;
  /** The products' kernels; {@link PatchKernels#instance()} unless a test picks others. */
  private PatchKernels kernels = PatchKernels.instance();
  private final PackedRows packed = new PackedRows();
  private float[] weightValues = new float[0];
  private float[] gradientValues = new float[0];
  private ConvGeometry geometry;
  private Shape geometryInput;
  private int[] tapRows;
  private int[] foldOrder;
  private int[] foldRows;
  private int[] featureRows;
  /** Where each image channel's sequences start in a sample's block. */
  private int[] channelRows;

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

  /**
   * Runs the products ({@link PatchKernels#multiply}, {@link PatchKernels#correlate},
   * {@link PatchKernels#rowSums}) on {@code kernels}, so that tests can check the plain kernels
   * through the layers in a JVM that has the Vector API. The data movements of {@link ConvGeometry}
   * and the fused sigmoid keep {@link PatchKernels#instance()}, whose row widths (multiples of its
   * lanes) {@link ScalarPatchKernels} accept as they accept any width.
   */
  final void useKernels(PatchKernels kernels) {
    this.kernels = kernels;
  }

  /** The geometry of the image-side convolution for a layer input of {@code input}. */
  abstract ConvGeometry newGeometry(Shape input);

  /** The geometry for {@code input}, made when the input shape changes. */
  final ConvGeometry geometryFor(Shape input) {
    if (geometry == null || !input.equals(geometryInput)) {
      geometry = newGeometry(input);
      geometryInput = input;
      tapRows = geometry.tapRows();
      foldOrder = geometry.foldOrder();
      foldRows = new int[tapRows.length];
      for (int r = 0; r < foldRows.length; r++) {
        foldRows[r] = tapRows[foldOrder[r]];
      }
      featureRows = geometry.wideRows(featureChannels);
      channelRows = new int[imageChannels];
      for (int c = 0; c < imageChannels; c++) {
        channelRows[c] = c * geometry.channelSequences();
      }
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

  /** Values of the feature side of {@code n} samples in wide rows: the size such arrays take. */
  final int wideValues(int n) {
    return n * featureChannels * geometry.width();
  }

  /** Values of the image side of {@code n} samples in phase sequences. */
  final int sequenceValues(int n) {
    return n * geometry.sampleSequences();
  }

  /**
   * {@code F_b = W · taps_b} for each of {@code n} samples: from image sequences {@code seq} into
   * wide {@code f}, plus {@code bias[c]} on row c (none when null).
   */
  final void imageToFeatures(int n, float[] seq, float[] f, float[] bias) {
    PackedRows w = packed.pack(weightValues(), featureChannels, geometry.rows(), false);
    int width = geometry.width();
    for (int b = 0; b < n; b++) {
      int start = b * featureChannels * width;
      // The kernel adds its products: the rows start at the bias, which saves a pass later.
      for (int c = 0; c < featureChannels; c++) {
        Arrays.fill(f, start + c * width, start + (c + 1) * width, bias == null ? 0f : bias[c]);
      }
      kernels.multiply(w, seq, tapRows, b * geometry.sampleSequences(), f, featureRows, start, width);
    }
  }

  /**
   * {@code taps_b = Wᵀ · F_b} for each of {@code n} samples: from wide {@code f} into the sequences
   * {@code seq}, plus {@code bias[c]} on channel c (none when null). Each pixel lies once in the
   * sequences, so it receives its bias once.
   */
  final void featuresToImage(int n, float[] f, float[] seq, float[] bias) {
    int block = geometry.channelSequences();
    for (int t = 0; t < n * imageChannels; t++) {
      Arrays.fill(seq, t * block, (t + 1) * block, bias == null ? 0f : bias[t % imageChannels]);
    }
    PackedRows wt = packed.pack(weightValues(), geometry.rows(), featureChannels, true, foldOrder);
    for (int b = 0; b < n; b++) {
      kernels.multiply(wt, f, featureRows, b * featureChannels * geometry.width(), seq, foldRows,
          b * geometry.sampleSequences(), geometry.width());
    }
  }

  /** Sets the weight gradient to {@code Σ_b dF_b · taps_bᵀ} over {@code n} samples. */
  final void weightGradient(int n, float[] gradFeatures, float[] seq) {
    int size = weight.size();
    gradientValues = atLeast(gradientValues, size);
    Arrays.fill(gradientValues, 0, size, 0f);
    kernels.correlate(gradFeatures, featureRows, featureChannels * geometry.width(), seq, tapRows,
        geometry.sampleSequences(), n, geometry.width(), gradientValues);
    weight.grad().buffer().put(weight.grad().offset(), gradientValues, 0, size);
  }

  private float[] weightValues() {
    int size = weight.size();
    weightValues = atLeast(weightValues, size);
    weight.value().buffer().get(weight.value().offset(), weightValues, 0, size);
    return weightValues;
  }

  /** A Conv2d's bias gradient: the sums over {@code n} samples of the wide output-gradient rows. */
  final void featureBiasGradient(float[] gradFeatures, int n) {
    biasGradient(gradFeatures, featureRows, wideValues(1), n, geometry.width());
  }

  /**
   * A ConvTranspose2d's bias gradient: the sums over {@code n} samples of each channel's
   * output-gradient sequences, which hold each pixel once and zeros besides, plus
   * {@code uncoveredSums}, the gradient at the pixels no sequence holds (no tap reaches them, the
   * bias does).
   */
  final void imageBiasGradient(float[] gradSequences, int n, double[] uncoveredSums) {
    float[] sums = new float[channelRows.length];
    kernels.rowSums(gradSequences, channelRows, geometry.sampleSequences(), n, geometry.channelSequences(), sums);
    for (int c = 0; c < sums.length; c++) {
      sums[c] = (float) (sums[c] + uncoveredSums[c]);
    }
    bias.grad().setAll(sums);
  }

  private void biasGradient(float[] gradient, int[] rows, int stride, int n, int width) {
    float[] sums = new float[rows.length];
    kernels.rowSums(gradient, rows, stride, n, width, sums);
    bias.grad().setAll(sums);
  }

  /** An array of at least {@code size} values: {@code a} when large enough, else a new one. */
  static float[] atLeast(float[] a, int size) {
    return a.length >= size ? a : new float[size];
  }

  @Override
  public final List<Parameter> parameters() {
    return List.of(weight, bias);
  }
}
