package io.facerecon.linalg;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The one door to BLAS: every matrix product in facerecon goes through here.
 *
 * <p>Backed by OpenBLAS (shipped in the {@code org.bytedeco:openblas} jar), called on off-heap
 * {@link FloatMatrix} storage so no operand is copied. Narrow results with a long inner dimension
 * (NMF's Vᵀ·W at k ≈ 30) go to our own SIMD kernels when the JVM has the Vector API: {@link
 * SkinnyGemm} for {@code a · op(b)} and {@link SkinnyGemmTransposed} for {@code aᵀ · op(b)} (V·Hᵀ
 * from the stored Vᵀ). OpenBLAS runs those shapes at about half the machine's rate.
 */
public final class Blas {
  private static final int ROW_MAJOR = openblas.CblasRowMajor;
  private static final int NO_TRANS = openblas.CblasNoTrans;
  private static final int TRANS = openblas.CblasTrans;

  /** Threads per call for callers that did not ask for one ({@link #onOneThread}); -1 until set. */
  private static volatile int threads = -1;
  /** The count last given to OpenBLAS. */
  private static volatile int applied = -1;
  private static final ThreadLocal<Boolean> ONE_THREAD = ThreadLocal.withInitial(() -> false);

  private Blas() {}

  /** Sets the number of threads OpenBLAS uses for one call. */
  public static void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    Blas.threads = threads;
    apply(threads);
  }

  /** The number of threads OpenBLAS uses for one call (outside {@link #onOneThread}). */
  public static int threads() {
    return threads >= 1 ? threads : openblas.blas_get_num_threads();
  }

  /**
   * Runs {@code task} with this thread's products on one OpenBLAS thread, for callers that
   * parallelise by running products on several threads of their own. OpenBLAS's count is global:
   * it is changed only when a product needs another count than the last one, because each change
   * wakes OpenBLAS's workers, which then spin for milliseconds on the cores the callers need.
   */
  public static void onOneThread(Runnable task) {
    boolean was = ONE_THREAD.get();
    ONE_THREAD.set(true);
    try {
      task.run();
    } finally {
      ONE_THREAD.set(was);
    }
  }

  /** Gives OpenBLAS this thread's count for the next call (see {@link #onOneThread}). */
  private static void applyWantedThreads() {
    int wanted = ONE_THREAD.get() ? 1 : threads;
    if (wanted >= 1 && wanted != applied) {
      apply(wanted);
    }
  }

  private static synchronized void apply(int count) {
    if (count != applied) {
      openblas.blas_set_num_threads(count);
      applied = count;
    }
  }

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op(x)} is {@code x} or its
   * transpose. Shapes are checked: op(a) is m×k, op(b) is k×n and c is m×n.
   */
  public static void gemm(
      boolean transA, boolean transB, float alpha, FloatMatrix a, FloatMatrix b, float beta,
      FloatMatrix c) {
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int kb = transB ? b.cols() : b.rows();
    int n = transB ? b.rows() : b.cols();
    if (k != kb || c.rows() != m || c.cols() != n) {
      throw new IllegalArgumentException(
          "gemm: op(a) is " + m + "x" + k + ", op(b) is " + kb + "x" + n + ", c is " + c.rows()
              + "x" + c.cols());
    }
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      scale(c, beta);
      return;
    }
    if (ownKernelTakes(transA, m, n, k)) {
      // No barrier inside, only the final join: it may use our pool whatever OpenBLAS's setting.
      boolean serial = ONE_THREAD.get() || Parallel.inWorker();
      if (transA) {
        SkinnyGemmTransposed.gemm(a, transB, b, alpha, beta, c, serial);
      } else {
        SkinnyGemm.gemm(a, transB, b, alpha, beta, c, serial);
      }
      return;
    }
    applyWantedThreads();
    openblas.cblas_sgemm(
        ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
        a.pointer(), a.cols(), b.pointer(), b.cols(), beta, c.pointer(), c.cols());
  }

  /**
   * {@code c = a[:, from, to)ᵀ · op(b)}: columns {@code [from, to)} of a (k × m) transposed, times
   * op(b) (k × n), into c ((to − from) × n); one OpenBLAS call reading the columns in place. For
   * {@link ParallelGemm#transposedRows}, which runs these parts on its threads.
   */
  static void gemmColumnsTransposed(
      FloatMatrix a, int from, int to, boolean transB, FloatMatrix b, FloatMatrix c) {
    int k = a.rows();
    int n = transB ? b.rows() : b.cols();
    if (from < 0 || to > a.cols() || from > to || (transB ? b.cols() : b.rows()) != k
        || c.rows() != to - from || c.cols() != n) {
      throw new IllegalArgumentException(
          "gemm: columns " + from + ".." + to + " of " + a + ", b " + b + ", c " + c);
    }
    if (to == from || n == 0) {
      return;
    }
    FloatPointer first = (FloatPointer) new FloatPointer(a.buffer()).position(a.offset() + from);
    applyWantedThreads();
    openblas.cblas_sgemm(
        ROW_MAJOR, TRANS, transB ? TRANS : NO_TRANS, to - from, n, k, 1f, first, a.cols(),
        b.pointer(), b.cols(), 0f, c.pointer(), c.cols());
  }

  /** True when {@link #gemm} computes this shape (op(a) m×k, op(b) k×n) with a kernel of our own. */
  static boolean ownKernelTakes(boolean transA, int m, int n, int k) {
    return VectorSupport.AVAILABLE
        && (transA ? SkinnyGemmTransposed.suits(m, n, k) : SkinnyGemm.suits(m, n, k));
  }

  /**
   * Gets our SIMD kernel compiled by the JIT ahead of the first real product, on the calling
   * thread; a no-op without the Vector API. Run it beside work that does not compute (reading
   * images), so that a fit's first products do not run interpreted. Results do not change.
   */
  public static void warmUp() {
    if (VectorSupport.AVAILABLE) {
      SkinnyGemm.warmUp();
      SkinnyGemmTransposed.warmUp();
    }
  }

  /** {@code c = op(a) * op(b)}, a new matrix. */
  public static FloatMatrix multiply(boolean transA, FloatMatrix a, boolean transB, FloatMatrix b) {
    FloatMatrix c =
        FloatMatrix.zeros(transA ? a.cols() : a.rows(), transB ? b.rows() : b.cols());
    gemm(transA, transB, 1f, a, b, 0f, c);
    return c;
  }

  private static void scale(FloatMatrix c, float beta) {
    for (int i = 0, n = c.size(); i < n; i++) {
      c.set(i, beta == 0f ? 0f : beta * c.get(i));
    }
  }
}
