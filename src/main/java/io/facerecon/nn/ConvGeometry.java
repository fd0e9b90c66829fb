package io.facerecon.nn;

import io.facerecon.linalg.FloatMatrix;
import java.util.Arrays;

/**
 * The sizes of one 2-D convolution and the data movements that turn it into GEMMs:
 * {@link #im2col} unfolds image patches into the columns of a matrix, {@link #col2im} is its
 * adjoint, folding columns back into images by summing overlaps, and {@link #widen} /
 * {@link #narrow} convert the convolution's output-side planes between NCHW and the column layout.
 *
 * <p><b>Wide rows.</b> The columns are not the {@code outH × outW} output positions but
 * {@code outH × wideW}, where {@code wideW = ⌈(inW + 2·padW) / strideW⌉ ≥ outW}: every output row
 * carries a few junk positions at its end. In exchange, split the padded input plane into phases
 * by row and column remainder modulo the stride, and read each phase row by row (its pixels
 * {@code (r·strideH + a, m·strideW + b)} in order): the values kernel tap (i, j) meets at all
 * output positions are then one contiguous run of phase {@code (i mod strideH, j mod strideW)},
 * starting {@code (i / strideH)·wideW + j / strideW} in. im2col gathers each phase once and copies
 * each tap's run from it; col2im sums the runs into the phases with same-index loops (which the
 * JIT vectorises) and scatters each phase once. Short strided loops per output row and tap, which
 * the JIT runs several times slower, are gone. Junk positions of an output-side plane are zero in
 * {@link #widen}, so (with finite weights) they add nothing to products, sums and folds, and
 * {@link #narrow} drops them.
 *
 * <p>The column matrices of a batch are stacked sample by sample: sample {@code b}'s
 * {@code channels·kH·kW × wideCols} matrix starts at row {@code b·channels·kH·kW}; output-side
 * planes are stacked likewise. One GEMM per sample keeps each product in cache: measured here,
 * 16 per-sample GEMMs ran 1.6 (conv 16→32) to 3 times (conv-transpose 16→1) faster than one GEMM
 * over the batch.
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
  /** Positions per output row in the column layout, {@code ≥ outW}. */
  final int wideW;
  /** Padded input width rounded up to a multiple of the stride: {@code wideW·strideW}. */
  private final int rowLength;
  /** Rows of one row-phase plane, enough for every tap's sequence to stay inside it. */
  private final int phaseRows;

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
    this.rowLength = wideW * strideW;
    int paddedH = inH + 2 * padH;
    // Tap (i, ·) reads rows i/strideH … i/strideH + outH of its phase (the last one for junk only).
    this.phaseRows = Math.max((paddedH + strideH - 1) / strideH, outH + (kH - 1) / strideH + 1);
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

  /** Columns of the column matrix and of a widened output-side plane, {@code outH·wideW}. */
  int wideCols() {
    return outH * wideW;
  }

  int inPlane() {
    return inH * inW;
  }

  int outPlane() {
    return outH * outW;
  }

  // Each data movement has one entry point per role, over shared per-plane kernels, so that the
  // JIT compiles each with a profile that does not change between layers: one method serving
  // both (with and without an activation or sums) was compiled and thrown away up to five times
  // in the first epoch.

  /** Writes the column matrix of the images {@code src} (NCHW, n × channels × inH × inW) into {@code col}. */
  void im2col(Tensor src, FloatMatrix col) {
    Loops.forRange(
        channels * src.n(),
        (from, to) -> {
          float[] plane = new float[inPlane()];
          float[] phases = new float[phasesLength()];
          float[] sequence = strideW == 1 ? phases : new float[sequenceLength()];
          for (int t = from; t < to; t++) {
            src.buffer().get(src.offset() + t * inPlane(), plane);
            unfoldPlane(plane, phases, sequence, col, t);
          }
        });
  }

  /**
   * Writes the column matrix of the gradient with respect to the input of an activation into
   * {@code col}, from {@code grad}, the gradient with respect to its output {@code y} (NCHW, n ×
   * channels × inH × inW); {@code planeSums[b·channels + c]} receives the sum of each plane of that
   * gradient (for a bias gradient).
   */
  void im2colOfGradient(Tensor grad, Tensor y, Activation act, FloatMatrix col, double[] planeSums) {
    Loops.forRange(
        channels * grad.n(),
        (from, to) -> {
          float[] plane = new float[inPlane()];
          float[] outputs = new float[inPlane()];
          float[] phases = new float[phasesLength()];
          float[] sequence = strideW == 1 ? phases : new float[sequenceLength()];
          for (int t = from; t < to; t++) {
            grad.buffer().get(grad.offset() + t * inPlane(), plane);
            y.buffer().get(y.offset() + t * inPlane(), outputs);
            act.backward(plane, outputs, 0, plane.length);
            planeSums[t] = sum(plane, plane.length);
            unfoldPlane(plane, phases, sequence, col, t);
          }
        });
  }

  /**
   * Writes the rows of the column matrix that come from plane {@code t = b·channels + c}: the
   * plane goes into the row-phase planes, then each phase's sequence is gathered once and each of
   * its taps copies its part. The padding and slack of {@code phases} must be zero.
   */
  private void unfoldPlane(float[] plane, float[] phases, float[] sequence, FloatMatrix col, int t) {
    int b = t / channels;
    int c = t % channels;
    int k = rows();
    int cols = wideCols();
    for (int ih = 0; ih < inH; ih++) {
      System.arraycopy(plane, ih * inW, phases, phaseIndex(ih), inW);
    }
    for (int rowPhase = 0; rowPhase < strideH; rowPhase++) {
      for (int colPhase = 0; colPhase < strideW; colPhase++) {
        int base = sequenceStart(rowPhase, colPhase);
        if (sequence != phases) {
          for (int q = 0; q < sequence.length; q++) {
            sequence[q] = phases[base + q * strideW];
          }
          base = 0;
        }
        for (int i = rowPhase; i < kH; i += strideH) {
          for (int j = colPhase; j < kW; j += strideW) {
            int at = col.offset() + (b * k + (c * kH + i) * kW + j) * cols;
            col.buffer().put(at, sequence, base + tapOffset(i, j), cols);
          }
        }
      }
    }
  }

  /**
   * Sums the column matrix {@code col} back into the images {@code dst} (NCHW). Each thread owns
   * whole channel planes, so the result does not depend on the thread count.
   */
  void col2im(FloatMatrix col, Tensor dst) {
    Loops.forRange(
        channels * dst.n(),
        (from, to) -> {
          Fold fold = new Fold();
          for (int t = from; t < to; t++) {
            foldPlane(col, t, fold);
            dst.buffer().put(dst.offset() + t * inPlane(), fold.plane);
          }
        });
  }

  /**
   * Sums the column matrix {@code col} back into the images {@code dst} (NCHW), adds
   * {@code bias[c]} to channel {@code c} and applies {@code act}.
   */
  void col2im(FloatMatrix col, Tensor dst, float[] bias, Activation act) {
    Loops.forRange(
        channels * dst.n(),
        (from, to) -> {
          Fold fold = new Fold();
          for (int t = from; t < to; t++) {
            foldPlane(col, t, fold);
            add(fold.plane, bias[t % channels]);
            act.forward(fold.plane, 0, fold.plane.length);
            dst.buffer().put(dst.offset() + t * inPlane(), fold.plane);
          }
        });
  }

  /** The working arrays of {@link #foldPlane}, made once per loop chunk. */
  private final class Fold {
    final float[] plane = new float[inPlane()];
    final float[] phases = new float[phasesLength()];
    final float[] sequence = strideW == 1 ? phases : new float[sequenceLength()];
    // Each row is read to the place it is added to: same-index loops vectorise.
    final float[] segment = new float[sequence.length];
  }

  /** Folds the rows of {@code col} that belong to plane {@code t = b·channels + c} into {@code f.plane}. */
  private void foldPlane(FloatMatrix col, int t, Fold f) {
    int b = t / channels;
    int c = t % channels;
    int k = rows();
    int cols = wideCols();
    float[] phases = f.phases;
    float[] sequence = f.sequence;
    if (sequence == phases || !sequencesCoverImage()) {
      Arrays.fill(phases, 0f);
    }
    for (int rowPhase = 0; rowPhase < strideH; rowPhase++) {
      for (int colPhase = 0; colPhase < strideW; colPhase++) {
        int base = sequence == phases ? sequenceStart(rowPhase, colPhase) : 0;
        if (sequence != phases) {
          Arrays.fill(sequence, 0f);
        }
        for (int i = rowPhase; i < kH; i += strideH) {
          for (int j = colPhase; j < kW; j += strideW) {
            int at = col.offset() + (b * k + (c * kH + i) * kW + j) * cols;
            int start = base + tapOffset(i, j);
            col.buffer().get(at, f.segment, start, cols);
            for (int q = start; q < start + cols; q++) {
              sequence[q] += f.segment[q];
            }
          }
        }
        if (sequence != phases) {
          int start = sequenceStart(rowPhase, colPhase);
          for (int q = 0; q < sequence.length; q++) {
            phases[start + q * strideW] = sequence[q];
          }
        }
      }
    }
    for (int ih = 0; ih < inH; ih++) {
      System.arraycopy(phases, phaseIndex(ih), f.plane, ih * inW, inW);
    }
  }

  /**
   * Copies the output-side planes {@code src} (NCHW, n × any channels × outH × outW) into the
   * column layout {@code wide} (one row of {@link #wideCols()} per plane), junk positions zero.
   */
  void widen(Tensor src, FloatMatrix wide) {
    Loops.forRange(
        src.n() * src.shape().channels(),
        (from, to) -> {
          float[] plane = new float[outPlane()];
          float[] row = new float[wideCols()]; // junk positions are never written
          for (int p = from; p < to; p++) {
            src.buffer().get(src.offset() + p * outPlane(), plane);
            expandRows(plane, row);
            wide.buffer().put(wide.offset() + p * row.length, row);
          }
        });
  }

  /**
   * {@link #widen} for the gradient with respect to the input of an activation, from
   * {@code grad}, the gradient with respect to its output {@code y}; {@code planeSums[p]} receives
   * the sum of plane {@code p} of that gradient (for a bias gradient).
   */
  void widenGradient(Tensor grad, Tensor y, Activation act, FloatMatrix wide, double[] planeSums) {
    Loops.forRange(
        grad.n() * grad.shape().channels(),
        (from, to) -> {
          float[] plane = new float[outPlane()];
          float[] outputs = new float[outPlane()];
          float[] row = new float[wideCols()];
          for (int p = from; p < to; p++) {
            grad.buffer().get(grad.offset() + p * outPlane(), plane);
            y.buffer().get(y.offset() + p * outPlane(), outputs);
            act.backward(plane, outputs, 0, plane.length);
            planeSums[p] = sum(plane, plane.length);
            expandRows(plane, row);
            wide.buffer().put(wide.offset() + p * row.length, row);
          }
        });
  }

  private void expandRows(float[] plane, float[] row) {
    for (int oh = 0; oh < outH; oh++) {
      System.arraycopy(plane, oh * outW, row, oh * wideW, outW);
    }
  }

  /** The inverse of {@link #widen}: copies the planes of {@code wide} into {@code dst} (NCHW). */
  void narrow(FloatMatrix wide, Tensor dst) {
    Loops.forRange(
        dst.n() * dst.shape().channels(),
        (from, to) -> {
          float[] plane = new float[outPlane()];
          float[] row = new float[wideCols()];
          for (int p = from; p < to; p++) {
            wide.buffer().get(wide.offset() + p * row.length, row);
            compactRows(row, plane);
            dst.buffer().put(dst.offset() + p * outPlane(), plane);
          }
        });
  }

  /** {@link #narrow} adding {@code bias[c]} to channel {@code c}, then applying {@code act}. */
  void narrow(FloatMatrix wide, Tensor dst, float[] bias, Activation act) {
    int channelsOut = dst.shape().channels();
    Loops.forRange(
        dst.n() * channelsOut,
        (from, to) -> {
          float[] plane = new float[outPlane()];
          float[] row = new float[wideCols()];
          for (int p = from; p < to; p++) {
            wide.buffer().get(wide.offset() + p * row.length, row);
            compactRows(row, plane);
            add(plane, bias[p % channelsOut]);
            act.forward(plane, 0, plane.length);
            dst.buffer().put(dst.offset() + p * outPlane(), plane);
          }
        });
  }

  private void compactRows(float[] row, float[] plane) {
    for (int oh = 0; oh < outH; oh++) {
      System.arraycopy(row, oh * wideW, plane, oh * outW, outW);
    }
  }

  /** Where input row {@code ih} (column 0) lies in the row-phase planes. */
  private int phaseIndex(int ih) {
    int padded = ih + padH;
    return ((padded % strideH) * phaseRows + padded / strideH) * rowLength + padW;
  }

  private int phasesLength() {
    return strideH * phaseRows * rowLength;
  }

  /**
   * Where the sequence of row phase {@code rowPhase} and column phase {@code colPhase} starts:
   * its element {@code q = r·wideW + m} is padded pixel {@code (r·strideH + rowPhase,
   * m·strideW + colPhase)}, {@code strideW·q} further on, because a phase row is
   * {@code wideW·strideW} long.
   */
  private int sequenceStart(int rowPhase, int colPhase) {
    return rowPhase * phaseRows * rowLength + colPhase;
  }

  /**
   * Values of a phase's sequence that its taps read: output position {@code q = oh·wideW + ow}
   * meets padded pixel {@code (oh·strideH + i, ow·strideW + j)}, element
   * {@code q + tapOffset(i, j)} of the sequence of phase {@code (i mod strideH, j mod strideW)}.
   */
  private int sequenceLength() {
    return wideCols() + tapOffset(kH - 1, kW - 1);
  }

  /**
   * Whether the phase sequences, written whole by col2im, reach every image pixel; otherwise some
   * pixels lie beyond all taps (the kernel never covers them) and must be cleared beforehand.
   */
  private boolean sequencesCoverImage() {
    int lastRow = (padH + inH - 1) / strideH;
    int lastColumn = (padW + inW - 1) / strideW;
    return lastRow * wideW + lastColumn < sequenceLength();
  }

  private int tapOffset(int i, int j) {
    return (i / strideH) * wideW + j / strideW;
  }

  private static void add(float[] plane, float value) {
    for (int i = 0; i < plane.length; i++) {
      plane[i] += value;
    }
  }

  /**
   * The sum of {@code a[0 … length)} in double. Eight running sums, added in a fixed order at the
   * end, keep the adder busy: one sum waits for each previous addition and ran three times slower.
   */
  private static double sum(float[] a, int length) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
      s4 += a[i + 4];
      s5 += a[i + 5];
      s6 += a[i + 6];
      s7 += a[i + 7];
    }
    for (; i < length; i++) {
      s0 += a[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
}
