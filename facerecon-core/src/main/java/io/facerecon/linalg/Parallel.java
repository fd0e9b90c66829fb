package io.facerecon.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Parallel loops over index ranges, on a fixed pool shared by the whole program.
 *
 * <p>A range is cut into as many contiguous chunks as there are threads, so the same thread count
 * always gives the same chunks: reductions combined in chunk order are reproducible.
 */
public final class Parallel {
  /** The body of a loop over {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    /** Processes indices {@code from} (inclusive) to {@code to} (exclusive). */
    void run(int from, int to);
  }

  /** The body of a reduction over {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeSum {
    /** Returns the partial sum over indices {@code from} (inclusive) to {@code to} (exclusive). */
    double sum(int from, int to);
  }

  /** Set on the pool's threads, so that a loop nested in another runs serially in its worker. */
  private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> false);

  private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
  private static ExecutorService pool = newPool(threads);

  private Parallel() {}

  private static ExecutorService newPool(int n) {
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t =
              new Thread(
                  () -> {
                    IN_WORKER.set(true);
                    r.run();
                  },
                  "facerecon-worker");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Sets the number of threads for our loops and for OpenBLAS. Results are reproducible for a
   * given thread count.
   */
  public static synchronized void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + n);
    }
    if (n != threads) {
      pool.shutdown();
      pool = newPool(n);
      threads = n;
    }
    Blas.setThreads(n);
  }

  /** The number of threads our loops use. */
  public static int threads() {
    return threads;
  }

  /** True on a thread of the pool, i.e. inside the body of a parallel loop. */
  static boolean inWorker() {
    return IN_WORKER.get();
  }

  /** Runs {@code body} over {@code [0, n)} cut into one chunk per thread. */
  public static void forRange(int n, RangeBody body) {
    forRange(n, 1, body);
  }

  /**
   * Runs {@code body} over {@code [0, n)}; runs serially when {@code n < minPerThread * 2}, where
   * threading would cost more than it saves.
   */
  public static void forRange(int n, int minPerThread, RangeBody body) {
    int chunks = chunkCount(n, minPerThread);
    if (chunks <= 1) {
      body.run(0, n);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      int from = chunkStart(n, chunks, c);
      int to = chunkStart(n, chunks, c + 1);
      futures.add(pool.submit(() -> body.run(from, to)));
    }
    body.run(0, chunkStart(n, chunks, 1));
    for (Future<?> f : futures) {
      await(f);
    }
  }

  /**
   * Sums {@code body} over {@code [0, n)}: partial sums per chunk, added in chunk order, so the
   * result depends only on {@code n} and the thread count.
   */
  public static double sum(int n, int minPerThread, RangeSum body) {
    int chunks = chunkCount(n, minPerThread);
    if (chunks <= 1) {
      return body.sum(0, n);
    }
    List<Future<Double>> futures = new ArrayList<>(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      int from = chunkStart(n, chunks, c);
      int to = chunkStart(n, chunks, c + 1);
      futures.add(pool.submit(() -> body.sum(from, to)));
    }
    double total = body.sum(0, chunkStart(n, chunks, 1));
    for (Future<Double> f : futures) {
      total += await(f);
    }
    return total;
  }

  private static int chunkCount(int n, int minPerThread) {
    int t = threads;
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
