package io.facerecon.linalg;

import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.openblas.global.openblas;

/**
 * The one door to BLAS: every matrix product in facerecon goes through here.
 *
 * <p>Backed by OpenBLAS (shipped in the {@code org.bytedeco:openblas} jar), called on off-heap
 * {@link FloatMatrix} storage so no operand is copied. Narrow results with a long inner dimension
 * (NMF's Vᵀ·W at k ≈ 30) go to our own SIMD kernels when the JVM has the Vector API: {@link
 * SkinnyGemm} for {@code a · op(b)}, {@link DotGemm} for the narrowest of those (k ≈ 10 or 20) and
 * for {@code a · bᵀ} with few rows (the Gram matrices), {@link SkinnyGemmTransposed} for
 * {@code aᵀ · op(b)} (V·Hᵀ from the stored Vᵀ), where OpenBLAS
 * falls well short of the machine's rate. OpenBLAS runs single-threaded; {@link #gemm} splits a
 * product's rows across the threads of the caller's {@link ExecutionContext}.
 */
public final class Blas {
  private static final int ROW_MAJOR = openblas.CblasRowMajor;
  private static final int NO_TRANS = openblas.CblasNoTrans;
  private static final int TRANS = openblas.CblasTrans;

  /** Rows of a product's result below which splitting it across threads costs more than it saves. */
  private static final int MIN_ROWS_PER_THREAD = 32;
  /**
   * Rows of {@code a} up to which {@link DotGemm} computes {@code a·bᵀ} when both kernels could
   * (NMF's Gram matrices, k × k): {@link SkinnyGemm} transposes all of b into its packed layout on
   * every call, which only many rows of a pay back, while DotGemm copies b's rows as they are.
   */
  private static final int DOT_MAX_ROWS_TRANSPOSED_B = 512;

  static {
    // One OpenBLAS thread per call, for good: its count is process-wide, and our callers split
    // products across the threads of their own ExecutionContext.
    openblas.blas_set_num_threads(1);
  }

  private Blas() {}

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op(x)} is {@code x} or its
   * transpose. Shapes are checked: op(a) is m×k, op(b) is k×n and c is m×n.
   *
   * @param transA whether op(a) is aᵀ
   * @param transB whether op(b) is bᵀ
   * @param alpha scales the product
   * @param a the left factor
   * @param b the right factor
   * @param beta scales the old {@code c}
   * @param c the result, updated in place
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
      if (!WARMED.get()) {
        warmUp();
      }
      boolean serial = Parallel.inLoop() || Parallel.threads() == 1;
      if (transA) {
        SkinnyGemmTransposed.gemm(a, transB, b, alpha, beta, c, serial);
      } else if (SkinnyGemm.suits(m, n, k) && !dotGemmTakes(transB, m, n, k)) {
        SkinnyGemm.gemm(a, transB, b, alpha, beta, c, serial);
      } else {
        DotGemm.gemm(a, transB, b, alpha, beta, c, serial);
      }
      return;
    }
    if (transA) {
      sgemm(true, transB, alpha, a, b, beta, c);
      return;
    }
    // Row blocks of c from row blocks of a: no barrier but the final join.
    Parallel.forRange(m, MIN_ROWS_PER_THREAD,
        (from, to) -> sgemm(false, transB, alpha, a.rowRange(from, to), b, beta, c.rowRange(from, to)));
  }

  /** One OpenBLAS call, on the calling thread. */
  private static void sgemm(
      boolean transA, boolean transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c) {
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int n = transB ? b.rows() : b.cols();
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
    openblas.cblas_sgemm(
        ROW_MAJOR, TRANS, transB ? TRANS : NO_TRANS, to - from, n, k, 1f, a.pointer(from), a.cols(),
        b.pointer(), b.cols(), 0f, c.pointer(), c.cols());
  }

  /**
   * {@code c[:, from, to) = a · op(b)[:, from, to)}: columns {@code [from, to)} of the product, one
   * OpenBLAS call reading op(b)'s columns and writing c's in place. For {@link
   * ParallelGemm#columns}, which runs these parts on its threads.
   */
  static void gemmColumns(FloatMatrix a, boolean transB, FloatMatrix b, int from, int to, FloatMatrix c) {
    int k = a.cols();
    if (from < 0 || to > c.cols() || from > to || (transB ? b.cols() : b.rows()) != k
        || (transB ? b.rows() : b.cols()) != c.cols() || c.rows() != a.rows()) {
      throw new IllegalArgumentException("gemm: columns " + from + ".." + to + " of " + a + " times " + b + " into " + c);
    }
    if (to == from || a.rows() == 0) {
      return;
    }
    openblas.cblas_sgemm(
        ROW_MAJOR, NO_TRANS, transB ? TRANS : NO_TRANS, a.rows(), to - from, k, 1f, a.pointer(), a.cols(),
        b.pointer(transB ? from * b.cols() : from), b.cols(), 0f, c.pointer(from), c.cols());
  }

  /**
   * True when {@link #gemm} computes this shape with a kernel of our own rather than OpenBLAS.
   *
   * @param transA whether op(a) is aᵀ
   * @param m the rows of op(a) and of the result
   * @param n the columns of op(b) and of the result
   * @param k the inner dimension
   * @return whether one of facerecon's SIMD kernels takes the product
   */
  public static boolean ownKernelTakes(boolean transA, int m, int n, int k) {
    return VectorSupport.AVAILABLE
        && (transA
            ? SkinnyGemmTransposed.suits(m, n, k)
            : SkinnyGemm.suits(m, n, k) || DotGemm.suits(m, n, k));
  }

  /** Whether {@link DotGemm} takes a product {@link SkinnyGemm} could compute too: a·bᵀ with few rows. */
  private static boolean dotGemmTakes(boolean transB, int m, int n, int k) {
    return transB && m <= DOT_MAX_ROWS_TRANSPOSED_B && DotGemm.suits(m, n, k);
  }

  /**
   * Set once the kernels have been warmed up. The JIT compiles a kernel from the profile of its
   * first calls: the warm-up's calls give code with the Vector API's intrinsics, while a first
   * profile of other shapes (k-means' blocked products) has been seen to give code several times
   * slower for the rest of the run. So the first product with our kernel warms them up if no caller
   * did.
   */
  private static final AtomicBoolean WARMED = new AtomicBoolean();

  /**
   * Gets our SIMD kernel compiled by the JIT ahead of the first real product, on the calling
   * thread; a no-op without the Vector API. Run it beside work that does not compute (reading
   * images), so that a fit's first products do not run interpreted; otherwise the first product
   * runs it. Results do not change.
   */
  public static void warmUp() {
    WARMED.set(true);
    if (VectorSupport.AVAILABLE) {
      SkinnyGemm.warmUp();
      DotGemm.warmUp();
      SkinnyGemmTransposed.warmUp();
    }
  }

  /**
   * {@code c = op(a) * op(b)}, a new matrix.
   *
   * @param transA whether op(a) is aᵀ
   * @param a the left factor
   * @param transB whether op(b) is bᵀ
   * @param b the right factor
   * @return the product
   */
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
