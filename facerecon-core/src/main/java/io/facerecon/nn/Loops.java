package io.facerecon.nn;

import io.facerecon.linalg.Parallel;

/**
 * The loops of the layer kernels: parallel over the shared pool, or serial on threads that already
 * run one model replica each (see {@link Replicas}); there, splitting work further would only add
 * synchronisation, and nested waits on the shared pool could deadlock.
 */
final class Loops {
  private static final ThreadLocal<Boolean> SERIAL = ThreadLocal.withInitial(() -> false);

  private Loops() {}

  /** Runs {@code body} over {@code [0, n)}, in parallel unless this thread is serial. */
  static void forRange(int n, Parallel.RangeBody body) {
    if (SERIAL.get()) {
      body.run(0, n);
    } else {
      Parallel.forRange(n, body);
    }
  }

  /** Sums {@code body} over {@code [0, n)}, in parallel unless this thread is serial. */
  static double sum(int n, Parallel.RangeSum body) {
    return SERIAL.get() ? body.sum(0, n) : Parallel.sum(n, 1, body);
  }

  /** Runs {@code task} with this thread's kernels serial. */
  static void serially(Runnable task) {
    boolean was = SERIAL.get();
    SERIAL.set(true);
    try {
      task.run();
    } finally {
      SERIAL.set(was);
    }
  }
}
