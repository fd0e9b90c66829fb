package io.facerecon.linalg;

import java.util.function.Supplier;

/**
 * Matrix products split by rows of the result across our threads, each part one single-threaded
 * OpenBLAS call.
 *
 * <p>For the skinny products of NMF (k ≈ 30 rows or columns against a large matrix) OpenBLAS's
 * own threads synchronise many times per call; when other programs compete for the cores, a
 * descheduled partner stalls every such barrier and a 2-thread call became 5–30 times slower
 * than a 1-thread one here. Independent row blocks need no barrier but the final join. Run these
 * products inside {@link #withSingleThreadedBlas}, or the parts would also use OpenBLAS's
 * threads.
 */
public final class ParallelGemm {
  private static final int MIN_ROWS_PER_THREAD = 32;

  private ParallelGemm() {}

  /** {@code c = a · op(b)}, where op(b) is b or bᵀ; the rows of a and c are split across threads. */
  public static void rows(FloatMatrix a, boolean transB, FloatMatrix b, FloatMatrix c) {
    if (c.rows() != a.rows()) {
      throw new IllegalArgumentException("rows: a is " + a + " but c is " + c);
    }
    if (Blas.ownKernelTakes(false, a.rows(), c.cols(), a.cols())) {
      // Our kernel splits the rows itself, packing op(b) once for all threads.
      Blas.gemm(false, transB, 1f, a, b, 0f, c);
      return;
    }
    Parallel.forRange(
        a.rows(),
        MIN_ROWS_PER_THREAD,
        (from, to) -> Blas.gemm(false, transB, 1f, a.rowRange(from, to), b, 0f, c.rowRange(from, to)));
  }

  /**
   * {@code c = aᵀ · op(b)} for a (k × m) stored inner index by inner index, as Vᵀ is for V·Hᵀ;
   * the rows of c (columns of a) are split across threads.
   */
  public static void transposedRows(FloatMatrix a, boolean transB, FloatMatrix b, FloatMatrix c) {
    if (c.rows() != a.cols()) {
      throw new IllegalArgumentException("transposedRows: a is " + a + " but c is " + c);
    }
    if (Blas.ownKernelTakes(true, a.cols(), c.cols(), a.rows())) {
      // Our kernel splits the result's rows itself, packing op(b) once for all threads.
      Blas.gemm(true, transB, 1f, a, b, 0f, c);
      return;
    }
    Parallel.forRange(
        a.cols(),
        MIN_ROWS_PER_THREAD,
        (from, to) -> Blas.gemmColumnsTransposed(a, from, to, transB, b, c.rowRange(from, to)));
  }

  /**
   * Runs {@code body} with OpenBLAS single-threaded, so that {@link #rows} parallelises by our
   * threads alone, and restores OpenBLAS's thread count afterwards. Other BLAS calls made in the
   * meantime, from any thread, also run single-threaded.
   */
  public static <T> T withSingleThreadedBlas(Supplier<T> body) {
    synchronized (ParallelGemm.class) {
      // Before any explicit setting OpenBLAS reports -1: it then uses one thread per core.
      int before = Blas.threads() >= 1 ? Blas.threads() : Runtime.getRuntime().availableProcessors();
      Blas.setThreads(1);
      try {
        return body.get();
      } finally {
        Blas.setThreads(before);
      }
    }
  }
}
