package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.VectorSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The masked update's sums over the runs of a mask ({@link MaskRuns}, {@link MaskedCorrection})
 * against a plain reference written from the definition, on random masks: runs of every length,
 * runs of one pixel, runs that cross vector boundaries and runs a few pixels apart, images and
 * pixels missing whole or almost whole (direct rows), for several k and thread counts (up to more
 * threads than the work has parts).
 */
class MaskedCorrectionTest {
  private static final int IMAGES = 41;
  /** Not a multiple of any vector width. */
  private static final int PIXELS = 16 * 6 + 7;

  /** Entry (i, p) is visited when it is observed exactly when its row is direct. */
  private static boolean visited(FloatMatrix observedT, MaskRuns runs, Side side, int i, int p) {
    return (observedT.get(i, p) != 0) == runs.direct(side == Side.CODES ? i : p);
  }

  /** t = (WH)[p, i] in double. */
  private static double product(FloatMatrix wt, FloatMatrix h, int p, int i) {
    double t = 0;
    for (int s = 0; s < wt.rows(); s++) {
      t += (double) wt.get(s, p) * h.get(s, i);
    }
    return t;
  }

  /** S by its definition: codes k × images, basis k × pixels. */
  static double[] reference(FloatMatrix observedT, MaskRuns runs, Side side, FloatMatrix wt, FloatMatrix h) {
    int k = wt.rows();
    int c = side == Side.CODES ? IMAGES : PIXELS;
    double[] out = new double[k * c];
    for (int i = 0; i < IMAGES; i++) {
      for (int p = 0; p < PIXELS; p++) {
        if (!visited(observedT, runs, side, i, p)) {
          continue;
        }
        double t = product(wt, h, p, i);
        for (int s = 0; s < k; s++) {
          if (side == Side.CODES) {
            out[s * c + i] += wt.get(s, p) * t;
          } else {
            out[s * c + p] += h.get(s, i) * t;
          }
        }
      }
    }
    return out;
  }

  private static double referenceSignedSquares(FloatMatrix observedT, MaskRuns runs, Side side, FloatMatrix wt,
      FloatMatrix h) {
    double sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      for (int p = 0; p < PIXELS; p++) {
        if (visited(observedT, runs, side, i, p)) {
          double t = product(wt, h, p, i);
          sum += (runs.direct(side == Side.CODES ? i : p) ? 1 : -1) * t * t;
        }
      }
    }
    return sum;
  }

  /** Mᵀ (images × pixels, 1 = observed) with every kind of run. */
  static FloatMatrix randomMask(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    FloatMatrix observedT = FloatMatrix.zeros(IMAGES, PIXELS);
    observedT.fill(1f);
    for (int i = 0; i < IMAGES; i++) {
      int runs = rng.nextInt(6);
      for (int r = 0; r < runs; r++) {
        int length = 1 + rng.nextInt(r % 2 == 0 ? 3 : 40);
        int start = rng.nextInt(PIXELS);
        for (int p = start; p < Math.min(PIXELS, start + length); p++) {
          observedT.set(i, p, 0);
        }
      }
    }
    // A whole image and most of another missing: direct rows of the codes.
    for (int p = 0; p < PIXELS; p++) {
      observedT.set(3, p, 0);
      observedT.set(7, p, p % 9 == 0 ? 1 : 0);
    }
    // Pixels missing in all or most images: direct rows of the basis.
    for (int i = 0; i < IMAGES; i++) {
      observedT.set(i, 17, 0);
      observedT.set(i, PIXELS - 1, i % 10 == 0 ? 1 : 0);
    }
    return observedT;
  }

  private static FloatMatrix random(SplittableRandom rng, int rows, int cols) {
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) rng.nextDouble());
    }
    return m;
  }

  /** The implementations this JVM can run: always the plain one, the SIMD one with the Vector API. */
  static List<MaskedCorrection.Factory> implementations() {
    List<MaskedCorrection.Factory> list = new ArrayList<>();
    list.add(ScalarMaskedCorrection::new);
    if (VectorSupport.AVAILABLE) {
      list.add(VectorMaskedCorrection::new);
    }
    return list;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 17, 30, 33})
  void sumsOverTheRunsEqualTheReference(int k) {
    for (long seed = 0; seed < 6; seed++) {
      FloatMatrix observedT = randomMask(seed);
      SplittableRandom rng = new SplittableRandom(100 + seed);
      FloatMatrix wt = random(rng, k, PIXELS);
      FloatMatrix h = random(rng, k, IMAGES);
      for (Side side : Side.values()) {
        MaskRuns runs = MaskRuns.of(observedT, side);
        double[] expected = reference(observedT, runs, side, wt, h);
        double squares = referenceSignedSquares(observedT, runs, side, wt, h);
        double scale = 0;
        for (double e : expected) {
          scale = Math.max(scale, Math.abs(e));
        }
        for (MaskedCorrection.Factory factory : implementations()) {
          for (int threads : new int[] {1, 3, 16}) {
            MaskedCorrection correction = factory.create(runs, side, k);
            float[] out = new float[expected.length];
            // Twice: buffers kept from call to call must not carry anything over.
            for (int call = 0; call < 2; call++) {
              ExecutionContext.ofThreads(threads).run(() -> correction.compute(wt, h, out));
              for (int x = 0; x < expected.length; x++) {
                assertThat((double) out[x]).as("%s %s k %d seed %d threads %d entry %d", correction.getClass()
                    .getSimpleName(), side, k, seed, threads, x).isCloseTo(expected[x],
                        org.assertj.core.data.Offset.offset(1e-5 * scale + 1e-5 * Math.abs(expected[x])));
              }
              double got = ExecutionContext.ofThreads(threads).call(() -> correction.signedSquares(wt, h));
              assertThat(got).as("signed squares %s %s k %d seed %d", correction.getClass().getSimpleName(), side, k,
                  seed).isCloseTo(squares, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(squares) + 1e-6));
            }
          }
        }
      }
    }
  }

  @Test
  void runsAreTheVisitedEntriesInOrder() {
    for (long seed = 0; seed < 10; seed++) {
      FloatMatrix observedT = randomMask(seed);
      for (Side side : Side.values()) {
        MaskRuns runs = MaskRuns.of(observedT, side);
        long visited = 0;
        long padded = 0;
        for (int i = 0; i < IMAGES; i++) {
          boolean[] inRun = new boolean[PIXELS];
          int previousEnd = -1;
          for (int r = runs.firstRun(i); r < runs.firstRun(i + 1); r++) {
            int start = runs.start(r);
            int end = start + runs.length(r);
            assertThat(runs.length(r)).isPositive();
            // Maximal runs: separated by at least one entry that is not visited.
            assertThat(start).isGreaterThan(previousEnd);
            previousEnd = end;
            for (int p = start; p < end; p++) {
              inRun[p] = true;
            }
            padded += (end - start / MaskRuns.WINDOW_STEP * MaskRuns.WINDOW_STEP + MaskRuns.BLOCK - 1) / MaskRuns.BLOCK;
          }
          for (int p = 0; p < PIXELS; p++) {
            assertThat(inRun[p]).as("seed %d %s image %d pixel %d", seed, side, i, p)
                .isEqualTo(visited(observedT, runs, side, i, p));
            visited += inRun[p] ? 1 : 0;
          }
        }
        assertThat(runs.visited()).isEqualTo(visited);
        assertThat(runs.paddedEntries()).isEqualTo(padded * MaskRuns.BLOCK);
        assertThat(MaskRuns.of(observedT, side, runs.paddedEntries())).isNotNull();
        if (runs.paddedEntries() > 0) {
          assertThat(MaskRuns.of(observedT, side, runs.paddedEntries() - 1)).as("over the limit").isNull();
        }
      }
    }
  }

  @Test
  void aRowIsDirectWhenMoreThanFourFifthsOfItsLineIsMissing() {
    FloatMatrix observedT = randomMask(1);
    MaskRuns codes = MaskRuns.of(observedT, Side.CODES);
    MaskRuns basis = MaskRuns.of(observedT, Side.BASIS);
    for (int i = 0; i < IMAGES; i++) {
      int missing = 0;
      for (int p = 0; p < PIXELS; p++) {
        missing += observedT.get(i, p) == 0 ? 1 : 0;
      }
      assertThat(codes.direct(i)).as("image %d", i).isEqualTo(missing > 0.8 * PIXELS);
    }
    for (int p = 0; p < PIXELS; p++) {
      int missing = 0;
      for (int i = 0; i < IMAGES; i++) {
        missing += observedT.get(i, p) == 0 ? 1 : 0;
      }
      assertThat(basis.direct(p)).as("pixel %d", p).isEqualTo(missing > 0.8 * IMAGES);
    }
    assertThat(codes.direct(3)).as("the image missing whole").isTrue();
    assertThat(codes.direct(7)).as("the image missing almost whole").isTrue();
    assertThat(basis.direct(17)).as("the pixel missing in every image").isTrue();
  }
}
