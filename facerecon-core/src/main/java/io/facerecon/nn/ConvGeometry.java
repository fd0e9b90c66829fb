package io.facerecon.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sizes of one 2-D convolution and the data movements around {@link PatchKernels}: an
 * image-side plane is unfolded into <em>phase sequences</em> from which every kernel tap reads one
 * contiguous run, and folded back from them; output-side (feature) planes are converted between
 * NCHW and the <em>wide</em> row layout the kernels use.
 *
 * <p><b>Wide rows.</b> The kernels compute not the {@code outH × outW} output positions but
 * {@code outH × wideW}, where {@code wideW = ⌈(inW + 2·padW) / strideW⌉ ≥ outW}: every output row
 * carries a few junk positions at its end, and the row is padded further to {@link #width()}, a
 * multiple of the SIMD width. In exchange, split the padded input plane into phases by row and
 * column remainder modulo the stride, and read each phase row by row (its pixels
 * {@code (r·strideH + a, m·strideW + b)} at {@code q = r·wideW + m}): the values kernel tap (i, j)
 * meets at all output positions are then one contiguous run of the sequence of phase
 * {@code (i mod strideH, j mod strideW)}, starting {@code (i / strideH)·wideW + j / strideW} in
 * ({@link #tapRows()}). Junk positions of a feature-side plane are zero after {@link #widen}, so
 * (with finite weights) they add nothing to products, sums and folds, and {@link #narrow} drops
 * them.
 *
 * <p>Sequences are stored plane by plane: plane {@code t = b·channels + c} owns
 * {@code strideH·strideW} sequences of {@link #sequenceStride()} values from
 * {@code t·strideH·strideW·sequenceStride()}; wide planes own {@link #width()} values from
 * {@code t·width()}. The movements here are serial: their callers run one model replica per thread.
 */
final class ConvGeometry {
  final int channels;
  final int inH;
  final int inW;
  final int kH;
  final int kW;
  final int strideH;
  final int strideW;
  final int padH;
  final int padW;
  final int outH;
  final int outW;
  /** Positions per output row in the wide layout, {@code ≥ outW}. */
  final int wideW;
  /** Values per wide plane: {@code outH·wideW} rounded up to whole SIMD vectors. */
  private final int width;
  /**
   * Values per phase sequence: enough for the run of the last tap, rounded up to whole vectors so
   * that a channel's sequences are whole rows for {@link PatchKernels#rowSums}.
   */
  private final int sequenceStride;
  /**
   * For each value of a channel's sequences, the plane pixel it holds, or {@code inH·inW} (a zero
   * after the plane) for padding and junk: unfolding is one gather. The strided copies it replaces
   * ran row by row over rows a dozen values long and took as long as the product itself.
   */
  private final int[] unfoldMap;
  /** For each plane pixel, where its value lies in the channel's sequences (0 if nowhere). */
  private final int[] foldMap;
  /** Pixels no sequence holds (no tap reaches them): 0 after folding. */
  private final int[] uncovered;
  // The scratch planes of the data movements are kept from call to call: new ones on every call
  // were the training loop's garbage. A geometry belongs to one layer of one replica, which runs
  // on one thread at a time.
  /** An image-side plane and, after it, one value that stays zero (what padding reads). */
  private final float[] imagePlane;
  /** The activation outputs of an image-side plane. */
  private final float[] imageOutputs;
  /** A feature-side plane. */
  private final float[] featurePlane;
  /** The activation outputs of a feature-side plane. */
  private final float[] featureOutputs;

  ConvGeometry(
      int channels, int inH, int inW, int kH, int kW, int strideH, int strideW, int padH, int padW) {
    this.channels = channels;
    this.inH = inH;
    this.inW = inW;
    this.kH = kH;
    this.kW = kW;
    this.strideH = strideH;
    this.strideW = strideW;
    this.padH = padH;
    this.padW = padW;
    this.outH = outputSize(inH, kH, strideH, padH, "height");
    this.outW = outputSize(inW, kW, strideW, padW, "width");
    this.wideW = (inW + 2 * padW + strideW - 1) / strideW;
    this.width = PatchKernels.instance().paddedWidth(outH * wideW);
    this.sequenceStride = PatchKernels.instance().paddedWidth(tapOffset(kH - 1, kW - 1) + width);
    this.unfoldMap = new int[phases() * sequenceStride];
    this.foldMap = new int[inPlane()];
    boolean[] held = new boolean[inPlane()];
    for (int a = 0; a < strideH; a++) {
      for (int b = 0; b < strideW; b++) {
        int base = (a * strideW + b) * sequenceStride;
        for (int q = 0; q < sequenceStride; q++) {
          // Element q = r·wideW + m of phase (a, b) is padded pixel (r·strideH + a, m·strideW + b).
          int ih = q / wideW * strideH + a - padH;
          int iw = q % wideW * strideW + b - padW;
          boolean inside = ih >= 0 && ih < inH && iw >= 0 && iw < inW;
          unfoldMap[base + q] = inside ? ih * inW + iw : inPlane();
          if (inside) {
            foldMap[ih * inW + iw] = base + q;
            held[ih * inW + iw] = true;
          }
        }
      }
    }
    this.uncovered = java.util.stream.IntStream.range(0, inPlane()).filter(p -> !held[p]).toArray();
    this.imagePlane = new float[inPlane() + 1];
    this.imageOutputs = new float[inPlane()];
    this.featurePlane = new float[outPlane()];
    this.featureOutputs = new float[outPlane()];
  }

  /** PyTorch's ⌊(in + 2p − k)/s⌋ + 1, refusing inputs smaller than the kernel. */
  static int outputSize(int in, int k, int s, int p, String what) {
    if (in + 2 * p < k) {
      throw new IllegalArgumentException(
          "input " + what + " " + in + " (padded by " + p + " on each side) is smaller than the kernel "
              + what + " " + k);
    }
    return (in + 2 * p - k) / s + 1;
  }

  /** Rows of a weight's transpose, one per channel and tap: {@code channels·kH·kW}. */
  int rows() {
    return channels * kH * kW;
  }

  /** Values per wide plane, a multiple of the SIMD width. */
  int width() {
    return width;
  }

  /** Values per phase sequence. */
  int sequenceStride() {
    return sequenceStride;
  }

  /** Values of all phase sequences of one channel. */
  int channelSequences() {
    return phases() * sequenceStride;
  }

  /** Values of all phase sequences of one sample. */
  int sampleSequences() {
    return channels * phases() * sequenceStride;
  }

  int inPlane() {
    return inH * inW;
  }

  int outPlane() {
    return outH * outW;
  }

  private int phases() {
    return strideH * strideW;
  }

  /**
   * Where the run of each channel and tap {@code (c·kH + i)·kW + j} starts in the sequences of a
   * sample: the rows {@link PatchKernels} reads (or, folding, adds into).
   */
  int[] tapRows() {
    int[] rows = new int[rows()];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < kH; i++) {
        for (int j = 0; j < kW; j++) {
          int phase = (i % strideH) * strideW + j % strideW;
          rows[(c * kH + i) * kW + j] = (c * phases() + phase) * sequenceStride + tapOffset(i, j);
        }
      }
    }
    return rows;
  }

  /**
   * The taps in an order for summing into the sequences: round robin over the sequences, so that
   * rows next to each other never add into the same sequence. Adjacent rows of one sequence
   * overlap (shifted by one), and a load right after a partly overlapping store waits for that
   * store to complete: in that order the fold ran at a third of the product's rate.
   */
  int[] foldOrder() {
    int sequences = channels * phases();
    List<List<Integer>> bySequence = new ArrayList<>();
    for (int q = 0; q < sequences; q++) {
      bySequence.add(new ArrayList<>());
    }
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < kH; i++) {
        for (int j = 0; j < kW; j++) {
          bySequence.get(c * phases() + (i % strideH) * strideW + j % strideW).add((c * kH + i) * kW + j);
        }
      }
    }
    int[] order = new int[rows()];
    int at = 0;
    for (int level = 0; at < order.length; level++) {
      for (List<Integer> taps : bySequence) {
        if (level < taps.size()) {
          order[at++] = taps.get(level);
        }
      }
    }
    return order;
  }

  /** Where each of {@code planes} wide planes starts: {@code p·width()}. */
  int[] wideRows(int planes) {
    int[] rows = new int[planes];
    for (int p = 0; p < planes; p++) {
      rows[p] = p * width;
    }
    return rows;
  }

  /** Writes the phase sequences of the images {@code src} (NCHW) into {@code seq}. */
  void unfold(Tensor src, float[] seq) {
    float[] plane = imagePlane;
    for (int t = 0, planes = src.n() * channels; t < planes; t++) {
      src.buffer().get(src.offset() + t * inPlane(), plane, 0, inPlane());
      unfoldPlane(plane, seq, t);
    }
  }

  /**
   * Writes the phase sequences of the gradient with respect to the input of an activation into
   * {@code seq}, from {@code grad}, the gradient with respect to its output {@code y} (NCHW, n ×
   * channels × inH × inW). The sequences leave out pixels no tap reaches; their gradient, summed
   * per channel over the batch, goes to {@code uncoveredSums} ({@code channels} values,
   * overwritten): a transposed convolution's bias reaches them alone.
   */
  void unfoldGradient(Tensor grad, Tensor y, Activation act, float[] seq, double[] uncoveredSums) {
    float[] plane = imagePlane;
    float[] outputs = imageOutputs;
    Arrays.fill(uncoveredSums, 0, channels, 0);
    for (int t = 0, planes = grad.n() * channels; t < planes; t++) {
      grad.buffer().get(grad.offset() + t * inPlane(), plane, 0, inPlane());
      y.buffer().get(y.offset() + t * inPlane(), outputs);
      act.backward(plane, outputs, 0, inPlane());
      unfoldPlane(plane, seq, t);
      for (int p : uncovered) {
        uncoveredSums[t % channels] += plane[p];
      }
    }
  }

  /**
   * Writes the sequences of plane {@code t}: sequence element {@code q = r·wideW + m} of phase
   * {@code (a, b)} is padded pixel {@code (r·strideH + a, m·strideW + b)}, zero outside the image.
   * {@code plane} holds one more value after the pixels, zero.
   */
  private void unfoldPlane(float[] plane, float[] seq, int t) {
    int base = t * unfoldMap.length;
    for (int q = 0; q < unfoldMap.length; q++) {
      seq[base + q] = plane[unfoldMap[q]];
    }
  }

  /** Reads the images {@code dst} (NCHW) back from the phase sequences {@code seq}. */
  void fold(float[] seq, Tensor dst) {
    float[] plane = imagePlane;
    for (int t = 0, planes = dst.n() * channels; t < planes; t++) {
      foldPlane(seq, t, plane, 0f);
      dst.buffer().put(dst.offset() + t * inPlane(), plane, 0, inPlane());
    }
  }

  /**
   * {@link #fold} of sequences that start at the bias (a transposed convolution's output), then
   * {@code act}; pixels no tap reaches get their channel's {@code bias} alone.
   */
  void fold(float[] seq, Tensor dst, float[] bias, Activation act) {
    float[] plane = imagePlane;
    for (int t = 0, planes = dst.n() * channels; t < planes; t++) {
      foldPlane(seq, t, plane, bias[t % channels]);
      act.forward(plane, 0, inPlane());
      dst.buffer().put(dst.offset() + t * inPlane(), plane, 0, inPlane());
    }
  }

  /** The inverse of {@link #unfoldPlane}; pixels beyond every sequence (no tap reaches them) are {@code alone}. */
  private void foldPlane(float[] seq, int t, float[] plane, float alone) {
    int base = t * unfoldMap.length;
    for (int p = 0; p < foldMap.length; p++) {
      plane[p] = seq[base + foldMap[p]];
    }
    for (int p : uncovered) {
      plane[p] = alone;
    }
  }

  /**
   * Copies the feature-side planes {@code src} (NCHW, n × any channels × outH × outW) into the
   * wide layout {@code wide}, junk positions zero.
   */
  void widen(Tensor src, float[] wide) {
    float[] plane = featurePlane;
    for (int p = 0, planes = src.n() * src.shape().channels(); p < planes; p++) {
      src.buffer().get(src.offset() + p * outPlane(), plane);
      expandRows(plane, wide, p);
    }
  }

  /**
   * {@link #widen} for the gradient with respect to the input of an activation, from
   * {@code grad}, the gradient with respect to its output {@code y}.
   */
  void widenGradient(Tensor grad, Tensor y, Activation act, float[] wide) {
    float[] plane = featurePlane;
    float[] outputs = featureOutputs;
    for (int p = 0, planes = grad.n() * grad.shape().channels(); p < planes; p++) {
      grad.buffer().get(grad.offset() + p * outPlane(), plane);
      y.buffer().get(y.offset() + p * outPlane(), outputs);
      act.backward(plane, outputs, 0, plane.length);
      expandRows(plane, wide, p);
    }
  }

  private void expandRows(float[] plane, float[] wide, int p) {
    int start = p * width;
    PatchKernels.instance().copyRows(plane, 0, outW, wide, start, wideW, outH, outW);
    for (int oh = 0; oh < outH; oh++) {
      for (int m = start + oh * wideW + outW; m < start + (oh + 1) * wideW; m++) {
        wide[m] = 0f;
      }
    }
    Arrays.fill(wide, start + outH * wideW, start + width, 0f);
  }

  /** The inverse of {@link #widen}: copies the planes of {@code wide} into {@code dst} (NCHW). */
  void narrow(float[] wide, Tensor dst) {
    float[] plane = featurePlane;
    for (int p = 0, planes = dst.n() * dst.shape().channels(); p < planes; p++) {
      compactRows(wide, p, plane);
      dst.buffer().put(dst.offset() + p * outPlane(), plane);
    }
  }

  /** {@link #narrow} applying {@code act}. */
  void narrow(float[] wide, Tensor dst, Activation act) {
    float[] plane = featurePlane;
    for (int p = 0, planes = dst.n() * dst.shape().channels(); p < planes; p++) {
      compactRows(wide, p, plane);
      act.forward(plane, 0, plane.length);
      dst.buffer().put(dst.offset() + p * outPlane(), plane);
    }
  }

  private void compactRows(float[] wide, int p, float[] plane) {
    PatchKernels.instance().copyRows(wide, p * width, wideW, plane, 0, outW, outH, outW);
  }

  private int tapOffset(int i, int j) {
    return (i / strideH) * wideW + j / strideW;
  }



}
