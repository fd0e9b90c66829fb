package io.facerecon.nn;

/**
 * Mean squared error over all elements, as PyTorch's {@code nn.MSELoss()} ({@code reduction=
 * 'mean'}): {@code Σ(x − y)² / numel}; the gradient is {@code 2(x − y) / numel}. The sum is
 * accumulated in double, in a fixed order for a given thread count.
 */
public final class MSELoss {
  private static final int BLOCK = 4096;
  private final Buffer grad = new Buffer();
  private Tensor lastPrediction;
  private Tensor lastTarget;

  /** The loss of {@code prediction} against {@code target}; remembers both for {@link #backward}. */
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
          float[] a = new float[BLOCK];
          float[] b = new float[BLOCK];
          double s = 0;
          for (int blk = from; blk < to; blk++) {
            int start = blk * BLOCK;
            int len = Math.min(BLOCK, size - start);
            x.buffer().get(x.offset() + start, a, 0, len);
            y.buffer().get(y.offset() + start, b, 0, len);
            for (int i = 0; i < len; i++) {
              double d = a[i] - b[i];
              s += d * d;
            }
          }
          return s;
        });
  }

  /** The gradient of the last loss with respect to the prediction. */
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
