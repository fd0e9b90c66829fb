package io.facerecon.nn;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * Moves between NCHW tensors and the channel-major matrices (channels × n·plane) that batched
 * convolution GEMMs read and write. Each channel plane of a sample is one contiguous run on both
 * sides, so the moves are block copies.
 */
final class ChannelMajor {
  private ChannelMajor() {}

  /** Copies {@code x} (n × C × plane) into {@code dst} (C × n·plane). */
  static void gather(Tensor x, FloatMatrix dst) {
    int n = x.n();
    int channels = x.shape().channels();
    int plane = x.shape().plane();
    int rowStride = n * plane;
    Parallel.forRange(
        n * channels,
        (from, to) -> {
          for (int t = from; t < to; t++) {
            int b = t / channels;
            int c = t % channels;
            dst.buffer()
                .put(dst.offset() + c * rowStride + b * plane, x.buffer(), x.offset() + t * plane, plane);
          }
        });
  }

  /**
   * Copies {@code src} (C × n·plane) into {@code out} (n × C × plane), adding {@code bias[c]} to
   * channel {@code c} when {@code bias} is not null.
   */
  static void scatter(FloatMatrix src, float[] bias, Tensor out) {
    int n = out.n();
    int channels = out.shape().channels();
    int plane = out.shape().plane();
    int rowStride = n * plane;
    Parallel.forRange(
        n * channels,
        (from, to) -> {
          float[] run = new float[plane];
          for (int t = from; t < to; t++) {
            int b = t / channels;
            int c = t % channels;
            src.buffer().get(src.offset() + c * rowStride + b * plane, run);
            if (bias != null) {
              float v = bias[c];
              for (int k = 0; k < plane; k++) {
                run[k] += v;
              }
            }
            out.buffer().put(out.offset() + t * plane, run);
          }
        });
  }

  /** Sets {@code sums[c]} to the sum of channel {@code c} of {@code g} over samples and pixels. */
  static void channelSums(Tensor g, FloatMatrix sums) {
    int n = g.n();
    int channels = g.shape().channels();
    int plane = g.shape().plane();
    Parallel.forRange(
        channels,
        (from, to) -> {
          float[] run = new float[plane];
          for (int c = from; c < to; c++) {
            double s = 0;
            for (int b = 0; b < n; b++) {
              g.buffer().get(g.offset() + (b * channels + c) * plane, run);
              for (int k = 0; k < plane; k++) {
                s += run[k];
              }
            }
            sums.set(c, (float) s);
          }
        });
  }

  /** The values of a small off-heap matrix (a bias) as a heap array. */
  static float[] values(FloatMatrix m) {
    return m.toArray();
  }
}
