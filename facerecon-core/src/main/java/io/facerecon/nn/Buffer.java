package io.facerecon.nn;

import io.facerecon.linalg.FloatMatrix;

/**
 * Off-heap memory reused from batch to batch: it grows to the largest size asked for and then
 * hands out views, so the training loop allocates nothing after its first batch.
 */
final class Buffer {
  private FloatMatrix storage = FloatMatrix.zeros(0, 0);

  /** A {@code rows × cols} view of this buffer; its contents are whatever was there before. */
  FloatMatrix matrix(int rows, int cols) {
    long n = (long) rows * cols;
    if (n > storage.size()) {
      storage = FloatMatrix.zeros(1, Math.toIntExact(n));
    }
    return storage.view(0, rows, cols);
  }

  /** An {@code n}-sample tensor of {@code shape} over this buffer; contents as left before. */
  Tensor tensor(int n, Shape shape) {
    return Tensor.wrap(matrix(n, shape.size()), shape);
  }
}
