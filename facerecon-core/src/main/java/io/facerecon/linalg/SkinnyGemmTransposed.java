package io.facerecon.linalg;

import java.nio.FloatBuffer;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code c = alpha · aᵀ · op(b) + beta · c} for a narrow result (few columns) when {@code a} is
 * stored inner index by inner index (K × M, row-major, K long): NMF's V·Hᵀ computed from the
 * stored Vᵀ, so that V itself need not be kept.
 *
 * <p>The classic GEMM micro-kernel: a row of {@code a} holds consecutive rows of the result, so
 * for each inner index a register tile loads four vectors of {@code a} (64 result rows with
 * 512-bit vectors) and broadcasts six entries of op(b), packed once per call, into 24
 * accumulators. The inner dimension runs in chunks, and each thread copies the strip of {@code a}
 * under its rows of the result in one chunk (a run of whole rows of its part of {@code a}) into an
 * array before its tiles and their column groups sweep it: {@code a} is read from memory once, in
 * runs as long as the thread's part, then from the L2 cache. The chunk shrinks as the part widens,
 * so that the strip stays within half of a 1 MiB L2 cache, down to 32 inner indices (parts wider
 * than 4,096 columns then take more).
 *
 * <p>The result's rows are split across {@link Parallel}'s threads in whole vectors; each element
 * is summed along the inner dimension in order, with fused multiply-adds, whatever the split, so
 * results do not depend on the thread count. Load this class only when {@link
 * VectorSupport#AVAILABLE} is true: it links against the incubating Vector API.
 */
final class SkinnyGemmTransposed {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Adding it changes no value; it gives the JIT a vector of known class to store (see {@link VectorSupport}). */
  private static final FloatVector NEG_ZERO = FloatVector.broadcast(SPECIES, -0f);
  private static final int LANES = SPECIES.length();
  /** Result columns per register tile. */
  private static final int GROUP = 6;
  /** Result rows per register tile: four vectors. */
  private static final int TILE = 4 * LANES;
  /** Inner indices per chunk at most: the tiles' trip count when a thread's part is narrow. */
  private static final int INNER_CHUNK = 1024;
  /** The copied strip's size at most (chunk × the thread's part): half of a 1 MiB L2 cache. */
  private static final int STRIP_BYTES = 512 << 10;
  /** Inner indices per chunk at least, so that tiles reload their accumulators rarely. */
  private static final int MIN_STRIP_ROWS = 32;
  /** The widest result this kernel takes. */
  static final int MAX_COLUMNS = 128;
  /** Vectors of result rows per thread below which splitting costs more than it saves. */
  private static final int MIN_VECTORS_PER_THREAD = 8;
  private static final int WARM_UP_CALLS = 400;

  private static final ThreadLocal<float[]> ACCUMULATORS = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> STRIP = ThreadLocal.withInitial(() -> new float[0]);

  private SkinnyGemmTransposed() {}

  /**
   * True when this kernel should compute {@code aᵀ · op(b)} with {@code a} k×m and op(b) k×n: a
   * narrow result with a long inner dimension, whose columns fill the groups with little padding.
   */
  static boolean suits(int m, int n, int k) {
    return n <= MAX_COLUMNS && k >= 256 && m >= TILE && paddedColumns(n) * 4 <= n * 5;
  }

  /**
   * {@code c = alpha · aᵀ · op(b) + beta · c}; shapes already checked by {@link Blas#gemm}. The
   * rows of {@code c} are split across {@link Parallel}'s threads, unless {@code serial}.
   */
  static void gemm(
      FloatMatrix a, boolean transB, FloatMatrix b, float alpha, float beta, FloatMatrix c,
      boolean serial) {
    int inner = a.rows();
    int padded = paddedColumns(c.cols());
    float[] packed = ScratchArrays.grown(PACKED, inner * padded);
    pack(b, transB, inner, c.cols(), padded, packed);
    int vectors = (a.cols() + LANES - 1) / LANES;
    Parallel.RangeBody rows =
        (from, to) ->
            multiplyRows(a, packed, padded, alpha, beta, c, from * LANES, Math.min(to * LANES, a.cols()));
    if (!serial) {
      Parallel.forRange(vectors, MIN_VECTORS_PER_THREAD, rows);
    } else {
      rows.run(0, vectors);
    }
  }

  /**
   * Runs the kernel on a small problem until the JIT has had reason to compile it: before that the
   * Vector API runs interpreted, far slower. The problem has a whole inner chunk, the tiles' trip
   * count in real products of narrow parts: warmed up on a quarter chunk, the JIT compiled the tile
   * in some runs with a bounds check on every load left in its loop, and products then took twice
   * as long for the rest of the run.
   */
  static void warmUp() {
    FloatMatrix a = FloatMatrix.zeros(INNER_CHUNK, TILE + LANES + 1);
    FloatMatrix b = FloatMatrix.zeros(GROUP, a.rows());
    FloatMatrix c = FloatMatrix.zeros(a.cols(), GROUP);
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      gemm(a, true, b, 1f, 0f, c, true);
    }
  }

  /** Result columns rounded up to whole groups. */
  private static int paddedColumns(int n) {
    return (n + GROUP - 1) / GROUP * GROUP;
  }

  /**
   * Packs op(b) (inner × n) group by group: group g holds, for each inner index in turn, its
   * {@link #GROUP} entries of columns [g·GROUP, (g+1)·GROUP), padding columns zero.
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
        int at = inner * (r / GROUP * GROUP) + r % GROUP;
        for (int i = 0; i < inner; i++, at += GROUP) {
          out[at] = row[i];
        }
      } else {
        // Row r of b is inner row r of op(b).
        for (int col = 0; col < n; col++) {
          out[inner * (col / GROUP * GROUP) + r * GROUP + col % GROUP] = row[col];
        }
      }
    }
  }

  /**
   * Rows {@code [from, to)} of the result (columns of {@code a}), accumulated per thread column by
   * column, then written with alpha/beta. Each chunk of inner indices first copies the strip of
   * {@code a} under the part's whole vectors (one run per inner index) into an array, which the
   * tiles and column groups then read from the cache, rather than as short runs of rows scattered
   * over all of {@code a}.
   */
  private static void multiplyRows(
      FloatMatrix a, float[] packed, int padded, float alpha, float beta, FloatMatrix c, int from,
      int to) {
    int inner = a.rows();
    int ld = a.cols();
    int rows = to - from;
    int accLd = (rows + LANES - 1) / LANES * LANES;
    float[] acc = ScratchArrays.grown(ACCUMULATORS, padded * accLd);
    Arrays.fill(acc, 0, padded * accLd, 0f);
    FloatBuffer x = a.buffer();
    int tiles = rows / TILE;
    int vectorsAfterTiles = rows % TILE / LANES;
    int vectorRows = tiles * TILE + vectorsAfterTiles * LANES;
    int chunk =
        Math.max(MIN_STRIP_ROWS, Math.min(INNER_CHUNK, STRIP_BYTES / Float.BYTES / Math.max(1, vectorRows)));
    float[] strip = ScratchArrays.grown(STRIP, chunk * vectorRows);
    for (int i0 = 0; i0 < inner; i0 += chunk) {
      int count = Math.min(chunk, inner - i0);
      int rowStart = a.offset() + i0 * ld + from;
      for (int i = 0; i < count; i++) {
        x.get(rowStart + i * ld, strip, i * vectorRows, vectorRows);
      }
      for (int q = 0; q < vectorRows; ) {
        boolean whole = q + TILE <= tiles * TILE;
        for (int g = 0; g < padded; g += GROUP) {
          int sAt = inner * g + i0 * GROUP;
          if (whole) {
            tile(strip, q, vectorRows, count, packed, sAt, acc, g * accLd + q, accLd);
          } else {
            singleVector(strip, q, vectorRows, count, packed, sAt, acc, g * accLd + q, accLd);
          }
        }
        q += whole ? TILE : LANES;
      }
      for (int q = vectorRows; q < rows; q++) {
        leftoverRow(a, from + q, i0, count, packed, padded, acc, q, accLd);
      }
    }
    writeResult(acc, accLd, alpha, beta, c, from, to);
  }

  /** One result row beyond the last whole vector, element by element, all columns. */
  private static void leftoverRow(
      FloatMatrix a, int row, int i0, int count, float[] packed, int padded, float[] acc, int q,
      int accLd) {
    FloatBuffer x = a.buffer();
    int inner = a.rows();
    int ld = a.cols();
    for (int g = 0; g < padded; g += GROUP) {
      for (int t = 0; t < GROUP; t++) {
        float sum = acc[(g + t) * accLd + q];
        int sAt = inner * g + i0 * GROUP + t;
        int at = a.offset() + i0 * ld + row;
        for (int i = 0; i < count; i++, at += ld, sAt += GROUP) {
          // Fused as in the vector tiles, so a row's result does not depend on where it falls.
          sum = Math.fma(x.get(at), packed[sAt], sum);
        }
        acc[(g + t) * accLd + q] = sum;
      }
    }
  }

  /** {@code c[from, to) = alpha · acc + beta · c}, acc holding the result column by column. */
  private static void writeResult(
      float[] acc, int accLd, float alpha, float beta, FloatMatrix c, int from, int to) {
    FloatBuffer out = c.buffer();
    int n = c.cols();
    float[] row = ScratchArrays.grown(ROW, n);
    for (int p = from; p < to; p++) {
      int o0 = c.offset() + p * n;
      if (beta != 0f) {
        out.get(o0, row, 0, n);
      }
      for (int t = 0; t < n; t++) {
        float v = alpha * acc[t * accLd + p - from];
        row[t] = beta != 0f ? v + beta * row[t] : v;
      }
      out.put(o0, row, 0, n);
    }
  }

  /**
   * Four vectors of result rows times one group of columns, over {@code count} inner indices of a
   * strip: the rows' values for inner index i start at {@code xAt + i · xLd}.
   */
  private static void tile(
      float[] x, int xAt, int xLd, int count, float[] s, int sAt, float[] acc, int accAt, int accLd) {
    int a0 = accAt;
    int a1 = accAt + 1 * accLd;
    int a2 = accAt + 2 * accLd;
    int a3 = accAt + 3 * accLd;
    int a4 = accAt + 4 * accLd;
    int a5 = accAt + 5 * accLd;
    FloatVector c00 = FloatVector.fromArray(SPECIES, acc, a0);
    FloatVector c01 = FloatVector.fromArray(SPECIES, acc, a0 + 1 * LANES);
    FloatVector c02 = FloatVector.fromArray(SPECIES, acc, a0 + 2 * LANES);
    FloatVector c03 = FloatVector.fromArray(SPECIES, acc, a0 + 3 * LANES);
    FloatVector c10 = FloatVector.fromArray(SPECIES, acc, a1);
    FloatVector c11 = FloatVector.fromArray(SPECIES, acc, a1 + 1 * LANES);
    FloatVector c12 = FloatVector.fromArray(SPECIES, acc, a1 + 2 * LANES);
    FloatVector c13 = FloatVector.fromArray(SPECIES, acc, a1 + 3 * LANES);
    FloatVector c20 = FloatVector.fromArray(SPECIES, acc, a2);
    FloatVector c21 = FloatVector.fromArray(SPECIES, acc, a2 + 1 * LANES);
    FloatVector c22 = FloatVector.fromArray(SPECIES, acc, a2 + 2 * LANES);
    FloatVector c23 = FloatVector.fromArray(SPECIES, acc, a2 + 3 * LANES);
    FloatVector c30 = FloatVector.fromArray(SPECIES, acc, a3);
    FloatVector c31 = FloatVector.fromArray(SPECIES, acc, a3 + 1 * LANES);
    FloatVector c32 = FloatVector.fromArray(SPECIES, acc, a3 + 2 * LANES);
    FloatVector c33 = FloatVector.fromArray(SPECIES, acc, a3 + 3 * LANES);
    FloatVector c40 = FloatVector.fromArray(SPECIES, acc, a4);
    FloatVector c41 = FloatVector.fromArray(SPECIES, acc, a4 + 1 * LANES);
    FloatVector c42 = FloatVector.fromArray(SPECIES, acc, a4 + 2 * LANES);
    FloatVector c43 = FloatVector.fromArray(SPECIES, acc, a4 + 3 * LANES);
    FloatVector c50 = FloatVector.fromArray(SPECIES, acc, a5);
    FloatVector c51 = FloatVector.fromArray(SPECIES, acc, a5 + 1 * LANES);
    FloatVector c52 = FloatVector.fromArray(SPECIES, acc, a5 + 2 * LANES);
    FloatVector c53 = FloatVector.fromArray(SPECIES, acc, a5 + 3 * LANES);
    for (int i = 0, at = xAt; i < count; i++, at += xLd, sAt += GROUP) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, x, at);
      FloatVector x1 = FloatVector.fromArray(SPECIES, x, at + 1 * LANES);
      FloatVector x2 = FloatVector.fromArray(SPECIES, x, at + 2 * LANES);
      FloatVector x3 = FloatVector.fromArray(SPECIES, x, at + 3 * LANES);
      FloatVector b = FloatVector.broadcast(SPECIES, s[sAt]);
      c00 = b.fma(x0, c00);
      c01 = b.fma(x1, c01);
      c02 = b.fma(x2, c02);
      c03 = b.fma(x3, c03);
      b = FloatVector.broadcast(SPECIES, s[sAt + 1]);
      c10 = b.fma(x0, c10);
      c11 = b.fma(x1, c11);
      c12 = b.fma(x2, c12);
      c13 = b.fma(x3, c13);
      b = FloatVector.broadcast(SPECIES, s[sAt + 2]);
      c20 = b.fma(x0, c20);
      c21 = b.fma(x1, c21);
      c22 = b.fma(x2, c22);
      c23 = b.fma(x3, c23);
      b = FloatVector.broadcast(SPECIES, s[sAt + 3]);
      c30 = b.fma(x0, c30);
      c31 = b.fma(x1, c31);
      c32 = b.fma(x2, c32);
      c33 = b.fma(x3, c33);
      b = FloatVector.broadcast(SPECIES, s[sAt + 4]);
      c40 = b.fma(x0, c40);
      c41 = b.fma(x1, c41);
      c42 = b.fma(x2, c42);
      c43 = b.fma(x3, c43);
      b = FloatVector.broadcast(SPECIES, s[sAt + 5]);
      c50 = b.fma(x0, c50);
      c51 = b.fma(x1, c51);
      c52 = b.fma(x2, c52);
      c53 = b.fma(x3, c53);
    }
    // Stored as they are, not through NEG_ZERO (see VectorSupport): 24 more additions made the
    // method too large for C1's register allocator, and a JIT that then left it at its first tier
    // ran it many times slower.
    c00.intoArray(acc, a0);
    c01.intoArray(acc, a0 + 1 * LANES);
    c02.intoArray(acc, a0 + 2 * LANES);
    c03.intoArray(acc, a0 + 3 * LANES);
    c10.intoArray(acc, a1);
    c11.intoArray(acc, a1 + 1 * LANES);
    c12.intoArray(acc, a1 + 2 * LANES);
    c13.intoArray(acc, a1 + 3 * LANES);
    c20.intoArray(acc, a2);
    c21.intoArray(acc, a2 + 1 * LANES);
    c22.intoArray(acc, a2 + 2 * LANES);
    c23.intoArray(acc, a2 + 3 * LANES);
    c30.intoArray(acc, a3);
    c31.intoArray(acc, a3 + 1 * LANES);
    c32.intoArray(acc, a3 + 2 * LANES);
    c33.intoArray(acc, a3 + 3 * LANES);
    c40.intoArray(acc, a4);
    c41.intoArray(acc, a4 + 1 * LANES);
    c42.intoArray(acc, a4 + 2 * LANES);
    c43.intoArray(acc, a4 + 3 * LANES);
    c50.intoArray(acc, a5);
    c51.intoArray(acc, a5 + 1 * LANES);
    c52.intoArray(acc, a5 + 2 * LANES);
    c53.intoArray(acc, a5 + 3 * LANES);
  }

  /**
   * One vector of result rows times one group of columns, from a strip laid out as for {@link
   * #tile}: the rows after the last whole tile.
   */
  private static void singleVector(
      float[] x, int xAt, int xLd, int count, float[] s, int sAt, float[] acc, int accAt, int accLd) {
    int a0 = accAt;
    int a1 = accAt + 1 * accLd;
    int a2 = accAt + 2 * accLd;
    int a3 = accAt + 3 * accLd;
    int a4 = accAt + 4 * accLd;
    int a5 = accAt + 5 * accLd;
    FloatVector c00 = FloatVector.fromArray(SPECIES, acc, a0);
    FloatVector c10 = FloatVector.fromArray(SPECIES, acc, a1);
    FloatVector c20 = FloatVector.fromArray(SPECIES, acc, a2);
    FloatVector c30 = FloatVector.fromArray(SPECIES, acc, a3);
    FloatVector c40 = FloatVector.fromArray(SPECIES, acc, a4);
    FloatVector c50 = FloatVector.fromArray(SPECIES, acc, a5);
    for (int i = 0, at = xAt; i < count; i++, at += xLd, sAt += GROUP) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, x, at);
      FloatVector b = FloatVector.broadcast(SPECIES, s[sAt]);
      c00 = b.fma(x0, c00);
      b = FloatVector.broadcast(SPECIES, s[sAt + 1]);
      c10 = b.fma(x0, c10);
      b = FloatVector.broadcast(SPECIES, s[sAt + 2]);
      c20 = b.fma(x0, c20);
      b = FloatVector.broadcast(SPECIES, s[sAt + 3]);
      c30 = b.fma(x0, c30);
      b = FloatVector.broadcast(SPECIES, s[sAt + 4]);
      c40 = b.fma(x0, c40);
      b = FloatVector.broadcast(SPECIES, s[sAt + 5]);
      c50 = b.fma(x0, c50);
    }
    NEG_ZERO.add(c00).intoArray(acc, a0);
    NEG_ZERO.add(c10).intoArray(acc, a1);
    NEG_ZERO.add(c20).intoArray(acc, a2);
    NEG_ZERO.add(c30).intoArray(acc, a3);
    NEG_ZERO.add(c40).intoArray(acc, a4);
    NEG_ZERO.add(c50).intoArray(acc, a5);
  }
}
