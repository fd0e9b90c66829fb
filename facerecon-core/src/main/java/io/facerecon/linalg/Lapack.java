package io.facerecon.linalg;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The one door to LAPACK (OpenBLAS's LAPACKE): thin SVD and QR of float32 matrices.
 *
 * <p>Calls use LAPACKE's row-major layout, so {@link FloatMatrix} storage is passed as it is.
 */
public final class Lapack {
  private static final int ROW_MAJOR = openblas.LAPACK_ROW_MAJOR;

  private Lapack() {}

  /**
   * A thin singular value decomposition {@code a = u · diag(s) · vt}, singular values in
   * decreasing order.
   *
   * @param u left singular vectors, rows × r, with r = min(rows, cols)
   * @param s the r singular values
   * @param vt right singular vectors as rows, r × cols
   */
  public record Svd(FloatMatrix u, float[] s, FloatMatrix vt) {}

  /**
   * The thin SVD of {@code a} (divide and conquer, {@code sgesdd}); {@code a} is not modified.
   *
   * @param a the matrix
   * @return its thin SVD
   * @throws ArithmeticException if {@code sgesdd} does not converge
   */
  public static Svd svd(FloatMatrix a) {
    int m = a.rows();
    int n = a.cols();
    int r = Math.min(m, n);
    FloatMatrix work = a.copy();
    FloatMatrix u = FloatMatrix.zeros(m, r);
    FloatMatrix vt = FloatMatrix.zeros(r, n);
    try (FloatPointer s = new FloatPointer(Math.max(1, r))) {
      int info =
          openblas.LAPACKE_sgesdd(
              ROW_MAJOR, (byte) 'S', m, n, work.pointer(), Math.max(1, n), s, u.pointer(),
              Math.max(1, r), vt.pointer(), Math.max(1, n));
      check("sgesdd", info);
      float[] values = new float[r];
      s.get(values);
      return new Svd(u, values, vt);
    }
  }

  /**
   * Replaces the tall matrix {@code a} (rows ≥ cols) by an orthonormal basis of its column space:
   * the Q of its thin QR decomposition ({@code sgeqrf} then {@code sorgqr}).
   *
   * @param a the matrix, overwritten with Q
   * @throws IllegalArgumentException if {@code a} has fewer rows than columns
   * @throws ArithmeticException if LAPACK reports a failure
   */
  public static void orthonormalizeColumns(FloatMatrix a) {
    int m = a.rows();
    int n = a.cols();
    if (m < n) {
      throw new IllegalArgumentException("orthonormalizeColumns needs rows >= cols, got " + a);
    }
    if (n == 0) {
      return;
    }
    try (FloatPointer tau = new FloatPointer(n)) {
      check("sgeqrf", openblas.LAPACKE_sgeqrf(ROW_MAJOR, m, n, a.pointer(), n, tau));
      check("sorgqr", openblas.LAPACKE_sorgqr(ROW_MAJOR, m, n, n, a.pointer(), n, tau));
    }
  }

  private static void check(String routine, int info) {
    if (info < 0) {
      throw new IllegalArgumentException(routine + ": argument " + (-info) + " is invalid");
    }
    if (info > 0) {
      throw new ArithmeticException(routine + " did not converge (info " + info + ")");
    }
  }
}
