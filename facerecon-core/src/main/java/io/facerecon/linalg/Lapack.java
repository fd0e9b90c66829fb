package io.facerecon.linalg;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The one door to LAPACK (OpenBLAS's LAPACKE): thin SVD, QR and LU of float32 matrices, each as
 * SciPy calls it ({@code scipy.linalg.svd}, {@code qr(mode='economic')}, {@code lu(permute_l=True)}),
 * so that code ported from scikit-learn runs the same LAPACK routines on the same operands.
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
   * The thin SVD of {@code a} (divide and conquer, {@code sgesdd}: SciPy's default driver);
   * {@code a} is not modified.
   *
   * @param a the matrix
   * @return its thin SVD
   * @throws ArithmeticException if {@code sgesdd} does not converge
   */
  public static Svd svd(FloatMatrix a) {
    return svdInPlace(a.copy());
  }

  /**
   * {@link #svd} without the copy: {@code a} is destroyed. For callers whose matrix is already a
   * scratch copy (a centred data matrix), where a second copy would double the memory.
   *
   * @param a the matrix, overwritten with scratch values
   * @return its thin SVD
   * @throws ArithmeticException if {@code sgesdd} does not converge
   */
  public static Svd svdInPlace(FloatMatrix a) {
    int m = a.rows();
    int n = a.cols();
    int r = Math.min(m, n);
    FloatMatrix u = FloatMatrix.zeros(m, r);
    FloatMatrix vt = FloatMatrix.zeros(r, n);
    try (FloatPointer s = new FloatPointer(Math.max(1, r))) {
      int info =
          openblas.LAPACKE_sgesdd(
              ROW_MAJOR, (byte) 'S', m, n, a.pointer(), Math.max(1, n), s, u.pointer(),
              Math.max(1, r), vt.pointer(), Math.max(1, n));
      check("sgesdd", info);
      float[] values = new float[r];
      s.get(values);
      return new Svd(u, values, vt);
    }
  }

  /**
   * Makes the signs of singular vector pairs deterministic, as scikit-learn 1.2's {@code
   * svd_flip(u, vt, u_based_decision)}: pair j (column j of u, row j of vt) is multiplied by the
   * sign of the first entry of largest magnitude in column j of u ({@code uBased}) or in row j of
   * vt, so that entry becomes positive. u·diag(s)·vt is unchanged.
   *
   * @param u left singular vectors as columns, m × r or wider
   * @param vt right singular vectors as rows, with at least as many rows as u has columns, or fewer
   * @param uBased decide on u's columns (true) or on vt's rows (false)
   */
  public static void svdFlip(FloatMatrix u, FloatMatrix vt, boolean uBased) {
    int r = Math.min(u.cols(), vt.rows());
    float[] largest = new float[r];
    float[] best = new float[r];
    if (uBased) {
      for (int i = 0; i < u.rows(); i++) {
        for (int j = 0; j < r; j++) {
          float v = u.get(i, j);
          if (Math.abs(v) > best[j]) {
            best[j] = Math.abs(v);
            largest[j] = v;
          }
        }
      }
    } else {
      for (int j = 0; j < r; j++) {
        for (int c = 0; c < vt.cols(); c++) {
          float v = vt.get(j, c);
          if (Math.abs(v) > best[j]) {
            best[j] = Math.abs(v);
            largest[j] = v;
          }
        }
      }
    }
    for (int j = 0; j < r; j++) {
      if (largest[j] < 0) {
        for (int i = 0; i < u.rows(); i++) {
          u.set(i, j, -u.get(i, j));
        }
        for (int c = 0; c < vt.cols(); c++) {
          vt.set(j, c, -vt.get(j, c));
        }
      }
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
    if (a.rows() < a.cols()) {
      throw new IllegalArgumentException("orthonormalizeColumns needs rows >= cols, got " + a);
    }
    householderQ(a);
  }

  /**
   * The Q of the economic QR decomposition {@code a = Q·R}, as SciPy's {@code qr(a,
   * mode='economic')}: rows × min(rows, cols) with orthonormal columns ({@code sgeqrf}, then
   * {@code sorgqr} on the first min(rows, cols) columns). {@code a} is not modified.
   *
   * @param a the matrix, m × n
   * @return Q, m × min(m, n)
   * @throws ArithmeticException if LAPACK reports a failure
   */
  public static FloatMatrix qrEconomic(FloatMatrix a) {
    int m = a.rows();
    int n = a.cols();
    if (m >= n) {
      FloatMatrix q = a.copy();
      householderQ(q);
      return q;
    }
    // Wide: R takes the last n − m columns; Q is built from the first m reflectors.
    FloatMatrix work = a.copy();
    FloatMatrix q = FloatMatrix.zeros(m, m);
    try (FloatPointer tau = new FloatPointer(Math.max(1, m))) {
      check("sgeqrf", openblas.LAPACKE_sgeqrf(ROW_MAJOR, m, n, work.pointer(), n, tau));
      check("sorgqr", openblas.LAPACKE_sorgqr(ROW_MAJOR, m, m, m, work.pointer(), n, tau));
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        q.set(i, j, work.get(i, j));
      }
    }
    return q;
  }

  /** Overwrites the tall {@code a} with the Q of its thin QR decomposition. */
  private static void householderQ(FloatMatrix a) {
    int m = a.rows();
    int n = a.cols();
    if (n == 0) {
      return;
    }
    try (FloatPointer tau = new FloatPointer(n)) {
      check("sgeqrf", openblas.LAPACKE_sgeqrf(ROW_MAJOR, m, n, a.pointer(), n, tau));
      check("sorgqr", openblas.LAPACKE_sorgqr(ROW_MAJOR, m, n, n, a.pointer(), n, tau));
    }
  }

  /**
   * P·L of the LU decomposition with partial pivoting {@code a = P·L·U}, as SciPy's {@code lu(a,
   * permute_l=True)[0]}: {@code sgetrf} factors {@code a}; L (m × r, r = min(m, n)) is unit lower
   * trapezoidal; its rows are then permuted by P, the row interchanges {@code ipiv} applied in
   * reverse order ({@code slaswp} with increment −1). A zero pivot (a singular {@code a}) is not an
   * error, as in SciPy. {@code a} is not modified.
   *
   * @param a the matrix, m × n
   * @return P·L, m × min(m, n)
   * @throws IllegalArgumentException if LAPACK rejects an argument
   */
  public static FloatMatrix luPermutedLower(FloatMatrix a) {
    int m = a.rows();
    int n = a.cols();
    int r = Math.min(m, n);
    FloatMatrix work = a.copy();
    FloatMatrix pl = FloatMatrix.zeros(m, r);
    if (r == 0) {
      return pl;
    }
    int[] pivots = new int[r];
    try (IntPointer ipiv = new IntPointer(r)) {
      int info = openblas.LAPACKE_sgetrf(ROW_MAJOR, m, n, work.pointer(), n, ipiv);
      if (info < 0) {
        check("sgetrf", info);
      }
      ipiv.get(pivots);
    }
    for (int i = 0; i < m; i++) {
      int diagonal = Math.min(i, r);
      for (int j = 0; j < diagonal; j++) {
        pl.set(i, j, work.get(i, j));
      }
      if (i < r) {
        pl.set(i, i, 1f);
      }
    }
    float[] swap = new float[r];
    for (int i = r - 1; i >= 0; i--) {
      int p = pivots[i] - 1; // LAPACK's pivots count from 1
      if (p != i) {
        FloatMatrix rowI = pl.rowRange(i, i + 1);
        FloatMatrix rowP = pl.rowRange(p, p + 1);
        rowI.buffer().get(rowI.offset(), swap);
        rowI.copyFrom(rowP);
        rowP.setAll(swap);
      }
    }
    return pl;
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
