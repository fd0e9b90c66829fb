package io.facerecon.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Parallel loops over index ranges, on the threads of the calling thread's {@link
 * ExecutionContext}.
 *
 * <p>A range is cut into as many contiguous chunks as there are threads, so the same thread count
 * always gives the same chunks: reductions combined in chunk order are reproducible. The caller
 * runs the first chunk itself; a loop inside a chunk runs serially.
 */
public final class Parallel {
  /** The body of a loop over {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    /**
     * Processes indices {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param from the first index
     * @param to the index after the last
     */
    void run(int from, int to);
  }

  /** The body of a reduction over {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeSum {
    /**
     * Returns the partial sum over indices {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param from the first index
     * @param to the index after the last
     * @return the chunk's sum
     */
    double sum(int from, int to);
  }

  /** Set while a thread runs a chunk of a loop, so that a loop nested in it runs serially. */
  private static final ThreadLocal<Boolean> IN_LOOP = ThreadLocal.withInitial(() -> false);

  private Parallel() {}

  /**
   * The number of threads loops use in the calling thread's {@link ExecutionContext}.
   *
   * @return the thread count
   */
  public static int threads() {
    return ExecutionContext.current().threads();
  }

  /** True inside the body of a parallel loop, on any of its threads. */
  static boolean inLoop() {
    return IN_LOOP.get();
  }

  /**
   * Runs {@code body} over {@code [0, n)} cut into one chunk per thread.
   *
   * @param n the end of the range
   * @param body processes one chunk
   */
  public static void forRange(int n, RangeBody body) {
    forRange(n, 1, body);
  }

  /**
   * Runs {@code body} over {@code [0, n)}; runs serially when {@code n < minPerThread * 2}, where
   * threading would cost more than it saves.
   *
   * @param n the end of the range
   * @param minPerThread the fewest indices worth a thread
   * @param body processes one chunk
   */
  public static void forRange(int n, int minPerThread, RangeBody body) {
    int chunks = chunkCount(n, minPerThread);
    if (chunks <= 1) {
      body.run(0, n);
      return;
    }
    sum(n, minPerThread, (from, to) -> {
      body.run(from, to);
      return 0;
    });
  }

  /**
   * Sums {@code body} over {@code [0, n)}: partial sums per chunk, added in chunk order, so the
   * result depends only on {@code n} and the thread count.
   *
   * @param n the end of the range
   * @param minPerThread the fewest indices worth a thread
   * @param body sums one chunk
   * @return the total
   */
  public static double sum(int n, int minPerThread, RangeSum body) {
    int chunks = chunkCount(n, minPerThread);
    if (chunks <= 1) {
      return body.sum(0, n);
    }
    ExecutionContext context = ExecutionContext.current();
    ExecutorService pool = context.pool();
    List<Future<Double>> futures = new ArrayList<>(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      int from = chunkStart(n, chunks, c);
      int to = chunkStart(n, chunks, c + 1);
      futures.add(pool.submit(() -> context.call(() -> inLoop(() -> body.sum(from, to)))));
    }
    double total = inLoop(() -> body.sum(0, chunkStart(n, chunks, 1)));
    for (Future<Double> f : futures) {
      total += await(f);
    }
    return total;
  }

  /** Runs {@code body} marked as the chunk of a loop. */
  private static double inLoop(java.util.function.DoubleSupplier body) {
    boolean was = IN_LOOP.get();
    IN_LOOP.set(true);
    try {
      return body.getAsDouble();
    } finally {
      IN_LOOP.set(was);
    }
  }

  private static int chunkCount(int n, int minPerThread) {
    int t = IN_LOOP.get() ? 1 : threads();
    return (int) Math.max(1, Math.min(t, n / Math.max(1L, minPerThread)));
  }

  private static int chunkStart(int n, int chunks, int c) {
    return (int) ((long) n * c / chunks);
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a parallel loop", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }
}
