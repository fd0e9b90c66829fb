package io.facerecon.nn;

import io.facerecon.linalg.Parallel;

/**
 * The loops of the layer kernels, on the threads of the caller's {@link
 * io.facerecon.linalg.ExecutionContext}. On a thread that runs one model replica (see {@link
 * Replicas}) they run serially: that thread is already inside a parallel loop.
 */
final class Loops {
  private Loops() {}

  /** Runs {@code body} over {@code [0, n)}. */
  static void forRange(int n, Parallel.RangeBody body) {
    Parallel.forRange(n, body);
  }

  /** Sums {@code body} over {@code [0, n)}, chunk by chunk in order. */
  static double sum(int n, Parallel.RangeSum body) {
    return Parallel.sum(n, 1, body);
  }
}
