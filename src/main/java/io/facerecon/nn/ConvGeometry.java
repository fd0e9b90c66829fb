package io.facerecon.nn;

import io.facerecon.linalg.FloatMatrix;
import java.util.Arrays;

/**
 * The sizes of one 2-D convolution and the two data movements built on them: {@link #im2col}
 * unfolds image patches into the columns of a matrix so that the convolution becomes a GEMM, and
 * {@link #col2im} is its adjoint, folding columns back into images by summing overlaps.
 *
 * <p>The column matrices of a batch are stacked sample by sample: sample {@code b}'s
 * {@code channels·kH·kW × outH·outW} matrix starts at row {@code b·channels·kH·kW} of an
 * {@code n·channels·kH·kW × outH·outW} matrix. One GEMM per sample then writes its NCHW output in
 * place, with no layout pass, and each product stays in cache: measured here, 16 per-sample GEMMs
 * ran 1.6 (conv 16→32) to 3 times (conv-transpose 16→1) faster than one GEMM over the batch.
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
  /** Width and height of an input plane with its zero padding. */
  private final int paddedW;
  private final int paddedH;
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
    this.paddedW = inW + 2 * padW;
    this.paddedH = inH + 2 * padH;
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

  /** Rows of the column matrix, {@code channels·kH·kW}. */
  int rows() {
    return channels * kH * kW;
  }

  int inPlane() {
    return inH * inW;
  }

  int outPlane() {
    return outH * outW;
  }

  /** Writes the column matrix of the images {@code src} (NCHW, n × channels × inH × inW) into {@code col}. */
  void im2col(Tensor src, FloatMatrix col) {
    im2col(src, null, Activation.NONE, col, null);
  }

  /**
   * Writes the column matrix of {@code src} (NCHW, n × channels × inH × inW) into {@code col}.
   * When {@code src} is the gradient with respect to an activation's output {@code y}, {@code act}
   * first turns each plane into the gradient with respect to the activation's input, and
   * {@code planeSums[b·channels + c]} receives the sum of each such plane (for a bias gradient).
   */
  void im2col(Tensor src, Tensor y, Activation act, FloatMatrix col, double[] planeSums) {
    int n = src.n();
    int outPlane = outPlane();
    int k = rows();
    Loops.forRange(
        channels * n,
        (from, to) -> {
          float[] plane = new float[inPlane()];
          float[] padded = new float[paddedH * paddedW];
          float[] outputs = act == Activation.NONE ? null : new float[inPlane()];
          float[] segment = new float[outPlane];
          for (int t = from; t < to; t++) {
            int b = t / channels;
            int c = t % channels;
            src.buffer().get(src.offset() + t * inPlane(), plane);
            if (outputs != null) {
              y.buffer().get(y.offset() + t * inPlane(), outputs);
              act.backward(plane, outputs, 0, plane.length);
            }
            if (planeSums != null) {
              planeSums[t] = SampleGemm.sum(plane, plane.length);
            }
            // The border of `padded` is never written, so it stays zero.
            for (int ih = 0; ih < inH; ih++) {
              System.arraycopy(plane, ih * inW, padded, (ih + padH) * paddedW + padW, inW);
            }
            for (int i = 0; i < kH; i++) {
              for (int j = 0; j < kW; j++) {
                gatherTap(padded, i, j, segment);
                int row = (c * kH + i) * kW + j;
                col.buffer().put(col.offset() + (b * k + row) * outPlane, segment);
              }
            }
          }
        });
  }

  /**
   * Sums the column matrix {@code col} back into the images {@code dst} (NCHW). Each image channel
   * starts from {@code init[c]} (a bias), or from zero when {@code init} is null, and ends with
   * {@code act} applied. Each thread owns whole channel planes, so the result does not depend on
   * the thread count.
   */
  void col2im(FloatMatrix col, Tensor dst, float[] init, Activation act) {
    int n = dst.n();
    int outPlane = outPlane();
    int k = rows();
    Loops.forRange(
        channels * n,
        (from, to) -> {
          float[] plane = new float[inPlane()];
          float[] padded = new float[paddedH * paddedW];
          float[] segment = new float[outPlane];
          for (int t = from; t < to; t++) {
            int b = t / channels;
            int c = t % channels;
            Arrays.fill(padded, init == null ? 0f : init[c]);
            for (int i = 0; i < kH; i++) {
              for (int j = 0; j < kW; j++) {
                int row = (c * kH + i) * kW + j;
                col.buffer().get(col.offset() + (b * k + row) * outPlane, segment);
                scatterTap(segment, i, j, padded);
              }
            }
            for (int ih = 0; ih < inH; ih++) {
              System.arraycopy(padded, (ih + padH) * paddedW + padW, plane, ih * inW, inW);
            }
            act.forward(plane, 0, plane.length);
            dst.buffer().put(dst.offset() + t * inPlane(), plane);
          }
        });
  }

  /**
   * {@code segment[oh·outW + ow] = padded[(oh·strideH + i)·paddedW + ow·strideW + j]}: the values
   * kernel tap (i, j) meets at each output position, row by row (stride 1 copies whole rows).
   */
  private void gatherTap(float[] padded, int i, int j, float[] segment) {
    for (int oh = 0; oh < outH; oh++) {
      int from = (oh * strideH + i) * paddedW + j;
      int to = oh * outW;
      if (strideW == 1) {
        System.arraycopy(padded, from, segment, to, outW);
      } else {
        for (int ow = 0; ow < outW; ow++) {
          segment[to + ow] = padded[from + ow * strideW];
        }
      }
    }
  }

  /** The adjoint of {@link #gatherTap}: adds {@code segment} where tap (i, j) took its values. */
  private void scatterTap(float[] segment, int i, int j, float[] padded) {
    for (int oh = 0; oh < outH; oh++) {
      int to = (oh * strideH + i) * paddedW + j;
      int from = oh * outW;
      for (int ow = 0; ow < outW; ow++) {
        padded[to + ow * strideW] += segment[from + ow];
      }
    }
  }
}
