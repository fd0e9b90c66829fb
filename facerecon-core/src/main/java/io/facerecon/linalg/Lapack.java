package io.facerecon.linalg;

import java.lang.invoke.MethodHandles;
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

  static {
    // LAPACK runs on OpenBLAS's threads: Blas's initialiser sets them to one for the whole process,
    // which must hold also when a LAPACK call comes first (on a busy machine OpenBLAS's own
    // threads stall each other).
    try {
      MethodHandles.lookup().ensureInitialized(Blas.class);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

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
   * The k largest singular triplets of {@code a}, exactly ({@code sgesvdx} with range 'I':
   * bidiagonalisation, then bisection and inverse iteration for the wanted triplets only). It costs
   * about what the singular values alone cost, well below a whole {@link #svd} when k is small.
   * {@code a} is overwritten with scratch values.
   *
   * @param a the matrix, m × n, overwritten
   * @param k how many triplets, 1 to min(m, n)
   * @return u (m × k), the k largest singular values (decreasing), vt (k × n)
   * @throws IllegalArgumentException if {@code k} is out of range
   * @throws ArithmeticException if LAPACK reports a failure
   */
  public static Svd svdLeadingInPlace(FloatMatrix a, int k) {
    int m = a.rows();
    int n = a.cols();
    int r = Math.min(m, n);
    if (k < 1 || k > r) {
      throw new IllegalArgumentException("svdLeadingInPlace: k must be in 1.." + r + ", got " + k);
    }
    FloatMatrix u = FloatMatrix.zeros(m, k);
    FloatMatrix vt = FloatMatrix.zeros(k, n);
    try (FloatPointer s = new FloatPointer(r);
        IntPointer found = new IntPointer(1);
        IntPointer support = new IntPointer(12L * r)) {
      check("sgesvdx", openblas.LAPACKE_sgesvdx(
          ROW_MAJOR, (byte) 'V', (byte) 'V', (byte) 'I', m, n, a.pointer(), n, 0f, 0f, 1, k, found, s,
          u.pointer(), k, vt.pointer(), n, support));
      if (found.get() != k) {
        throw new ArithmeticException("sgesvdx found " + found.get() + " of " + k + " singular values");
      }
      float[] values = new float[k];
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

  /**
   * The R of the QR decomposition {@code a = Q·R} ({@code sgeqrf}): min(m, n) × n, upper
   * triangular (trapezoidal when m &lt; n). {@code a} is overwritten with scratch values (the
   * Householder reflectors); Q is not formed. Since Q is orthogonal, R has a's singular values and
   * right singular vectors: for a tall matrix its SVD is the cheaper way to them.
   *
   * @param a the matrix, m × n, overwritten
   * @return R, a new min(m, n) × n matrix
   * @throws ArithmeticException if LAPACK reports a failure
   */
  public static FloatMatrix qrUpperInPlace(FloatMatrix a) {
    int m = a.rows();
    int n = a.cols();
    int r = Math.min(m, n);
    FloatMatrix upper = FloatMatrix.zeros(r, n);
    if (r == 0) {
      return upper;
    }
    try (FloatPointer tau = new FloatPointer(r)) {
      check("sgeqrf", openblas.LAPACKE_sgeqrf(ROW_MAJOR, m, n, a.pointer(), n, tau));
    }
    for (int i = 0; i < r; i++) {
      upper.view(i * n + i, 1, n - i).copyFrom(a.view(i * n + i, 1, n - i));
    }
    return upper;
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
    FloatMatrix work = a.copy();
    if (a.rows() >= a.cols()) {
      luPermutedLowerInPlace(work);
      return work;
    }
    // Wide: L is the unit lower triangle of the first m columns.
    int m = a.rows();
    int[] pivots = getrf(work);
    FloatMatrix pl = FloatMatrix.zeros(m, m);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < i; j++) {
        pl.set(i, j, work.get(i, j));
      }
      pl.set(i, i, 1f);
    }
    permuteRows(pl, pivots);
    return pl;
  }

  /**
   * {@link #luPermutedLower} of a tall {@code a} (rows ≥ cols) in its own memory: {@code a} is
   * overwritten with P·L, which has its shape.
   *
   * @param a the matrix, overwritten
   * @throws IllegalArgumentException if {@code a} has fewer rows than columns
   */
  static void luPermutedLowerInPlace(FloatMatrix a) {
    int n = a.cols();
    if (a.rows() < n) {
      throw new IllegalArgumentException("luPermutedLowerInPlace needs rows >= cols, got " + a);
    }
    int[] pivots = getrf(a);
    for (int i = 0; i < n; i++) {
      a.set(i, i, 1f);
      for (int j = i + 1; j < n; j++) {
        a.set(i, j, 0f);
      }
    }
    permuteRows(a, pivots);
  }

  /** Factors {@code a} in place ({@code sgetrf}) and returns its pivots, counted from 0. */
  private static int[] getrf(FloatMatrix a) {
    int r = Math.min(a.rows(), a.cols());
    int[] pivots = new int[r];
    if (r == 0) {
      return pivots;
    }
    try (IntPointer ipiv = new IntPointer(r)) {
      int info = openblas.LAPACKE_sgetrf(ROW_MAJOR, a.rows(), a.cols(), a.pointer(), a.cols(), ipiv);
      if (info < 0) {
        check("sgetrf", info);
      }
      ipiv.get(pivots);
    }
    for (int i = 0; i < r; i++) {
      pivots[i]--; // LAPACK counts from 1
    }
    return pivots;
  }

  /** P·x: the interchanges of {@code pivots} (row i with row pivots[i]) applied last to first. */
  private static void permuteRows(FloatMatrix x, int[] pivots) {
    int cols = x.cols();
    for (int i = pivots.length - 1; i >= 0; i--) {
      int p = pivots[i];
      for (int j = 0; p != i && j < cols; j++) {
        float t = x.get(i, j);
        x.set(i, j, x.get(p, j));
        x.set(p, j, t);
      }
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
