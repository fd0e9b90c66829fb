package io.facerecon.nmf;

import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaskedCorrection} with the Vector API, window of pixels by window of pixels.
 *
 * <p>A <em>window</em> is LANES consecutive pixels (one vector) starting at a multiple of {@link
 * #STEP}. Each run of the mask, from pixel s to e, is cut into <em>entries</em> (window, image i,
 * lanes [lo, hi)): the windows at q = ⌊s/STEP⌋·STEP, q + LANES, … before e. Per window, the
 * entries are taken {@link #GROUP} at a time, and for each:
 *
 * <pre>
 * t_i = (Σ_s H[s,i]·Wᵀ[s, q …]) ⊙ 1[lo, hi)                one vector: (WH)[p,i] on the entry's lanes, 0 elsewhere
 * codes: c_i += Σ_{j ∈ [lo,hi)} t_i[j]·W[q + j, ·]         ⌈k/LANES⌉ vectors of S[·, i]
 * basis: r_{q+j} += t_i[j]·H[·, i]   for j ∈ [lo, hi)        ⌈k/LANES⌉ vectors of S[·, q + j]
 * </pre>
 *
 * k fused multiply-adds per entry for t, then 2·⌈k/LANES⌉ per visited entry. Within a window
 * every load of W serves the whole group, and most indices advance by constant strides, so that the
 * JIT drops their bounds checks: W is kept as Wᵀ with padded rows ({@code wt}) for t, and as rows
 * of W in k-vectors ({@code wRows}) for the codes, the basis' sums in that layout too. (Run by run
 * instead, each image apart, every multiply-add needed a load of its own and ran at a fraction of
 * the rate.) The price is the lanes of a window outside its entry: fewer than STEP before a run,
 * fewer than LANES after it.
 *
 * <p>An image with two entries in one window (runs less than LANES apart) would meet itself in a
 * group, so its later entries are taken one at a time after the window's groups. The windows are
 * cut into one part of about equal work per thread; each part adds into sums of its own (per image
 * for the codes, per pixel for the basis: windows overlap), added in part order at the end. Load
 * this class only when {@link io.facerecon.linalg.VectorSupport#AVAILABLE} is true.
 */
final class VectorMaskedCorrection extends MaskedCorrection {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Adding it changes no value; it gives the JIT a vector of known class to store (see {@link io.facerecon.linalg.VectorSupport}). */
  private static final FloatVector NEG_ZERO = FloatVector.broadcast(SPECIES, -0f);
  private static final int LANES = SPECIES.length();
  /** Entries handled together within a window. */
  private static final int GROUP = 4;
  /** Windows start every STEP pixels. */
  private static final int STEP = Math.max(1, LANES / 4);
  /**
   * LANES ones then LANES zeros: read from {@code LANES − n}, the vector whose first n lanes are 1.
   * (JDK 17 computes an indexInRange mask in plain Java.)
   */
  private static final float[] HEAD = new float[2 * LANES];

  static {
    Arrays.fill(HEAD, 0, LANES, 1f);
  }

  /** Calls of the warm-up: enough for the JIT to compile every kernel. */
  private static final int WARM_UP_CALLS = 150;

  private final int windows;
  /** ⌈k / LANES⌉: the vectors of one row of W. */
  private final int kVectors;
  /** Row length of {@link #wt} and of the k-vector layouts: pixels, then room for one window. */
  private final int ld;
  /** Entries of window w: {@code [first[w], single[w])} in groups, then {@code [single[w], first[w + 1])} alone. */
  private final int[] first;
  private final int[] single;
  private final int[] image;
  private final int[] lo;
  private final int[] hi;
  /** Per pixel (basis) or image (codes): +1 when its row is direct, −1 when complemented. */
  private final float[] rowSign;
  /** Wᵀ: W[p, s] at {@code s·ld + p}, zero past the last pixel. */
  private final float[] wt;
  /** For the codes, W in k-vectors: W[p, v·LANES + c] at {@code (v·ld + p)·LANES + c}. */
  private final float[] wRows;
  private final float[] hValues;
  /** H by images: H[s, i] at {@code i·k + s}. */
  private final float[] ht;
  /** For the basis, H by images in k-vectors: H[s, i] at {@code i·kVectors·LANES + s}. */
  private final float[] hPadded;
  /**
   * Per part: the codes' sums, S[s, i] at {@code i·kVectors·LANES + s}, or the basis' in the layout
   * of {@link #wRows}.
   */
  private float[][] partSums = new float[0][];
  /** Per part: a group's products, GROUP vectors. */
  private float[][] scratch = new float[0][];
  private double[] partSquares = new double[0];

  VectorMaskedCorrection(MaskRuns runs, Side side, int k) {
    super(runs, side, k);
    this.windows = (pixels + STEP - 1) / STEP;
    this.kVectors = (k + LANES - 1) / LANES;
    this.ld = pixels + LANES;
    this.first = new int[windows + 1];
    this.single = new int[windows];
    int count = Math.toIntExact(countEntries(runs));
    this.image = new int[count];
    this.lo = new int[count];
    this.hi = new int[count];
    buildEntries();
    this.rowSign = new float[side == Side.CODES ? images : ld];
    for (int r = 0; r < (side == Side.CODES ? images : pixels); r++) {
      rowSign[r] = runs.direct(r) ? 1 : -1;
    }
    this.wt = new float[k * ld];
    this.wRows = side == Side.CODES ? new float[kVectors * ld * LANES] : null;
    this.hValues = new float[k * images];
    this.ht = new float[images * k];
    this.hPadded = side == Side.BASIS ? new float[images * kVectors * LANES] : null;
  }

  /**
   * Runs the kernels, and the scans that prepare them, on a random mask of realistic shape (k = 30,
   * runs of every length, groups and single entries, direct and complemented rows) until the JIT
   * has had reason to compile them: before that the Vector API runs interpreted, far slower, and a
   * fit's first products would pay for it. Results do not change.
   */
  static void warmUp() {
    int images = 32;
    int pixels = 32 * LANES + 5;
    int k = 30;
    SplittableRandom random = new SplittableRandom(0);
    FloatMatrix observedT = FloatMatrix.zeros(images, pixels);
    observedT.fill(1f);
    for (int i = 0; i < images; i++) {
      int runs = i % 8 == 0 ? 20 : 6;
      for (int run = 0; run < runs; run++) {
        int start = random.nextInt(pixels);
        int end = Math.min(pixels, start + 1 + random.nextInt(3 * LANES));
        for (int p = start; p < end; p++) {
          observedT.set(i, p, 0f);
        }
      }
    }
    FloatMatrix wt = FloatMatrix.zeros(k, pixels);
    FloatMatrix h = FloatMatrix.zeros(k, images);
    wt.fill(0.5f);
    h.fill(0.5f);
    float[] out = new float[k * Math.max(images, pixels)];
    ExecutionContext.serial().run(() -> {
      VectorMaskedCorrection codes = null;
      VectorMaskedCorrection basis = null;
      for (int call = 0; call < WARM_UP_CALLS; call++) {
        if (call % 5 == 0) {
          codes = new VectorMaskedCorrection(MaskRuns.of(observedT, Side.CODES), Side.CODES, k);
          basis = new VectorMaskedCorrection(MaskRuns.of(observedT, Side.BASIS), Side.BASIS, k);
        }
        codes.compute(wt, h, out);
        basis.compute(wt, h, out);
        if (call % 10 == 0) {
          codes.signedSquares(wt, h);
          basis.signedSquares(wt, h);
        }
      }
    });
  }

  private static long countEntries(MaskRuns runs) {
    long count = 0;
    for (int r = 0; r < runs.firstRun(runs.images()); r++) {
      int start = runs.start(r) / STEP * STEP;
      count += (runs.start(r) + runs.length(r) - start + LANES - 1) / LANES;
    }
    return count;
  }

  /**
   * Entries by window; within a window, each image's first entry in the grouped range, sorted by
   * lanes (so that a group's lanes overlap), its later ones in the single range.
   */
  private void buildEntries() {
    int n = image.length;
    int[] entryWindow = new int[n];
    int[] entryImage = new int[n];
    int[] entryLo = new int[n];
    int[] entryHi = new int[n];
    int e = 0;
    for (int i = 0; i < images; i++) {
      for (int r = runs.firstRun(i); r < runs.firstRun(i + 1); r++) {
        int end = runs.start(r) + runs.length(r);
        for (int q = runs.start(r) / STEP * STEP; q < end; q += LANES) {
          entryWindow[e] = q / STEP;
          entryImage[e] = i;
          entryLo[e] = Math.max(runs.start(r), q) - q;
          entryHi[e++] = Math.min(end, q + LANES) - q;
        }
      }
    }
    for (int x = 0; x < n; x++) {
      first[entryWindow[x] + 1]++;
    }
    for (int b = 0; b < windows; b++) {
      first[b + 1] += first[b];
    }
    int[] fill = Arrays.copyOf(first, windows);
    int[] lastImage = new int[windows];
    Arrays.fill(lastImage, -1);
    long[] keys = new long[n];
    boolean[] repeat = new boolean[n];
    for (int x = 0; x < n; x++) {
      int b = entryWindow[x];
      // Entries arrive image by image, so an image's entries in a window arrive one after the other.
      repeat[x] = lastImage[b] == entryImage[x];
      lastImage[b] = entryImage[x];
      keys[fill[b]++] = ((repeat[x] ? 1L : 0L) << 62) | ((long) entryLo[x] << 48) | ((long) entryHi[x] << 32) | x;
    }
    for (int b = 0; b < windows; b++) {
      Arrays.sort(keys, first[b], first[b + 1]);
      single[b] = first[b + 1];
      for (int y = first[b]; y < first[b + 1]; y++) {
        int x = (int) keys[y];
        if (repeat[x] && single[b] == first[b + 1]) {
          single[b] = y;
        }
        image[y] = entryImage[x];
        lo[y] = entryLo[x];
        hi[y] = entryHi[x];
      }
    }
  }

  @Override
  void compute(FloatMatrix wtMatrix, FloatMatrix h, float[] out) {
    int threads = prepare(wtMatrix, h, side == Side.CODES);
    Parallel.forRange(threads, 1, (from, to) -> {
      for (int part = from; part < to; part++) {
        float[] sums = partSums[part];
        int w0 = partStart(part, threads);
        int w1 = partStart(part + 1, threads);
        if (side == Side.CODES) {
          Arrays.fill(sums, 0f);
          for (int w = w0; w < w1; w++) {
            codesWindow(w, sums, scratch[part]);
          }
        } else {
          for (int v = 0; v < kVectors; v++) {
            Arrays.fill(sums, (v * ld + firstPixel(w0, w1)) * LANES, (v * ld + endPixel(w0, w1)) * LANES, 0f);
          }
          for (int w = w0; w < w1; w++) {
            basisWindow(w, sums, scratch[part]);
          }
        }
      }
    });
    int width = kVectors * LANES;
    if (side == Side.CODES) {
      for (int i = 0; i < images; i++) {
        for (int s = 0; s < k; s++) {
          float sum = 0;
          for (int part = 0; part < threads; part++) {
            sum += partSums[part][i * width + s];
          }
          out[s * images + i] = sum;
        }
      }
      return;
    }
    // Pixel by pixel, adding the k-vectors of the parts whose windows reach the pixel, in order;
    // pixels before covered hold an earlier part's sums already.
    int covered = 0;
    for (int part = 0; part < threads; part++) {
      int w0 = partStart(part, threads);
      int w1 = partStart(part + 1, threads);
      float[] sums = partSums[part];
      for (int v = 0; v < kVectors; v++) {
        int components = Math.min(LANES, k - v * LANES);
        for (int p = firstPixel(w0, w1), end = endPixel(w0, w1); p < end; p++) {
          int at = (v * ld + p) * LANES;
          for (int c = 0; c < components; c++) {
            int o = (v * LANES + c) * pixels + p;
            out[o] = p < covered ? out[o] + sums[at + c] : sums[at + c];
          }
        }
      }
      covered = Math.max(covered, endPixel(w0, w1));
    }
  }

  /** The first pixel the windows {@code [w0, w1)} reach (their end when there are none). */
  private int firstPixel(int w0, int w1) {
    return w0 < w1 ? w0 * STEP : endPixel(w0, w1);
  }

  /** The pixel after the last one the windows {@code [w0, w1)} reach. */
  private int endPixel(int w0, int w1) {
    return w0 < w1 ? Math.min(pixels, (w1 - 1) * STEP + LANES) : Math.min(pixels, w0 * STEP);
  }

  @Override
  double signedSquares(FloatMatrix wtMatrix, FloatMatrix h) {
    int threads = prepare(wtMatrix, h, false);
    Parallel.forRange(threads, 1, (from, to) -> {
      for (int part = from; part < to; part++) {
        double sum = 0;
        for (int w = partStart(part, threads), end = partStart(part + 1, threads); w < end; w++) {
          sum += squaresWindow(w, scratch[part]);
        }
        partSquares[part] = sum;
      }
    });
    double total = 0;
    for (int part = 0; part < threads; part++) {
      total += partSquares[part];
    }
    return total;
  }

  /**
   * Takes the factors into the kernels' layouts (W's rows in k-vectors only {@code withRows});
   * returns the thread count, with buffers for as many parts.
   */
  private int prepare(FloatMatrix wtMatrix, FloatMatrix h, boolean withRows) {
    for (int s = 0; s < k; s++) {
      wtMatrix.buffer().get(wtMatrix.offset() + s * pixels, wt, s * ld, pixels);
    }
    if (withRows) {
      for (int p = 0; p < pixels; p++) {
        for (int s = 0; s < k; s++) {
          wRows[(s / LANES * ld + p) * LANES + s % LANES] = wt[s * ld + p];
        }
      }
    }
    FactorUpdate.load(h, hValues);
    FactorUpdate.transpose(hValues, k, images, ht);
    if (hPadded != null) {
      for (int i = 0; i < images; i++) {
        System.arraycopy(ht, i * k, hPadded, i * kVectors * LANES, k);
      }
    }
    int threads = Parallel.threads();
    if (scratch.length != threads) {
      scratch = new float[threads][GROUP * LANES];
      partSums = new float[threads][side == Side.CODES ? images * kVectors * LANES : kVectors * ld * LANES];
      partSquares = new double[threads];
    }
    return threads;
  }

  /** The first window of part {@code part} of {@code parts}, cut by entries. */
  private int partStart(int part, int parts) {
    if (part >= parts) {
      return windows;
    }
    long target = (long) first[windows] * part / parts;
    int low = 0;
    int high = windows;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (first[mid] < target) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The end of window w's groups. */
  private int groupsEnd(int w) {
    return single[w] - (single[w] - first[w]) % GROUP;
  }

  /** Adds window w's part of S[·, i] into {@code sums} (images × kVectors·LANES). */
  private void codesWindow(int w, float[] sums, float[] t) {
    int q = w * STEP;
    int e = first[w];
    for (int end = groupsEnd(w); e < end; e += GROUP) {
      groupProducts(q, e, t);
      codesGroup(q, e, sums, t);
    }
    for (; e < first[w + 1]; e++) {
      products(q, e, t);
      for (int v = 0; v < kVectors; v++) {
        int at = image[e] * kVectors * LANES + v * LANES;
        FloatVector c = FloatVector.fromArray(SPECIES, sums, at);
        int row = (v * ld + q) * LANES;
        for (int j = lo[e]; j < hi[e]; j++) {
          c = FloatVector.broadcast(SPECIES, t[j]).fma(FloatVector.fromArray(SPECIES, wRows, row + j * LANES), c);
        }
        NEG_ZERO.add(c).intoArray(sums, at);
      }
    }
  }

  /** c_g += Σ_j t_g[j]·W[q + j, ·] for the group's products in {@code t}. */
  private void codesGroup(int q, int e, float[] sums, float[] t) {
    int from = Math.min(Math.min(lo[e], lo[e + 1]), Math.min(lo[e + 2], lo[e + 3]));
    int to = Math.max(Math.max(hi[e], hi[e + 1]), Math.max(hi[e + 2], hi[e + 3]));
    int width = kVectors * LANES;
    for (int v = 0; v < kVectors; v++) {
      int a0 = image[e] * width + v * LANES;
      int a1 = image[e + 1] * width + v * LANES;
      int a2 = image[e + 2] * width + v * LANES;
      int a3 = image[e + 3] * width + v * LANES;
      FloatVector c0 = FloatVector.fromArray(SPECIES, sums, a0);
      FloatVector c1 = FloatVector.fromArray(SPECIES, sums, a1);
      FloatVector c2 = FloatVector.fromArray(SPECIES, sums, a2);
      FloatVector c3 = FloatVector.fromArray(SPECIES, sums, a3);
      int row = (v * ld + q) * LANES;
      for (int j = from; j < to; j++) {
        FloatVector x = FloatVector.fromArray(SPECIES, wRows, row + j * LANES);
        c0 = FloatVector.broadcast(SPECIES, t[j]).fma(x, c0);
        c1 = FloatVector.broadcast(SPECIES, t[LANES + j]).fma(x, c1);
        c2 = FloatVector.broadcast(SPECIES, t[2 * LANES + j]).fma(x, c2);
        c3 = FloatVector.broadcast(SPECIES, t[3 * LANES + j]).fma(x, c3);
      }
      NEG_ZERO.add(c0).intoArray(sums, a0);
      NEG_ZERO.add(c1).intoArray(sums, a1);
      NEG_ZERO.add(c2).intoArray(sums, a2);
      NEG_ZERO.add(c3).intoArray(sums, a3);
    }
  }

  /** Adds window w's part of S[·, p] into {@code sums} (the layout of {@link #wRows}). */
  private void basisWindow(int w, float[] sums, float[] t) {
    int q = w * STEP;
    int e = first[w];
    for (int end = groupsEnd(w); e < end; e += GROUP) {
      groupProducts(q, e, t);
      basisGroup(q, e, sums, t);
    }
    int width = kVectors * LANES;
    for (; e < first[w + 1]; e++) {
      products(q, e, t);
      for (int v = 0; v < kVectors; v++) {
        FloatVector h = FloatVector.fromArray(SPECIES, hPadded, image[e] * width + v * LANES);
        int row = (v * ld + q) * LANES;
        for (int j = lo[e]; j < hi[e]; j++) {
          int at = row + j * LANES;
          FloatVector.broadcast(SPECIES, t[j]).fma(h, FloatVector.fromArray(SPECIES, sums, at)).intoArray(sums, at);
        }
      }
    }
  }

  /** r_{q+j} += Σ_g t_g[j]·H[·, i_g] over the group's lanes, for the group's products in {@code t}. */
  private void basisGroup(int q, int e, float[] sums, float[] t) {
    int from = Math.min(Math.min(lo[e], lo[e + 1]), Math.min(lo[e + 2], lo[e + 3]));
    int to = Math.max(Math.max(hi[e], hi[e + 1]), Math.max(hi[e + 2], hi[e + 3]));
    int width = kVectors * LANES;
    for (int v = 0; v < kVectors; v++) {
      FloatVector h0 = FloatVector.fromArray(SPECIES, hPadded, image[e] * width + v * LANES);
      FloatVector h1 = FloatVector.fromArray(SPECIES, hPadded, image[e + 1] * width + v * LANES);
      FloatVector h2 = FloatVector.fromArray(SPECIES, hPadded, image[e + 2] * width + v * LANES);
      FloatVector h3 = FloatVector.fromArray(SPECIES, hPadded, image[e + 3] * width + v * LANES);
      int row = (v * ld + q) * LANES;
      for (int j = from; j < to; j++) {
        int at = row + j * LANES;
        FloatVector a = FloatVector.fromArray(SPECIES, sums, at);
        a = FloatVector.broadcast(SPECIES, t[j]).fma(h0, a);
        a = FloatVector.broadcast(SPECIES, t[LANES + j]).fma(h1, a);
        a = FloatVector.broadcast(SPECIES, t[2 * LANES + j]).fma(h2, a);
        a = FloatVector.broadcast(SPECIES, t[3 * LANES + j]).fma(h3, a);
        a.intoArray(sums, at);
      }
    }
  }

  /** Σ ± t² over window w's entries, each with its row's sign. */
  private double squaresWindow(int w, float[] t) {
    int q = w * STEP;
    FloatVector acc = FloatVector.zero(SPECIES);
    int e = first[w];
    for (int end = groupsEnd(w); e < end; e += GROUP) {
      groupProducts(q, e, t);
      for (int g = 0; g < GROUP; g++) {
        FloatVector x = FloatVector.fromArray(SPECIES, t, g * LANES);
        acc = FloatVector.broadcast(SPECIES, imageSign(e + g)).mul(x).fma(x, acc);
      }
    }
    for (; e < first[w + 1]; e++) {
      products(q, e, t);
      FloatVector x = FloatVector.fromArray(SPECIES, t, 0);
      acc = FloatVector.broadcast(SPECIES, imageSign(e)).mul(x).fma(x, acc);
    }
    if (side == Side.BASIS) {
      acc = acc.lanewise(VectorOperators.MUL, FloatVector.fromArray(SPECIES, rowSign, q));
    }
    NEG_ZERO.add(acc).intoArray(t, 0);
    double sum = 0;
    for (int lane = 0; lane < LANES; lane++) {
      sum += t[lane];
    }
    return sum;
  }

  /** For the codes, entry e's image's sign; for the basis 1 (the pixels' signs come per lane). */
  private float imageSign(int e) {
    return side == Side.CODES ? rowSign[image[e]] : 1f;
  }

  /** The group's products t_g (entries e … e + GROUP − 1 of the window at q), masked, into {@code t[g·LANES …]}. */
  private void groupProducts(int q, int e, float[] t) {
    int h0 = image[e] * k;
    int h1 = image[e + 1] * k;
    int h2 = image[e + 2] * k;
    int h3 = image[e + 3] * k;
    FloatVector t0 = FloatVector.zero(SPECIES);
    FloatVector t1 = t0;
    FloatVector t2 = t0;
    FloatVector t3 = t0;
    for (int s = 0; s < k; s++) {
      FloatVector x = FloatVector.fromArray(SPECIES, wt, s * ld + q);
      t0 = FloatVector.broadcast(SPECIES, ht[h0 + s]).fma(x, t0);
      t1 = FloatVector.broadcast(SPECIES, ht[h1 + s]).fma(x, t1);
      t2 = FloatVector.broadcast(SPECIES, ht[h2 + s]).fma(x, t2);
      t3 = FloatVector.broadcast(SPECIES, ht[h3 + s]).fma(x, t3);
    }
    lanes(e).mul(t0).intoArray(t, 0);
    lanes(e + 1).mul(t1).intoArray(t, LANES);
    lanes(e + 2).mul(t2).intoArray(t, 2 * LANES);
    lanes(e + 3).mul(t3).intoArray(t, 3 * LANES);
  }

  /** One entry's products t, masked, into {@code t[0 … LANES)}: for the entries after the groups. */
  private void products(int q, int e, float[] t) {
    int h0 = image[e] * k;
    FloatVector sum = FloatVector.zero(SPECIES);
    for (int s = 0; s < k; s++) {
      sum = FloatVector.broadcast(SPECIES, ht[h0 + s]).fma(FloatVector.fromArray(SPECIES, wt, s * ld + q), sum);
    }
    lanes(e).mul(sum).intoArray(t, 0);
  }

  /** The vector that is 1 in entry e's lanes {@code [lo, hi)} and 0 elsewhere. */
  private FloatVector lanes(int e) {
    return FloatVector.fromArray(SPECIES, HEAD, LANES - hi[e]).lanewise(VectorOperators.SUB, FloatVector.fromArray(SPECIES, HEAD, LANES - lo[e]));
  }
}
