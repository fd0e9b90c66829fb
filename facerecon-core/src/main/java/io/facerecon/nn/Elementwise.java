package io.facerecon.nn;


/**
 * Runs an element-wise kernel over tensors in blocks: each block is copied into heap arrays, where
 * the JIT compiles plain loops well, and the result copied back; blocks run in parallel.
 */
final class Elementwise {
  /** Elements per block. */
  static final int BLOCK = 4096;
  /**
   * Each thread's three block arrays, kept: the passes run on every layer of every chunk, and
   * arrays made per pass were most of the training loop's garbage.
   */
  private static final ThreadLocal<float[][]> BLOCKS = ThreadLocal.withInitial(() -> new float[3][BLOCK]);

  /** A kernel over {@code length} elements of up to two inputs, writing {@code out}. */
  @FunctionalInterface
  interface Kernel {
    void apply(float[] a, float[] b, float[] out, int length);
  }

  private Elementwise() {}

  /**
   * The calling thread's three arrays of {@link #BLOCK} values, shared by every block loop on it:
   * a kernel must not start another such loop.
   */
  static float[][] blocks() {
    return BLOCKS.get();
  }

  /** {@code out = kernel(a, b)} element by element; {@code b} may be null. */
  static void apply(Tensor a, Tensor b, Tensor out, Kernel kernel) {
    int size = a.size();
    if (out.size() != size || (b != null && b.size() != size)) {
      throw new IllegalArgumentException(
          "element-wise operation on tensors of different sizes: " + a + ", " + b + ", " + out);
    }
    int blocks = (size + BLOCK - 1) / BLOCK;
    Loops.forRange(
        blocks,
        (from, to) -> {
          float[][] scratch = blocks();
          float[] x = scratch[0];
          float[] y = b == null ? null : scratch[1];
          float[] z = scratch[2];
          for (int blk = from; blk < to; blk++) {
            int start = blk * BLOCK;
            int len = Math.min(BLOCK, size - start);
            a.buffer().get(a.offset() + start, x, 0, len);
            if (b != null) {
              b.buffer().get(b.offset() + start, y, 0, len);
            }
            kernel.apply(x, y, z, len);
            out.buffer().put(out.offset() + start, z, 0, len);
          }
        });
  }
}
