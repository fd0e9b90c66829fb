package io.facerecon.nmf;

import io.facerecon.linalg.FloatMatrix;
import java.util.Arrays;

/**
 * The entries of the data that one side of the masked β = 2 update sums over ({@link
 * MaskedCorrection}), as runs of consecutive pixels, image by image.
 *
 * <p>Each row of the factor being updated — an image for the codes, a pixel for the basis — owns a
 * line of entries (image i: its pixels; pixel p: its images). Its masked denominator is the sum over
 * the line's observed entries, which the update gets either <em>directly</em>, visiting the observed
 * entries, or as the <em>complement</em>, the Gram product over the whole line minus the sum over
 * its missing entries:
 *
 * <pre>
 * direct[row] = missing(row) &gt; {@link #DIRECT_MISSING_SHARE}·line
 * entry (image i, pixel p) visited  ⇔  M[p,i] = 1 exactly when its row is direct
 * </pre>
 *
 * The complement is the rule: the kernel then touches the missing entries, the fewer for any mask
 * worth fitting. A row missing most of its line is direct, so that a complement never subtracts a
 * sum over more than four times the entries it keeps: the observed sum it leaves is then not lost
 * to cancellation (about two bits at most, counting entries; values are non-negative). A row with
 * nothing missing visits nothing and gets the unmasked denominator exactly; a row with nothing
 * observed visits nothing either, and gets 0.
 *
 * <p>Runs are stored image by image: the runs of image i are {@code [firstRun(i), firstRun(i + 1))},
 * each a first pixel and a length, in increasing pixel order.
 */
final class MaskRuns {
  /**
   * Pixels per vector in the cost estimate ({@link #paddedEntries}): a 512-bit vector's floats,
   * its windows starting every {@link #WINDOW_STEP} pixels ({@link VectorMaskedCorrection}).
   * Constants, so that the count depends on the mask only, not on the JVM's vector width.
   */
  static final int BLOCK = 16;
  static final int WINDOW_STEP = 4;
  /** A row sums its observed entries directly when more than this share of its line is missing. */
  static final double DIRECT_MISSING_SHARE = 0.8;

  private final int images;
  private final int pixels;
  private final boolean[] direct;
  private final int[] firstRun;
  private final int[] start;
  private final int[] length;
  /** The windows of {@link #BLOCK} pixels the runs of the images before image i take: the work, for splitting it. */
  private final long[] blocksBefore;
  private final long visited;

  private MaskRuns(int images, int pixels, boolean[] direct, int[] firstRun, int[] start, int[] length,
      long[] blocksBefore, long visited) {
    this.images = images;
    this.pixels = pixels;
    this.direct = direct;
    this.firstRun = firstRun;
    this.start = start;
    this.length = length;
    this.blocksBefore = blocksBefore;
    this.visited = visited;
  }

  /**
   * The runs one side visits.
   *
   * @param observedT Mᵀ, images × pixels, 1 = observed, 0 = missing
   * @param side CODES: rows are images; BASIS: rows are pixels
   */
  static MaskRuns of(FloatMatrix observedT, Side side) {
    return of(observedT, side, Long.MAX_VALUE);
  }

  /**
   * The runs one side visits, or null as soon as they take more than {@code maxPadded} entries
   * counted in whole windows ({@link #paddedEntries}): the mask does not suit the kernel, and the
   * scan stops there.
   */
  static MaskRuns of(FloatMatrix observedT, Side side, long maxPadded) {
    int n = observedT.rows();
    int m = observedT.cols();
    boolean[] direct = directRows(observedT, side);
    long maxBlocks = maxPadded / BLOCK;
    int[] firstRun = new int[n + 1];
    long[] blocksBefore = new long[n + 1];
    int[] start = new int[Math.max(16, n)];
    int[] length = new int[start.length];
    float[] row = new float[m];
    float[] visitedWhen = new float[m];
    int runs = 0;
    long visited = 0;
    long blocks = 0;
    for (int i = 0; i < n; i++) {
      firstRun[i] = runs;
      blocksBefore[i] = blocks;
      observedT.buffer().get(observedT.offset() + i * m, row);
      // An entry is visited where M equals this: 1 in a direct row, 0 in a complemented one.
      if (side == Side.CODES) {
        Arrays.fill(visitedWhen, direct[i] ? 1f : 0f);
      } else if (i == 0) {
        for (int p = 0; p < m; p++) {
          visitedWhen[p] = direct[p] ? 1f : 0f;
        }
      }
      int p = 0;
      while (p < m) {
        if ((row[p] != 0) != (visitedWhen[p] != 0)) {
          p++;
          continue;
        }
        int from = p;
        while (p < m && (row[p] != 0) == (visitedWhen[p] != 0)) {
          p++;
        }
        if (runs == start.length) {
          start = Arrays.copyOf(start, 2 * runs);
          length = Arrays.copyOf(length, 2 * runs);
        }
        start[runs] = from;
        length[runs++] = p - from;
        visited += p - from;
        blocks += (p - from / WINDOW_STEP * WINDOW_STEP + BLOCK - 1) / BLOCK;
      }
      if (blocks > maxBlocks) {
        return null;
      }
    }
    firstRun[n] = runs;
    blocksBefore[n] = blocks;
    return new MaskRuns(n, m, direct, firstRun, Arrays.copyOf(start, runs), Arrays.copyOf(length, runs),
        blocksBefore, visited);
  }

  /** Whether each row of the side's factor sums its observed entries (true) or its missing ones. */
  private static boolean[] directRows(FloatMatrix observedT, Side side) {
    int n = observedT.rows();
    int m = observedT.cols();
    float[] row = new float[m];
    float[] observed = new float[side == Side.CODES ? n : m];
    for (int i = 0; i < n; i++) {
      observedT.buffer().get(observedT.offset() + i * m, row);
      if (side == Side.CODES) {
        float sum = 0;
        for (int p = 0; p < m; p++) {
          sum += row[p];
        }
        observed[i] = sum;
      } else {
        for (int p = 0; p < m; p++) {
          observed[p] += row[p];
        }
      }
    }
    // Counts of 0/1 entries: exact in float up to 2^24 per line.
    double line = side == Side.CODES ? m : n;
    boolean[] direct = new boolean[observed.length];
    for (int r = 0; r < direct.length; r++) {
      direct[r] = line - observed[r] > DIRECT_MISSING_SHARE * line;
    }
    return direct;
  }

  /**
   * The entries the vector kernel touches: a run from s to e takes ⌈(e − ⌊s/{@link
   * #WINDOW_STEP}⌋·WINDOW_STEP) / {@link #BLOCK}⌉ windows of BLOCK pixels.
   */
  long paddedEntries() {
    return blocksBefore[images] * BLOCK;
  }

  /** True when row {@code r} of the side's factor (an image or a pixel) sums its observed entries. */
  boolean direct(int r) {
    return direct[r];
  }

  int images() {
    return images;
  }

  int pixels() {
    return pixels;
  }

  /** The first run of image {@code i}; the runs of image i end where those of i + 1 begin. */
  int firstRun(int i) {
    return firstRun[i];
  }

  /** The first pixel of run {@code r}. */
  int start(int r) {
    return start[r];
  }

  /** The length of run {@code r}, at least 1. */
  int length(int r) {
    return length[r];
  }

  /** The number of visited entries. */
  long visited() {
    return visited;
  }

  /**
   * Where part {@code part} of {@code parts} starts when the images are cut into parts of about
   * equal work (visited blocks); part {@code parts} starts at {@link #images()}.
   */
  int partStart(int part, int parts) {
    if (part >= parts) {
      return images;
    }
    long target = blocksBefore[images] * part / parts;
    int lo = 0;
    int hi = images;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (blocksBefore[mid] < target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
