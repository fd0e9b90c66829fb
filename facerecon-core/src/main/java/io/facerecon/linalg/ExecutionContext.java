package io.facerecon.linalg;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * How a computation uses the machine: the number of threads its parallel loops and matrix products
 * run on. The one owner of facerecon's thread policy.
 *
 * <p>A context is in force on a thread while {@link #call} or {@link #run} executes there; elsewhere
 * the {@linkplain #setDefault default} is (one thread per core unless an application sets another).
 * Two fits on two threads of one program, each under its own context, use their own thread counts
 * and change nothing of each other's. Loops nested inside a parallel loop run serially, so work is
 * never split twice and a pool never waits on itself.
 *
 * <p>OpenBLAS runs every call on one thread: its own thread count is a process-wide setting that one
 * fit would change under another, and for NMF's narrow products its threads synchronise so often that
 * a busy machine stalled them. Products are split across the context's threads by {@link Blas}
 * instead, in row blocks that need no barrier but the final join.
 *
 * <p>Results depend on the thread count (reductions are added per chunk, in chunk order) but never
 * on timing: the same seed and thread count give the same numbers.
 */
public final class ExecutionContext {
  private static final ThreadLocal<ExecutionContext> SCOPED = new ThreadLocal<>();
  /** Worker pools by size, shared by every context of that size. */
  private static final ConcurrentMap<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();
  private static final ExecutionContext SERIAL = new ExecutionContext(1);
  private static volatile ExecutionContext defaultContext =
      new ExecutionContext(Math.max(1, Runtime.getRuntime().availableProcessors()));

  private final int threads;

  private ExecutionContext(int threads) {
    this.threads = threads;
  }

  /**
   * A context running loops and products on {@code threads} threads.
   *
   * @param threads the thread count, at least 1
   * @return the context
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public static ExecutionContext ofThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    return threads == 1 ? SERIAL : new ExecutionContext(threads);
  }

  /**
   * The context that runs everything on the calling thread.
   *
   * @return the serial context
   */
  public static ExecutionContext serial() {
    return SERIAL;
  }

  /**
   * The context in force on the calling thread: the innermost {@link #call}, else the default.
   *
   * @return the current context
   */
  public static ExecutionContext current() {
    ExecutionContext scoped = SCOPED.get();
    return scoped != null ? scoped : defaultContext;
  }

  /**
   * Sets the context of threads that have none in scope, e.g. from a command line's thread option.
   * Code that shares its program with other users of facerecon should scope a context with
   * {@link #call} instead.
   *
   * @param context the new default
   */
  public static void setDefault(ExecutionContext context) {
    defaultContext = context;
  }

  /**
   * The number of threads loops and products are split across.
   *
   * @return the thread count
   */
  public int threads() {
    return threads;
  }

  /**
   * Runs {@code body} on the calling thread with this context in force, and returns its result.
   *
   * @param <T> the result's type
   * @param body the work to run
   * @return what {@code body} returns
   */
  public <T> T call(Supplier<T> body) {
    ExecutionContext before = SCOPED.get();
    SCOPED.set(this);
    try {
      return body.get();
    } finally {
      restore(before);
    }
  }

  /**
   * Runs {@code body} on the calling thread with this context in force.
   *
   * @param body the work to run
   */
  public void run(Runnable body) {
    call(() -> {
      body.run();
      return null;
    });
  }

  /** The pool of this context's worker threads (one fewer than {@link #threads}: the caller works too). */
  ExecutorService pool() {
    return POOLS.computeIfAbsent(threads, ExecutionContext::newPool);
  }

  private static void restore(ExecutionContext before) {
    if (before == null) {
      SCOPED.remove();
    } else {
      SCOPED.set(before);
    }
  }

  private static ExecutorService newPool(int threads) {
    return Executors.newFixedThreadPool(
        Math.max(1, threads - 1),
        r -> {
          Thread t = new Thread(r, "facerecon-worker");
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public String toString() {
    return "ExecutionContext[threads=" + threads + "]";
  }
}
