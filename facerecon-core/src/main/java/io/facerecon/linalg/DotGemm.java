package io.facerecon.linalg;

import static jdk.incubator.vector.VectorOperators.FMA;

import java.nio.FloatBuffer;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code c = alpha · a · op(b) + beta · c} for a result of a few columns (NMF's Vᵀ·W at k ≈ 10 or
 * 20, and its k × k Gram matrices) with a long inner dimension, where {@link SkinnyGemm}'s blocks of
 * two vectors would be mostly padding, or its packing of all of b would cost more than the few rows
 * of a repay: each element as a dot product along the inner dimension,
 *
 * <pre>
 * c[i][t] = alpha · Σ_l (Σ_{j ≡ l mod LANES} a[i][j] · op(b)[j][t]) + beta · c[i][t]
 * </pre>
 *
 * where the inner sum runs in order over j in steps of {@code LANES}, a fused multiply-add per step,
 * and the outer sum over the lanes l = 0 … LANES − 1 in order. The columns of op(b) are packed as
 * rows, so both factors are read along vectors of the inner dimension: every lane does useful work
 * however few columns the result has, where {@link SkinnyGemm}'s tiles broadcast each element of
 * {@code a} across a vector of result columns (with ten columns, more than a third of each vector
 * would be padding).
 *
 * <p>A tile of four rows of {@code a} (copied into an array, since vectors load from arrays) times
 * four packed columns keeps sixteen accumulators in registers, eight loads per sixteen fused
 * multiply-adds. Each element is summed in the same order whatever the thread count. Load this
 * class only when {@link VectorSupport#AVAILABLE} is true: it links against the incubating Vector API.
 */
final class DotGemm {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Adding it changes no value; it gives the JIT a vector of known class to store (see {@link VectorSupport}). */
  private static final FloatVector NEG_ZERO = FloatVector.broadcast(SPECIES, -0f);
  private static final int LANES = SPECIES.length();
  private static final int TILE_ROWS = 4;
  private static final int TILE_COLUMNS = 4;
  /** The widest result this kernel takes: two vectors (at k = 30 SkinnyGemm's blocks measured faster). */
  static final int MAX_COLUMNS = 2 * LANES;
  /** Rows of a per thread below which splitting costs more than it saves. */
  private static final int MIN_ROWS_PER_THREAD = 8 * TILE_ROWS;
  /**
   * Calls of the warm-up: twice the other kernels', so that the JIT also compiles the driver
   * ({@link #multiplyRows}) before real products; with 400 it did so during a fit's first
   * iterations, which then ran slower than with OpenBLAS.
   */
  private static final int WARM_UP_CALLS = 800;

  private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> ROWS = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

  private DotGemm() {}

  /**
   * True when this kernel can compute {@code a · op(b)} with {@code a} m×k and op(b) k×n: few
   * columns, a long inner dimension. {@link Blas} gives it what {@link SkinnyGemm} does not suit,
   * and a·bᵀ with few rows.
   */
  static boolean suits(int m, int n, int k) {
    return n <= MAX_COLUMNS && k >= 256 && m >= TILE_ROWS;
  }

  /**
   * {@code c = alpha · a · op(b) + beta · c}; shapes already checked by {@link Blas#gemm}. The
   * rows of {@code a} are split across {@link Parallel}'s threads, unless {@code serial}.
   */
  static void gemm(
      FloatMatrix a, boolean transB, FloatMatrix b, float alpha, float beta, FloatMatrix c,
      boolean serial) {
    int inner = a.cols();
    int stride = paddedInner(inner);
    int columns = paddedColumns(c.cols());
    float[] packed = ScratchArrays.grown(PACKED, columns * stride);
    pack(b, transB, inner, c.cols(), stride, columns, packed);
    Parallel.RangeBody rows = (from, to) -> multiplyRows(a, packed, stride, columns, alpha, beta, c, from, to);
    if (!serial) {
      Parallel.forRange(a.rows(), MIN_ROWS_PER_THREAD, rows);
    } else {
      rows.run(0, a.rows());
    }
  }

  /**
   * Runs the kernel on a small problem until the JIT has had reason to compile it: before that the
   * Vector API runs interpreted, far slower, and a first large product would pay for that.
   */
  static void warmUp() {
    // Whole tiles and a leftover row, padded columns and a ragged inner tail; enough tiles per call
    // that the tile is called more times than the JIT's threshold for compiling a whole method
    // (with fewer, only its loop was compiled, and a fit's first iterations ran the rest without
    // the Vector API's intrinsics).
    FloatMatrix a = FloatMatrix.zeros(8 * TILE_ROWS + 1, 1000);
    FloatMatrix b = FloatMatrix.zeros(TILE_COLUMNS + 2, a.cols());
    FloatMatrix c = FloatMatrix.zeros(a.rows(), b.rows());
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      gemm(a, true, b, 1f, 0f, c, true);
    }
  }

  /** The inner dimension rounded up to whole vectors: the packed rows' stride. */
  private static int paddedInner(int inner) {
    return (inner + LANES - 1) / LANES * LANES;
  }

  /** Result columns rounded up to whole tiles. */
  private static int paddedColumns(int n) {
    return (n + TILE_COLUMNS - 1) / TILE_COLUMNS * TILE_COLUMNS;
  }

  /**
   * Packs op(b) (inner × n) column by column: column t at {@code t · stride}, zero past the inner
   * dimension and in the padding columns.
   */
  private static void pack(
      FloatMatrix b, boolean transB, int inner, int n, int stride, int columns, float[] out) {
    FloatBuffer src = b.buffer();
    Arrays.fill(out, 0, columns * stride, 0f);
    if (transB) {
      // Row t of b is column t of op(b): one bulk read each.
      for (int t = 0; t < n; t++) {
        src.get(b.offset() + t * inner, out, t * stride, inner);
      }
      return;
    }
    // Row j of b is inner row j of op(b): read in bulk, element-wise reads of the buffer cost more.
    float[] row = ScratchArrays.grown(ROW, n);
    for (int j = 0; j < inner; j++) {
      src.get(b.offset() + j * n, row, 0, n);
      for (int t = 0; t < n; t++) {
        out[t * stride + j] = row[t];
      }
    }
  }

  /** Rows {@code [from, to)} of the result, a tile of rows of a at a time. */
  private static void multiplyRows(
      FloatMatrix a, float[] packed, int stride, int columns, float alpha, float beta, FloatMatrix c,
      int from, int to) {
    float[] rows = ScratchArrays.grown(ROWS, TILE_ROWS * stride);
    float[] sums = ScratchArrays.grown(SUMS, TILE_ROWS * TILE_COLUMNS * LANES);
    int i = from;
    for (; i + TILE_ROWS <= to; i += TILE_ROWS) {
      copyRows(a, i, TILE_ROWS, stride, rows);
      for (int t = 0; t < columns; t += TILE_COLUMNS) {
        tile(rows, stride, packed, t * stride, sums);
        write(sums, TILE_ROWS, alpha, beta, c, i, t);
      }
    }
    for (; i < to; i++) {
      copyRows(a, i, 1, stride, rows);
      for (int t = 0; t < columns; t += TILE_COLUMNS) {
        leftoverRow(rows, stride, packed, t * stride, sums);
        write(sums, 1, alpha, beta, c, i, t);
      }
    }
  }

  /** Rows {@code [first, first + count)} of a into {@code out}, each {@code stride} long, zero-padded. */
  private static void copyRows(FloatMatrix a, int first, int count, int stride, float[] out) {
    int inner = a.cols();
    for (int r = 0; r < count; r++) {
      a.buffer().get(a.offset() + (first + r) * inner, out, r * stride, inner);
      Arrays.fill(out, r * stride + inner, (r + 1) * stride, 0f);
    }
  }

  /**
   * Four rows (in {@code rows}) times four packed columns (from {@code p0}): the sixteen vectors of
   * per-lane sums into {@code sums}, row by row.
   */
  private static void tile(float[] rows, int stride, float[] packed, int p0, float[] sums) {
    int p1 = p0 + stride;
    int p2 = p1 + stride;
    int p3 = p2 + stride;
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = FloatVector.zero(SPECIES);
    FloatVector c02 = FloatVector.zero(SPECIES);
    FloatVector c03 = FloatVector.zero(SPECIES);
    FloatVector c10 = FloatVector.zero(SPECIES);
    FloatVector c11 = FloatVector.zero(SPECIES);
    FloatVector c12 = FloatVector.zero(SPECIES);
    FloatVector c13 = FloatVector.zero(SPECIES);
    FloatVector c20 = FloatVector.zero(SPECIES);
    FloatVector c21 = FloatVector.zero(SPECIES);
    FloatVector c22 = FloatVector.zero(SPECIES);
    FloatVector c23 = FloatVector.zero(SPECIES);
    FloatVector c30 = FloatVector.zero(SPECIES);
    FloatVector c31 = FloatVector.zero(SPECIES);
    FloatVector c32 = FloatVector.zero(SPECIES);
    FloatVector c33 = FloatVector.zero(SPECIES);
    for (int j = 0; j < stride; j += LANES) {
      FloatVector a0 = FloatVector.fromArray(SPECIES, rows, j);
      FloatVector a1 = FloatVector.fromArray(SPECIES, rows, stride + j);
      FloatVector a2 = FloatVector.fromArray(SPECIES, rows, 2 * stride + j);
      FloatVector a3 = FloatVector.fromArray(SPECIES, rows, 3 * stride + j);
      FloatVector b = FloatVector.fromArray(SPECIES, packed, p0 + j);
      c00 = a0.lanewise(FMA, b, c00);
      c10 = a1.lanewise(FMA, b, c10);
      c20 = a2.lanewise(FMA, b, c20);
      c30 = a3.lanewise(FMA, b, c30);
      b = FloatVector.fromArray(SPECIES, packed, p1 + j);
      c01 = a0.lanewise(FMA, b, c01);
      c11 = a1.lanewise(FMA, b, c11);
      c21 = a2.lanewise(FMA, b, c21);
      c31 = a3.lanewise(FMA, b, c31);
      b = FloatVector.fromArray(SPECIES, packed, p2 + j);
      c02 = a0.lanewise(FMA, b, c02);
      c12 = a1.lanewise(FMA, b, c12);
      c22 = a2.lanewise(FMA, b, c22);
      c32 = a3.lanewise(FMA, b, c32);
      b = FloatVector.fromArray(SPECIES, packed, p3 + j);
      c03 = a0.lanewise(FMA, b, c03);
      c13 = a1.lanewise(FMA, b, c13);
      c23 = a2.lanewise(FMA, b, c23);
      c33 = a3.lanewise(FMA, b, c33);
    }
    NEG_ZERO.add(c00).intoArray(sums, 0);
    NEG_ZERO.add(c01).intoArray(sums, LANES);
    NEG_ZERO.add(c02).intoArray(sums, 2 * LANES);
    NEG_ZERO.add(c03).intoArray(sums, 3 * LANES);
    NEG_ZERO.add(c10).intoArray(sums, 4 * LANES);
    NEG_ZERO.add(c11).intoArray(sums, 5 * LANES);
    NEG_ZERO.add(c12).intoArray(sums, 6 * LANES);
    NEG_ZERO.add(c13).intoArray(sums, 7 * LANES);
    NEG_ZERO.add(c20).intoArray(sums, 8 * LANES);
    NEG_ZERO.add(c21).intoArray(sums, 9 * LANES);
    NEG_ZERO.add(c22).intoArray(sums, 10 * LANES);
    NEG_ZERO.add(c23).intoArray(sums, 11 * LANES);
    NEG_ZERO.add(c30).intoArray(sums, 12 * LANES);
    NEG_ZERO.add(c31).intoArray(sums, 13 * LANES);
    NEG_ZERO.add(c32).intoArray(sums, 14 * LANES);
    NEG_ZERO.add(c33).intoArray(sums, 15 * LANES);
  }

  /** One row times four packed columns: the rows left over after the four-row tiles. */
  private static void leftoverRow(float[] rows, int stride, float[] packed, int p0, float[] sums) {
    int p1 = p0 + stride;
    int p2 = p1 + stride;
    int p3 = p2 + stride;
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = FloatVector.zero(SPECIES);
    FloatVector c2 = FloatVector.zero(SPECIES);
    FloatVector c3 = FloatVector.zero(SPECIES);
    for (int j = 0; j < stride; j += LANES) {
      FloatVector a0 = FloatVector.fromArray(SPECIES, rows, j);
      c0 = a0.lanewise(FMA, FloatVector.fromArray(SPECIES, packed, p0 + j), c0);
      c1 = a0.lanewise(FMA, FloatVector.fromArray(SPECIES, packed, p1 + j), c1);
      c2 = a0.lanewise(FMA, FloatVector.fromArray(SPECIES, packed, p2 + j), c2);
      c3 = a0.lanewise(FMA, FloatVector.fromArray(SPECIES, packed, p3 + j), c3);
    }
    NEG_ZERO.add(c0).intoArray(sums, 0);
    NEG_ZERO.add(c1).intoArray(sums, LANES);
    NEG_ZERO.add(c2).intoArray(sums, 2 * LANES);
    NEG_ZERO.add(c3).intoArray(sums, 3 * LANES);
  }

  /**
   * {@code c = alpha · (lane sums) + beta · c} for {@code rowCount} rows from {@code row} and the
   * tile's columns from {@code column}, skipping padding columns.
   */
  private static void write(
      float[] sums, int rowCount, float alpha, float beta, FloatMatrix c, int row, int column) {
    FloatBuffer out = c.buffer();
    int n = c.cols();
    int last = Math.min(n, column + TILE_COLUMNS);
    for (int r = 0; r < rowCount; r++) {
      int at = c.offset() + (row + r) * n;
      for (int t = column; t < last; t++) {
        int s0 = (r * TILE_COLUMNS + t - column) * LANES;
        float s = 0;
        for (int l = 0; l < LANES; l++) {
          s += sums[s0 + l];
        }
        float v = alpha * s;
        if (beta != 0f) {
          v += beta * out.get(at + t);
        }
        out.put(at + t, v);
      }
    }
  }
}
