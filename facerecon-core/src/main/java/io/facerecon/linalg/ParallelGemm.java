package io.facerecon.linalg;

/**
 * Matrix products split by rows or by columns of the result across our threads, each part one
 * single-threaded OpenBLAS call.
 *
 * <p>For the skinny products of NMF (k ≈ 30 rows or columns against a large matrix) OpenBLAS's
 * own threads synchronise many times per call; when other programs compete for the cores, a
 * descheduled partner stalls every such barrier. Independent blocks need no barrier but the final
 * join. The threads are those of the caller's {@link ExecutionContext}.
 */
public final class ParallelGemm {
  /** Rows or columns of the result per thread, at least. */
  private static final int MIN_PER_THREAD = 32;

  private ParallelGemm() {}

  /**
   * {@code c = a · op(b)}, the columns of c (and of op(b)) split across threads, each part one
   * OpenBLAS call reading its columns in place: for a result with few rows and many columns, where
   * a split by rows would have every thread pack all of op(b).
   *
   * @param a the left factor, m × k
   * @param transB whether op(b) is bᵀ
   * @param b the right factor
   * @param c the result, m × n, overwritten
   */
  public static void columns(FloatMatrix a, boolean transB, FloatMatrix b, FloatMatrix c) {
    Parallel.forRange(
        c.cols(),
        MIN_PER_THREAD,
        (from, to) -> Blas.gemmColumns(a, transB, b, from, to, c));
  }

  /**
   * {@code c = aᵀ · op(b)} for a (k × m) stored inner index by inner index, as Vᵀ is for V·Hᵀ;
   * the rows of c (columns of a) are split across threads.
   *
   * @param a the left factor, k × m
   * @param transB whether op(b) is bᵀ
   * @param b the right factor
   * @param c the result, m × n, overwritten
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
        MIN_PER_THREAD,
        (from, to) -> Blas.gemmColumnsTransposed(a, from, to, transB, b, c.rowRange(from, to)));
  }
}
