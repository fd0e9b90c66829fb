package io.facerecon.linalg;

import java.nio.FloatBuffer;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code c = alpha · a · op(b) + beta · c} for a narrow result (few columns, long inner
 * dimension) with SIMD kernels of our own: the products V·Hᵀ and Vᵀ·W of NMF.
 *
 * <p>OpenBLAS copies all of {@code a} into packed panels on every call, a large share of the work
 * when each element of {@code a} then meets only about 30 columns; it ran these shapes well below
 * the rate it reaches on a large square product ({@code bench/gemm} prints both). This kernel
 * reads {@code a} where it lies and packs only the small {@code op(b)}, in blocks of two vector
 * widths: a tile of six rows of {@code a} times one block keeps twelve accumulators in
 * registers, and each element of {@code a} feeds two fused multiply-adds.
 *
 * <p>Each element of the result is summed in the same order (along the inner dimension) whatever
 * the thread count, so results do not depend on it. Load this class only when {@link
 * VectorSupport#AVAILABLE} is true: it links against the incubating Vector API.
 */
final class SkinnyGemm {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Adding it changes no value; it gives the JIT a vector of known class to store (see {@link VectorSupport}). */
  private static final FloatVector NEG_ZERO = FloatVector.broadcast(SPECIES, -0f);
  private static final int LANES = SPECIES.length();
  /** Columns of one packed block of op(b): two vectors. */
  private static final int BLOCK = 2 * LANES;
  private static final int TILE_ROWS = 6;
  /** Inner-dimension chunk whose packed block (chunk × BLOCK floats) stays in a 1 MiB L2 cache. */
  private static final int INNER_CHUNK = 2048;
  /** The widest result this kernel takes; wider ones are OpenBLAS's strength. */
  static final int MAX_COLUMNS = 4 * BLOCK;
  /** Rows of a per thread below which splitting costs more than it saves. */
  private static final int MIN_ROWS_PER_THREAD = 4 * TILE_ROWS;
  private static final int WARM_UP_CALLS = 400;

  private static final ThreadLocal<float[]> ACCUMULATORS = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

  private SkinnyGemm() {}

  /**
   * True when this kernel should compute {@code a · op(b)} with {@code a} m×k and op(b) k×n: a
   * narrow result with a long inner dimension, filling whole blocks with little padding, where it
   * measured faster than OpenBLAS.
   */
  static boolean suits(int m, int n, int k) {
    int padded = paddedColumns(n);
    return n <= MAX_COLUMNS && k >= 256 && m >= TILE_ROWS && padded % BLOCK == 0 && padded * 4 <= n * 5;
  }

  /**
   * {@code c = alpha · a · op(b) + beta · c}; shapes already checked by {@link Blas#gemm}. The
   * rows of {@code a} are split across {@link Parallel}'s threads, unless {@code serial}.
   */
  static void gemm(
      FloatMatrix a, boolean transB, FloatMatrix b, float alpha, float beta, FloatMatrix c,
      boolean serial) {
    int inner = a.cols();
    int n = c.cols();
    int padded = paddedColumns(n);
    float[] packed = ScratchArrays.grown(PACKED, inner * padded);
    pack(b, transB, inner, n, padded, packed);
    Parallel.RangeBody rows = (from, to) -> multiplyRows(a, packed, inner, padded, alpha, beta, c, from, to);
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
    FloatMatrix a = FloatMatrix.zeros(4 * TILE_ROWS, 4 * INNER_CHUNK / 8);
    FloatMatrix b = FloatMatrix.zeros(BLOCK, a.cols());
    FloatMatrix c = FloatMatrix.zeros(a.rows(), BLOCK);
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      gemm(a, true, b, 1f, 0f, c, true);
    }
  }

  /** Result columns rounded up to whole vectors. */
  private static int paddedColumns(int n) {
    return (n + LANES - 1) / LANES * LANES;
  }

  /**
   * Packs op(b) (inner × n) into blocks of {@link #BLOCK} columns, each block stored inner-row by
   * inner-row, padding columns zero. Reads b a row at a time in bulk: element-wise reads of the
   * off-heap buffer cost a large share of the product's time.
   */
  private static void pack(FloatMatrix b, boolean transB, int inner, int n, int padded, float[] out) {
    FloatBuffer src = b.buffer();
    int ld = b.cols();
    float[] row = ScratchArrays.grown(ROW, ld);
    Arrays.fill(out, 0, inner * padded, 0f);
    for (int r = 0; r < b.rows(); r++) {
      src.get(b.offset() + r * ld, row, 0, ld);
      if (transB) {
        // Row r of b is column r of op(b).
        int at = inner * (r / BLOCK * BLOCK) + r % BLOCK;
        for (int j = 0; j < inner; j++, at += BLOCK) {
          out[at] = row[j];
        }
      } else {
        // Row r of b is inner row r of op(b).
        for (int col = 0; col < n; col++) {
          out[inner * (col / BLOCK * BLOCK) + r * BLOCK + col % BLOCK] = row[col];
        }
      }
    }
  }

  /** Rows {@code [from, to)} of the result, accumulated per thread, then written with alpha/beta. */
  private static void multiplyRows(
      FloatMatrix a, float[] packed, int inner, int padded, float alpha, float beta,
      FloatMatrix c, int from, int to) {
    int rows = to - from;
    float[] acc = ScratchArrays.grown(ACCUMULATORS, rows * padded);
    Arrays.fill(acc, 0, rows * padded, 0f);
    FloatBuffer x = a.buffer();
    int ld = a.cols();
    int xBase = a.offset() + from * ld;
    for (int j0 = 0; j0 < inner; j0 += INNER_CHUNK) {
      int j1 = Math.min(inner, j0 + INNER_CHUNK);
      for (int start = 0; start < padded; start += BLOCK) {
        int pBase = inner * start;
        int r = 0;
        for (; r + TILE_ROWS <= rows; r += TILE_ROWS) {
          tileTwoVectors(x, xBase + r * ld, ld, j0, j1, packed, pBase, acc, r * padded + start, padded);
        }
        for (; r < rows; r++) {
          leftoverRow(x, xBase + r * ld, j0, j1, packed, pBase, acc, r * padded + start);
        }
      }
    }
    writeResult(acc, padded, alpha, beta, c, from, to);
  }

  /** Six rows of a times one two-vector block of op(b), over inner indices {@code [j0, j1)}. */
  private static void tileTwoVectors(
      FloatBuffer x, int x0, int ld, int j0, int j1, float[] p, int pBase, float[] acc, int accBase,
      int accLd) {
    int x1 = x0 + ld;
    int x2 = x1 + ld;
    int x3 = x2 + ld;
    int x4 = x3 + ld;
    int x5 = x4 + ld;
    int r0 = accBase;
    int r1 = r0 + accLd;
    int r2 = r1 + accLd;
    int r3 = r2 + accLd;
    int r4 = r3 + accLd;
    int r5 = r4 + accLd;
    FloatVector c00 = FloatVector.fromArray(SPECIES, acc, r0);
    FloatVector c01 = FloatVector.fromArray(SPECIES, acc, r0 + LANES);
    FloatVector c10 = FloatVector.fromArray(SPECIES, acc, r1);
    FloatVector c11 = FloatVector.fromArray(SPECIES, acc, r1 + LANES);
    FloatVector c20 = FloatVector.fromArray(SPECIES, acc, r2);
    FloatVector c21 = FloatVector.fromArray(SPECIES, acc, r2 + LANES);
    FloatVector c30 = FloatVector.fromArray(SPECIES, acc, r3);
    FloatVector c31 = FloatVector.fromArray(SPECIES, acc, r3 + LANES);
    FloatVector c40 = FloatVector.fromArray(SPECIES, acc, r4);
    FloatVector c41 = FloatVector.fromArray(SPECIES, acc, r4 + LANES);
    FloatVector c50 = FloatVector.fromArray(SPECIES, acc, r5);
    FloatVector c51 = FloatVector.fromArray(SPECIES, acc, r5 + LANES);
    for (int j = j0; j < j1; j++) {
      int pj = pBase + j * BLOCK;
      FloatVector b0 = FloatVector.fromArray(SPECIES, p, pj);
      FloatVector b1 = FloatVector.fromArray(SPECIES, p, pj + LANES);
      FloatVector v = FloatVector.broadcast(SPECIES, x.get(x0 + j));
      c00 = v.fma(b0, c00);
      c01 = v.fma(b1, c01);
      v = FloatVector.broadcast(SPECIES, x.get(x1 + j));
      c10 = v.fma(b0, c10);
      c11 = v.fma(b1, c11);
      v = FloatVector.broadcast(SPECIES, x.get(x2 + j));
      c20 = v.fma(b0, c20);
      c21 = v.fma(b1, c21);
      v = FloatVector.broadcast(SPECIES, x.get(x3 + j));
      c30 = v.fma(b0, c30);
      c31 = v.fma(b1, c31);
      v = FloatVector.broadcast(SPECIES, x.get(x4 + j));
      c40 = v.fma(b0, c40);
      c41 = v.fma(b1, c41);
      v = FloatVector.broadcast(SPECIES, x.get(x5 + j));
      c50 = v.fma(b0, c50);
      c51 = v.fma(b1, c51);
    }
    NEG_ZERO.add(c00).intoArray(acc, r0);
    NEG_ZERO.add(c01).intoArray(acc, r0 + LANES);
    NEG_ZERO.add(c10).intoArray(acc, r1);
    NEG_ZERO.add(c11).intoArray(acc, r1 + LANES);
    NEG_ZERO.add(c20).intoArray(acc, r2);
    NEG_ZERO.add(c21).intoArray(acc, r2 + LANES);
    NEG_ZERO.add(c30).intoArray(acc, r3);
    NEG_ZERO.add(c31).intoArray(acc, r3 + LANES);
    NEG_ZERO.add(c40).intoArray(acc, r4);
    NEG_ZERO.add(c41).intoArray(acc, r4 + LANES);
    NEG_ZERO.add(c50).intoArray(acc, r5);
    NEG_ZERO.add(c51).intoArray(acc, r5 + LANES);
  }

  /** One row of a times one block: the rows left over after the six-row tiles. */
  private static void leftoverRow(
      FloatBuffer x, int x0, int j0, int j1, float[] p, int pBase, float[] acc, int accBase) {
    FloatVector c0 = FloatVector.fromArray(SPECIES, acc, accBase);
    FloatVector c1 = FloatVector.fromArray(SPECIES, acc, accBase + LANES);
    for (int j = j0; j < j1; j++) {
      int pj = pBase + j * BLOCK;
      FloatVector v = FloatVector.broadcast(SPECIES, x.get(x0 + j));
      c0 = v.fma(FloatVector.fromArray(SPECIES, p, pj), c0);
      c1 = v.fma(FloatVector.fromArray(SPECIES, p, pj + LANES), c1);
    }
    NEG_ZERO.add(c0).intoArray(acc, accBase);
    NEG_ZERO.add(c1).intoArray(acc, accBase + LANES);
  }

  /** {@code c[from, to) = alpha · acc + beta · c}, dropping the padding columns. */
  private static void writeResult(
      float[] acc, int padded, float alpha, float beta, FloatMatrix c, int from, int to) {
    FloatBuffer out = c.buffer();
    int n = c.cols();
    for (int i = from; i < to; i++) {
      int a0 = (i - from) * padded;
      int o0 = c.offset() + i * n;
      for (int t = 0; t < n; t++) {
        float v = alpha * acc[a0 + t];
        if (beta != 0f) {
          v += beta * out.get(o0 + t);
        }
        out.put(o0 + t, v);
      }
    }
  }
}
