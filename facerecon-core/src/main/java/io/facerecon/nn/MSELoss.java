package io.facerecon.nn;

/**
 * Mean squared error over all elements, as PyTorch's {@code nn.MSELoss()} ({@code reduction=
 * 'mean'}): {@code Σ(x − y)² / numel}; the gradient is {@code 2(x − y) / numel}. The sum is
 * accumulated in double, in a fixed order for a given thread count.
 */
public final class MSELoss {
  private static final int BLOCK = Elementwise.BLOCK;
  private final Buffer grad = new Buffer();
  private Tensor lastPrediction;
  private Tensor lastTarget;

  /**
   * The loss of {@code prediction} against {@code target}; remembers both for {@link #backward}.
   *
   * @param prediction x, the network's output
   * @param target y, of the same shape
   * @return {@code Σ(x − y)² / numel}
   */
  public double forward(Tensor prediction, Tensor target) {
    if (prediction.size() != target.size() || !prediction.shape().equals(target.shape())) {
      throw new IllegalArgumentException("MSELoss: prediction " + prediction + " vs target " + target);
    }
    lastPrediction = prediction;
    lastTarget = target;
    return sumOfSquares(prediction, target) / prediction.size();
  }

  /** {@code Σ(x − y)²} in double. */
  static double sumOfSquares(Tensor x, Tensor y) {
    int size = x.size();
    int blocks = (size + BLOCK - 1) / BLOCK;
    return Loops.sum(
        blocks,
        (from, to) -> {
          float[][] scratch = Elementwise.blocks();
          float[] a = scratch[0];
          float[] b = scratch[1];
          double s = 0;
          for (int blk = from; blk < to; blk++) {
            int start = blk * BLOCK;
            int len = Math.min(BLOCK, size - start);
            x.buffer().get(x.offset() + start, a, 0, len);
            y.buffer().get(y.offset() + start, b, 0, len);
            // Four running sums, combined in a fixed order, so the additions need not wait on each other.
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = 0;
            for (; i + 4 <= len; i += 4) {
              double d0 = a[i] - b[i];
              double d1 = a[i + 1] - b[i + 1];
              double d2 = a[i + 2] - b[i + 2];
              double d3 = a[i + 3] - b[i + 3];
              s0 += d0 * d0;
              s1 += d1 * d1;
              s2 += d2 * d2;
              s3 += d3 * d3;
            }
            for (; i < len; i++) {
              double d = a[i] - b[i];
              s0 += d * d;
            }
            s += (s0 + s1) + (s2 + s3);
          }
          return s;
        });
  }

  /**
   * The gradient of the last loss with respect to the prediction.
   *
   * @return {@code 2(x − y) / numel}, owned by the loss: valid until its next backward
   */
  public Tensor backward() {
    return gradient(lastPrediction, lastTarget, lastPrediction.size());
  }

  /**
   * The gradient {@code 2(x − y) / total} for a part of a batch of {@code total} elements, whose
   * loss is the mean over the whole batch.
   */
  Tensor gradient(Tensor prediction, Tensor target, int total) {
    lastPrediction = prediction;
    lastTarget = target;
    Tensor g = grad.tensor(lastPrediction.n(), lastPrediction.shape());
    float norm = (float) (2.0 / total);
    Elementwise.apply(
        lastPrediction,
        lastTarget,
        g,
        (x, y, out, len) -> {
          for (int i = 0; i < len; i++) {
            out[i] = norm * (x[i] - y[i]);
          }
        });
    return g;
  }
}
