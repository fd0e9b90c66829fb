package io.facerecon.nn;

import io.facerecon.linalg.VectorSupport;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PatchKernels} with the Vector API. {@link #multiply} keeps a tile of four rows times four
 * vectors of positions in registers and runs over the inner index: per step it loads four vectors
 * of one source run and broadcasts four weights, for sixteen fused multiply-adds, the shape of a
 * GEMM micro-kernel, but reading the runs where they lie instead of from a copied column matrix.
 * {@link #correlate} keeps four by six dot products in registers over all samples (four by three
 * where fewer than six columns are left).
 */
final class VectorPatchKernels extends PatchKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Adding it changes no value; it gives the JIT a vector of known class to store (see {@link io.facerecon.linalg.VectorSupport}). */
  private static final FloatVector NEG_ZERO = FloatVector.broadcast(SPECIES, -0f);
  private static final int LANES = SPECIES.length();
  /** Positions per wide tile. */
  private static final int WIDE = 4 * LANES;
  /** The sums of a {@link #correlate} tile (up to 4 × 6), as vectors. */
  private static final ThreadLocal<float[]> ACCUMULATORS = ThreadLocal.withInitial(() -> new float[24 * LANES]);

  /** Whether {@link #correlate} runs tiles of six columns; of three only when false. */
  private final boolean sixColumnTiles;

  /**
   * Kernels whose {@link #correlate} runs six-column tiles when the vectors are 512 bits wide: the
   * tile's 24 sums and 6 sequence vectors, with one gradient vector at a time, take 31 of
   * AVX-512's 32 vector registers; AVX2 has 16.
   */
  VectorPatchKernels() {
    this(SPECIES.vectorBitSize() >= 512);
  }

  /** Kernels with {@link #correlate}'s tile width chosen, so that tests run both. */
  VectorPatchKernels(boolean sixColumnTiles) {
    this.sixColumnTiles = sixColumnTiles;
  }

  @Override
  int lanes() {
    return LANES;
  }

  @Override
  void multiply(
      PackedRows a, float[] src, int[] srcRows, int srcBase, float[] dst, int[] dstRows, int dstBase, int width) {
    float[] w = a.values();
    int inner = a.inner();
    int whole = a.rows() / PackedRows.GROUP * PackedRows.GROUP;
    int threes = threeVectorTiles(width / LANES);
    for (int r = 0; r < whole; r += PackedRows.GROUP) {
      int wBase = a.index(r, 0);
      int d0 = dstBase + dstRows[r];
      int d1 = dstBase + dstRows[r + 1];
      int d2 = dstBase + dstRows[r + 2];
      int d3 = dstBase + dstRows[r + 3];
      int p = 0;
      for (int end = width - threes * 3 * LANES; p + WIDE <= end; p += WIDE) {
        tile4(w, wBase, inner, src, srcRows, srcBase + p, dst, d0 + p, d1 + p, d2 + p, d3 + p);
      }
      for (int t = 0; t < threes; t++, p += 3 * LANES) {
        tile3(w, wBase, inner, src, srcRows, srcBase + p, dst, d0 + p, d1 + p, d2 + p, d3 + p);
      }
      for (; p < width; p += LANES) {
        tile1(w, wBase, inner, src, srcRows, srcBase + p, dst, d0 + p, d1 + p, d2 + p, d3 + p);
      }
    }
    for (int r = whole; r < a.rows(); r++) {
      int d = dstBase + dstRows[r];
      for (int p = 0; p < width; p += LANES) {
        rowVector(w, a.index(r, 0), inner, src, srcRows, srcBase + p, dst, d + p);
      }
    }
  }

  /**
   * How many three-vector tiles a row of {@code vectors} vectors takes, the others being four
   * vectors wide; 0 when no such split exists (1, 2 or 5 vectors), then single vectors end the
   * row. A one-vector tile runs at a third of the speed: a row of 13 vectors split 4 + 4 + 4 + 1
   * spent a fifth of its time in the last one.
   */
  static int threeVectorTiles(int vectors) {
    for (int threes = 0; 3 * threes <= vectors && threes < 4; threes++) {
      if ((vectors - 3 * threes) % 4 == 0) {
        return threes;
      }
    }
    return 0;
  }

  /** One vector of one row (after the whole groups), added to {@code dst[d …]}. */
  private static void rowVector(
      float[] w, int wBase, int inner, float[] src, int[] srcRows, int srcBase, float[] dst, int d) {
    FloatVector c = FloatVector.zero(SPECIES);
    for (int k = 0; k < inner; k++) {
      c = FloatVector.broadcast(SPECIES, w[wBase + k]).fma(FloatVector.fromArray(SPECIES, src, srcBase + srcRows[k]), c);
    }
    c.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d)).intoArray(dst, d);
  }

  /**
   * {@link Activation#exp}'s range reduction and polynomial on whole vectors, with fused
   * multiply-adds; the clamps replace its branches (beyond them the sigmoid is 0 or 1 in float
   * anyway) and NaN stays NaN. The scalar loop, with its branches, is one the JIT does not
   * vectorise.
   */
  @Override
  void sigmoid(float[] x, int from, int to) {
    int i = from;
    for (; i + LANES <= to; i += LANES) {
      FloatVector v = NEG_ZERO.sub(FloatVector.fromArray(SPECIES, x, i)).max(-87.3f).min(88.7f);
      // t holds n = round(v·log₂e) in its low mantissa bits (the scalar version's rounding trick),
      // so 2^n is built from t's bits: converting n to int ran unvectorised here.
      FloatVector t = v.fma(Activation.LOG2E, Activation.ROUND);
      FloatVector n = t.sub(Activation.ROUND);
      FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -Activation.LN2_HI), v).sub(n.mul(Activation.LN2_LO));
      FloatVector p = r.fma(1.3888889e-3f, 8.3333333e-3f);
      p = p.fma(r, FloatVector.broadcast(SPECIES, 4.1666667e-2f));
      p = p.fma(r, FloatVector.broadcast(SPECIES, 1.6666667e-1f));
      p = p.fma(r, FloatVector.broadcast(SPECIES, 0.5f));
      p = p.fma(r, FloatVector.broadcast(SPECIES, 1f));
      p = p.fma(r, FloatVector.broadcast(SPECIES, 1f));
      FloatVector scale = t.reinterpretAsInts().sub(Float.floatToRawIntBits(Activation.ROUND) - 127)
          .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector.broadcast(SPECIES, 1f).div(p.mul(scale).add(1f)).intoArray(x, i);
    }
    for (; i < to; i++) {
      x[i] = 1f / (1f + Activation.exp(-x[i]));
    }
  }

  @Override
  void correlate(
      float[] f, int[] fRows, int fStride, float[] s, int[] sRows, int sStride, int samples, int width,
      float[] g) {
    int m = fRows.length;
    int n = sRows.length;
    int wholeM = m / 4 * 4;
    int sixes = sixColumnTiles ? n / 6 * 6 : 0;
    int wholeN = n - n % 3;
    float[] acc = ACCUMULATORS.get();
    for (int i = 0; i < wholeM; i += 4) {
      for (int j = 0; j < sixes; j += 6) {
        tile4x6(f, fRows, i, fStride, s, sRows, j, sStride, samples, width, acc);
        addTileSums(acc, 6, g, i, j, n);
      }
      for (int j = sixes; j < wholeN; j += 3) {
        tile4x3(f, fRows, i, fStride, s, sRows, j, sStride, samples, width, acc);
        addTileSums(acc, 3, g, i, j, n);
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = i < wholeM ? wholeN : 0; j < n; j++) {
        g[i * n + j] += dot(f, fRows[i], fStride, s, sRows[j], sStride, samples, width, acc);
      }
    }
  }

  /** Adds the lane sums of a tile's {@code 4 × cols} accumulators in {@code acc} to {@code g}'s block at (i, j). */
  private static void addTileSums(float[] acc, int cols, float[] g, int i, int j, int n) {
    for (int t = 0; t < 4 * cols; t++) {
      g[(i + t / cols) * n + j + t % cols] += VectorSupport.sumLanes(acc, t * LANES, LANES);
    }
  }

  /** Each row's sum in a flat loop over samples and positions (as {@link #tile4x6}), four vectors at a time. */
  @Override
  void rowSums(float[] a, int[] rows, int stride, int samples, int width, float[] out) {
    float[] lanes = ACCUMULATORS.get();
    for (int i = 0; i < rows.length; i++) {
      FloatVector c = FloatVector.zero(SPECIES);
      for (int step = 0, steps = samples * (width / LANES), p = 0, at = rows[i]; step < steps; step++) {
        c = c.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, a, at + p));
        p += LANES;
        if (p == width) {
          p = 0;
          at += stride;
        }
      }
      out[i] = laneSum(c, lanes);
    }
  }

  /**
   * Rows at least a vector long are copied by whole vectors, the last one overlapping the one
   * before it, so no masked access is needed: for the two dozen values of a feature row that is two
   * loads and stores instead of a call to {@code System.arraycopy}, whose fixed cost dominated.
   * Shorter rows are copied as one whole vector each, which runs past the row's end into values the
   * contract lets it overwrite; a row whose vector would leave either array is left to
   * {@code System.arraycopy}. For the 12-value rows of the study's 16×12 feature planes this ran
   * three times as fast as a call per row.
   */
  @Override
  void copyRows(float[] src, int srcStart, int srcStride, float[] dst, int dstStart, int dstStride, int rows,
      int length) {
    if (length < LANES) {
      for (int r = 0, from = srcStart, to = dstStart; r < rows; r++, from += srcStride, to += dstStride) {
        if (from + LANES <= src.length && to + LANES <= dst.length) {
          FloatVector.fromArray(SPECIES, src, from).intoArray(dst, to);
        } else {
          System.arraycopy(src, from, dst, to, length);
        }
      }
      return;
    }
    int last = length - LANES;
    for (int r = 0; r < rows; r++) {
      int from = srcStart + r * srcStride;
      int to = dstStart + r * dstStride;
      for (int v = 0; v < last; v += LANES) {
        FloatVector.fromArray(SPECIES, src, from + v).intoArray(dst, to + v);
      }
      FloatVector.fromArray(SPECIES, src, from + last).intoArray(dst, to + last);
    }
  }

  /**
   * One dot product: the rows and columns left after the whole tiles (a flat loop, as
   * {@link #tile4x6}); {@code lanes} receives the accumulator's lanes to be summed.
   */
  private static float dot(
      float[] f, int fRow, int fStride, float[] s, int sRow, int sStride, int samples, int width, float[] lanes) {
    FloatVector c = FloatVector.zero(SPECIES);
    for (int step = 0, steps = samples * (width / LANES), p = 0, fi = fRow, si = sRow; step < steps; step++) {
      c = FloatVector.fromArray(SPECIES, f, fi + p).lanewise(VectorOperators.FMA, FloatVector.fromArray(SPECIES, s, si + p), c);
      p += LANES;
      if (p == width) {
        p = 0;
        fi += fStride;
        si += sStride;
      }
    }
    return laneSum(c, lanes);
  }

  /** The sum of an accumulator's lanes in lane order ({@link VectorSupport#sumLanes}), stored through {@code lanes}. */
  private static float laneSum(FloatVector c, float[] lanes) {
    NEG_ZERO.add(c).intoArray(lanes, 0);
    return VectorSupport.sumLanes(lanes, 0, LANES);
  }

  /** Four rows times four vectors of positions, added to the destination. */
  private static void tile4(
      float[] w, int wBase, int inner, float[] src, int[] srcRows, int srcBase, float[] dst, int d0, int d1,
      int d2, int d3) {
    FloatVector c00 = FloatVector.zero(SPECIES); FloatVector c01 = FloatVector.zero(SPECIES); FloatVector c02 = FloatVector.zero(SPECIES); FloatVector c03 = FloatVector.zero(SPECIES);
    FloatVector c10 = FloatVector.zero(SPECIES); FloatVector c11 = FloatVector.zero(SPECIES); FloatVector c12 = FloatVector.zero(SPECIES); FloatVector c13 = FloatVector.zero(SPECIES);
    FloatVector c20 = FloatVector.zero(SPECIES); FloatVector c21 = FloatVector.zero(SPECIES); FloatVector c22 = FloatVector.zero(SPECIES); FloatVector c23 = FloatVector.zero(SPECIES);
    FloatVector c30 = FloatVector.zero(SPECIES); FloatVector c31 = FloatVector.zero(SPECIES); FloatVector c32 = FloatVector.zero(SPECIES); FloatVector c33 = FloatVector.zero(SPECIES);
    for (int k = 0, wi = wBase; k < inner; k++, wi += PackedRows.GROUP) {
      int s = srcBase + srcRows[k];
      FloatVector b0 = FloatVector.fromArray(SPECIES, src, s);
      FloatVector b1 = FloatVector.fromArray(SPECIES, src, s + LANES);
      FloatVector b2 = FloatVector.fromArray(SPECIES, src, s + 2 * LANES);
      FloatVector b3 = FloatVector.fromArray(SPECIES, src, s + 3 * LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, w[wi]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
      FloatVector a1 = FloatVector.broadcast(SPECIES, w[wi + 1]);
      c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
      FloatVector a2 = FloatVector.broadcast(SPECIES, w[wi + 2]);
      c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
      FloatVector a3 = FloatVector.broadcast(SPECIES, w[wi + 3]);
      c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
    }
    c00.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d0)).intoArray(dst, d0);
    c01.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d0 + LANES)).intoArray(dst, d0 + LANES);
    c02.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d0 + 2 * LANES)).intoArray(dst, d0 + 2 * LANES);
    c03.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d0 + 3 * LANES)).intoArray(dst, d0 + 3 * LANES);
    c10.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d1)).intoArray(dst, d1);
    c11.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d1 + LANES)).intoArray(dst, d1 + LANES);
    c12.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d1 + 2 * LANES)).intoArray(dst, d1 + 2 * LANES);
    c13.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d1 + 3 * LANES)).intoArray(dst, d1 + 3 * LANES);
    c20.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d2)).intoArray(dst, d2);
    c21.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d2 + LANES)).intoArray(dst, d2 + LANES);
    c22.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d2 + 2 * LANES)).intoArray(dst, d2 + 2 * LANES);
    c23.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d2 + 3 * LANES)).intoArray(dst, d2 + 3 * LANES);
    c30.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d3)).intoArray(dst, d3);
    c31.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d3 + LANES)).intoArray(dst, d3 + LANES);
    c32.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d3 + 2 * LANES)).intoArray(dst, d3 + 2 * LANES);
    c33.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d3 + 3 * LANES)).intoArray(dst, d3 + 3 * LANES);
  }

  /** Four rows times three vectors of positions, added to the destination. */
  private static void tile3(
      float[] w, int wBase, int inner, float[] src, int[] srcRows, int srcBase, float[] dst, int d0, int d1,
      int d2, int d3) {
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = FloatVector.zero(SPECIES);
    FloatVector c02 = FloatVector.zero(SPECIES);
    FloatVector c10 = FloatVector.zero(SPECIES);
    FloatVector c11 = FloatVector.zero(SPECIES);
    FloatVector c12 = FloatVector.zero(SPECIES);
    FloatVector c20 = FloatVector.zero(SPECIES);
    FloatVector c21 = FloatVector.zero(SPECIES);
    FloatVector c22 = FloatVector.zero(SPECIES);
    FloatVector c30 = FloatVector.zero(SPECIES);
    FloatVector c31 = FloatVector.zero(SPECIES);
    FloatVector c32 = FloatVector.zero(SPECIES);
    for (int k = 0, wi = wBase; k < inner; k++, wi += PackedRows.GROUP) {
      int s = srcBase + srcRows[k];
      FloatVector b0 = FloatVector.fromArray(SPECIES, src, s);
      FloatVector b1 = FloatVector.fromArray(SPECIES, src, s + LANES);
      FloatVector b2 = FloatVector.fromArray(SPECIES, src, s + 2 * LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, w[wi]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      c02 = a0.fma(b2, c02);
      FloatVector a1 = FloatVector.broadcast(SPECIES, w[wi + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      c12 = a1.fma(b2, c12);
      FloatVector a2 = FloatVector.broadcast(SPECIES, w[wi + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      c22 = a2.fma(b2, c22);
      FloatVector a3 = FloatVector.broadcast(SPECIES, w[wi + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      c32 = a3.fma(b2, c32);
    }
    c00.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d0)).intoArray(dst, d0);
    c01.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d0 + LANES)).intoArray(dst, d0 + LANES);
    c02.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d0 + 2 * LANES)).intoArray(dst, d0 + 2 * LANES);
    c10.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d1)).intoArray(dst, d1);
    c11.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d1 + LANES)).intoArray(dst, d1 + LANES);
    c12.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d1 + 2 * LANES)).intoArray(dst, d1 + 2 * LANES);
    c20.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d2)).intoArray(dst, d2);
    c21.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d2 + LANES)).intoArray(dst, d2 + LANES);
    c22.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d2 + 2 * LANES)).intoArray(dst, d2 + 2 * LANES);
    c30.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d3)).intoArray(dst, d3);
    c31.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d3 + LANES)).intoArray(dst, d3 + LANES);
    c32.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d3 + 2 * LANES)).intoArray(dst, d3 + 2 * LANES);
  }

  /** Four rows times one vector of positions, added to the destination. */
  private static void tile1(
      float[] w, int wBase, int inner, float[] src, int[] srcRows, int srcBase, float[] dst, int d0, int d1,
      int d2, int d3) {
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c10 = FloatVector.zero(SPECIES);
    FloatVector c20 = FloatVector.zero(SPECIES);
    FloatVector c30 = FloatVector.zero(SPECIES);
    for (int k = 0, wi = wBase; k < inner; k++, wi += PackedRows.GROUP) {
      int s = srcBase + srcRows[k];
      FloatVector b0 = FloatVector.fromArray(SPECIES, src, s);
      FloatVector a0 = FloatVector.broadcast(SPECIES, w[wi]);
      c00 = a0.fma(b0, c00);
      FloatVector a1 = FloatVector.broadcast(SPECIES, w[wi + 1]);
      c10 = a1.fma(b0, c10);
      FloatVector a2 = FloatVector.broadcast(SPECIES, w[wi + 2]);
      c20 = a2.fma(b0, c20);
      FloatVector a3 = FloatVector.broadcast(SPECIES, w[wi + 3]);
      c30 = a3.fma(b0, c30);
    }
    c00.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d0)).intoArray(dst, d0);
    c10.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d1)).intoArray(dst, d1);
    c20.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d2)).intoArray(dst, d2);
    c30.lanewise(VectorOperators.ADD, FloatVector.fromArray(SPECIES, dst, d3)).intoArray(dst, d3);
  }

  /**
   * Four gradient rows times six sequence rows, over all samples, into {@code acc} (24 vectors).
   * The sums stay in registers from sample to sample: reloading them per sample cost a quarter of
   * the kernel's speed, since a sample's rows are only a dozen vectors long. One flat loop moves to
   * the next sample when a row ends: with a loop per sample inside a loop over samples, the JIT kept
   * the sums as objects (boxed vectors) instead of in registers. Six columns rather than three
   * take ten loads, each with its bounds check (the run starts are not induction variables the JIT
   * could check once), per 24 multiply-adds instead of seven per twelve.
   */
  private static void tile4x6(
      float[] f, int[] fRows, int i, int fStride, float[] s, int[] sRows, int j, int sStride, int samples,
      int width, float[] acc) {
    FloatVector c00 = FloatVector.zero(SPECIES); FloatVector c01 = FloatVector.zero(SPECIES); FloatVector c02 = FloatVector.zero(SPECIES); FloatVector c03 = FloatVector.zero(SPECIES); FloatVector c04 = FloatVector.zero(SPECIES); FloatVector c05 = FloatVector.zero(SPECIES);
    FloatVector c10 = FloatVector.zero(SPECIES); FloatVector c11 = FloatVector.zero(SPECIES); FloatVector c12 = FloatVector.zero(SPECIES); FloatVector c13 = FloatVector.zero(SPECIES); FloatVector c14 = FloatVector.zero(SPECIES); FloatVector c15 = FloatVector.zero(SPECIES);
    FloatVector c20 = FloatVector.zero(SPECIES); FloatVector c21 = FloatVector.zero(SPECIES); FloatVector c22 = FloatVector.zero(SPECIES); FloatVector c23 = FloatVector.zero(SPECIES); FloatVector c24 = FloatVector.zero(SPECIES); FloatVector c25 = FloatVector.zero(SPECIES);
    FloatVector c30 = FloatVector.zero(SPECIES); FloatVector c31 = FloatVector.zero(SPECIES); FloatVector c32 = FloatVector.zero(SPECIES); FloatVector c33 = FloatVector.zero(SPECIES); FloatVector c34 = FloatVector.zero(SPECIES); FloatVector c35 = FloatVector.zero(SPECIES);
    int f0 = fRows[i];
    int f1 = fRows[i + 1];
    int f2 = fRows[i + 2];
    int f3 = fRows[i + 3];
    int s0 = sRows[j];
    int s1 = sRows[j + 1];
    int s2 = sRows[j + 2];
    int s3 = sRows[j + 3];
    int s4 = sRows[j + 4];
    int s5 = sRows[j + 5];
    for (int step = 0, steps = samples * (width / LANES), p = 0; step < steps; step++) {
      FloatVector y0 = FloatVector.fromArray(SPECIES, s, s0 + p);
      FloatVector y1 = FloatVector.fromArray(SPECIES, s, s1 + p);
      FloatVector y2 = FloatVector.fromArray(SPECIES, s, s2 + p);
      FloatVector y3 = FloatVector.fromArray(SPECIES, s, s3 + p);
      FloatVector y4 = FloatVector.fromArray(SPECIES, s, s4 + p);
      FloatVector y5 = FloatVector.fromArray(SPECIES, s, s5 + p);
      FloatVector x0 = FloatVector.fromArray(SPECIES, f, f0 + p);
      c00 = x0.lanewise(VectorOperators.FMA, y0, c00); c01 = x0.lanewise(VectorOperators.FMA, y1, c01); c02 = x0.lanewise(VectorOperators.FMA, y2, c02);
      c03 = x0.lanewise(VectorOperators.FMA, y3, c03); c04 = x0.lanewise(VectorOperators.FMA, y4, c04); c05 = x0.lanewise(VectorOperators.FMA, y5, c05);
      FloatVector x1 = FloatVector.fromArray(SPECIES, f, f1 + p);
      c10 = x1.lanewise(VectorOperators.FMA, y0, c10); c11 = x1.lanewise(VectorOperators.FMA, y1, c11); c12 = x1.lanewise(VectorOperators.FMA, y2, c12);
      c13 = x1.lanewise(VectorOperators.FMA, y3, c13); c14 = x1.lanewise(VectorOperators.FMA, y4, c14); c15 = x1.lanewise(VectorOperators.FMA, y5, c15);
      FloatVector x2 = FloatVector.fromArray(SPECIES, f, f2 + p);
      c20 = x2.lanewise(VectorOperators.FMA, y0, c20); c21 = x2.lanewise(VectorOperators.FMA, y1, c21); c22 = x2.lanewise(VectorOperators.FMA, y2, c22);
      c23 = x2.lanewise(VectorOperators.FMA, y3, c23); c24 = x2.lanewise(VectorOperators.FMA, y4, c24); c25 = x2.lanewise(VectorOperators.FMA, y5, c25);
      FloatVector x3 = FloatVector.fromArray(SPECIES, f, f3 + p);
      c30 = x3.lanewise(VectorOperators.FMA, y0, c30); c31 = x3.lanewise(VectorOperators.FMA, y1, c31); c32 = x3.lanewise(VectorOperators.FMA, y2, c32);
      c33 = x3.lanewise(VectorOperators.FMA, y3, c33); c34 = x3.lanewise(VectorOperators.FMA, y4, c34); c35 = x3.lanewise(VectorOperators.FMA, y5, c35);
      p += LANES;
      if (p == width) {
        p = 0;
        f0 += fStride; f1 += fStride; f2 += fStride; f3 += fStride;
        s0 += sStride; s1 += sStride; s2 += sStride; s3 += sStride; s4 += sStride; s5 += sStride;
      }
    }
    NEG_ZERO.add(c00).intoArray(acc, 0 * LANES);
    NEG_ZERO.add(c01).intoArray(acc, 1 * LANES);
    NEG_ZERO.add(c02).intoArray(acc, 2 * LANES);
    NEG_ZERO.add(c03).intoArray(acc, 3 * LANES);
    NEG_ZERO.add(c04).intoArray(acc, 4 * LANES);
    NEG_ZERO.add(c05).intoArray(acc, 5 * LANES);
    NEG_ZERO.add(c10).intoArray(acc, 6 * LANES);
    NEG_ZERO.add(c11).intoArray(acc, 7 * LANES);
    NEG_ZERO.add(c12).intoArray(acc, 8 * LANES);
    NEG_ZERO.add(c13).intoArray(acc, 9 * LANES);
    NEG_ZERO.add(c14).intoArray(acc, 10 * LANES);
    NEG_ZERO.add(c15).intoArray(acc, 11 * LANES);
    NEG_ZERO.add(c20).intoArray(acc, 12 * LANES);
    NEG_ZERO.add(c21).intoArray(acc, 13 * LANES);
    NEG_ZERO.add(c22).intoArray(acc, 14 * LANES);
    NEG_ZERO.add(c23).intoArray(acc, 15 * LANES);
    NEG_ZERO.add(c24).intoArray(acc, 16 * LANES);
    NEG_ZERO.add(c25).intoArray(acc, 17 * LANES);
    NEG_ZERO.add(c30).intoArray(acc, 18 * LANES);
    NEG_ZERO.add(c31).intoArray(acc, 19 * LANES);
    NEG_ZERO.add(c32).intoArray(acc, 20 * LANES);
    NEG_ZERO.add(c33).intoArray(acc, 21 * LANES);
    NEG_ZERO.add(c34).intoArray(acc, 22 * LANES);
    NEG_ZERO.add(c35).intoArray(acc, 23 * LANES);
  }

  /** {@link #tile4x6} for the last three sequence rows, into the first twelve vectors of {@code acc}. */
  private static void tile4x3(
      float[] f, int[] fRows, int i, int fStride, float[] s, int[] sRows, int j, int sStride, int samples,
      int width, float[] acc) {
    FloatVector c00 = FloatVector.zero(SPECIES); FloatVector c01 = FloatVector.zero(SPECIES); FloatVector c02 = FloatVector.zero(SPECIES);
    FloatVector c10 = FloatVector.zero(SPECIES); FloatVector c11 = FloatVector.zero(SPECIES); FloatVector c12 = FloatVector.zero(SPECIES);
    FloatVector c20 = FloatVector.zero(SPECIES); FloatVector c21 = FloatVector.zero(SPECIES); FloatVector c22 = FloatVector.zero(SPECIES);
    FloatVector c30 = FloatVector.zero(SPECIES); FloatVector c31 = FloatVector.zero(SPECIES); FloatVector c32 = FloatVector.zero(SPECIES);
    int f0 = fRows[i + 0];
    int f1 = fRows[i + 1];
    int f2 = fRows[i + 2];
    int f3 = fRows[i + 3];
    int s0 = sRows[j + 0];
    int s1 = sRows[j + 1];
    int s2 = sRows[j + 2];
    for (int step = 0, steps = samples * (width / LANES), p = 0; step < steps; step++) {
      FloatVector y0 = FloatVector.fromArray(SPECIES, s, s0 + p);
      FloatVector y1 = FloatVector.fromArray(SPECIES, s, s1 + p);
      FloatVector y2 = FloatVector.fromArray(SPECIES, s, s2 + p);
      FloatVector x0 = FloatVector.fromArray(SPECIES, f, f0 + p);
      c00 = x0.lanewise(VectorOperators.FMA, y0, c00); c01 = x0.lanewise(VectorOperators.FMA, y1, c01); c02 = x0.lanewise(VectorOperators.FMA, y2, c02);
      FloatVector x1 = FloatVector.fromArray(SPECIES, f, f1 + p);
      c10 = x1.lanewise(VectorOperators.FMA, y0, c10); c11 = x1.lanewise(VectorOperators.FMA, y1, c11); c12 = x1.lanewise(VectorOperators.FMA, y2, c12);
      FloatVector x2 = FloatVector.fromArray(SPECIES, f, f2 + p);
      c20 = x2.lanewise(VectorOperators.FMA, y0, c20); c21 = x2.lanewise(VectorOperators.FMA, y1, c21); c22 = x2.lanewise(VectorOperators.FMA, y2, c22);
      FloatVector x3 = FloatVector.fromArray(SPECIES, f, f3 + p);
      c30 = x3.lanewise(VectorOperators.FMA, y0, c30); c31 = x3.lanewise(VectorOperators.FMA, y1, c31); c32 = x3.lanewise(VectorOperators.FMA, y2, c32);
      p += LANES;
      if (p == width) {
        p = 0;
        f0 += fStride; f1 += fStride; f2 += fStride; f3 += fStride;
        s0 += sStride; s1 += sStride; s2 += sStride;
      }
    }
    NEG_ZERO.add(c00).intoArray(acc, 0 * LANES);
    NEG_ZERO.add(c01).intoArray(acc, 1 * LANES);
    NEG_ZERO.add(c02).intoArray(acc, 2 * LANES);
    NEG_ZERO.add(c10).intoArray(acc, 3 * LANES);
    NEG_ZERO.add(c11).intoArray(acc, 4 * LANES);
    NEG_ZERO.add(c12).intoArray(acc, 5 * LANES);
    NEG_ZERO.add(c20).intoArray(acc, 6 * LANES);
    NEG_ZERO.add(c21).intoArray(acc, 7 * LANES);
    NEG_ZERO.add(c22).intoArray(acc, 8 * LANES);
    NEG_ZERO.add(c30).intoArray(acc, 9 * LANES);
    NEG_ZERO.add(c31).intoArray(acc, 10 * LANES);
    NEG_ZERO.add(c32).intoArray(acc, 11 * LANES);
  }
}
