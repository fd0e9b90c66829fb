package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both kernel implementations against a double-precision reference, on shapes with leftover rows
 * (not a multiple of the four-row group), leftover positions (not a multiple of the wide tile) and
 * destination rows that overlap while accumulating, as folding into phase sequences does.
 */
class PatchKernelsTest {
  private static final PatchKernels[] IMPLEMENTATIONS = {
      new VectorPatchKernels(true), new VectorPatchKernels(false), new ScalarPatchKernels()};

  @ParameterizedTest
  @CsvSource({"9, 5, 80, false", "9, 5, 80, true", "16, 144, 208, false", "32, 16, 96, true", "3, 7, 16, true",
      "16, 9, 784, false", "8, 4, 48, true", "4, 3, 32, false"})
  void multiplyMatchesReference(int rows, int inner, int width, boolean overlapping) {
    SplittableRandom random = new SplittableRandom(rows * 31L + inner);
    float[] a = values(random, rows * inner);
    int[] srcRows = new int[inner];
    for (int k = 0; k < inner; k++) {
      srcRows[k] = random.nextInt(3 * width);
    }
    float[] src = values(random, 4 * width + 8);
    // Destination rows one apart overlap almost entirely, as taps of one sequence do.
    int[] dstRows = new int[rows];
    for (int r = 0; r < rows; r++) {
      dstRows[r] = overlapping ? r % 3 : r * width;
    }
    float[] start = values(random, rows * width + 8 + 4);
    double[] expected = new double[start.length];
    for (int i = 0; i < start.length; i++) {
      expected[i] = start[i];
    }
    for (int r = 0; r < rows; r++) {
      for (int p = 0; p < width; p++) {
        double s = 0;
        for (int k = 0; k < inner; k++) {
          s += (double) a[r * inner + k] * src[4 + srcRows[k] + p];
        }
        expected[4 + dstRows[r] + p] += s;
      }
    }
    PackedRows packed = new PackedRows().pack(a, rows, inner, false);
    for (PatchKernels kernels : IMPLEMENTATIONS) {
      float[] dst = start.clone();
      kernels.multiply(packed, src, srcRows, 4, dst, dstRows, 4, width);
      for (int i = 0; i < dst.length; i++) {
        assertThat((double) dst[i]).as("%s value %d", kernels.getClass().getSimpleName(), i)
            .isCloseTo(expected[i], within(1e-4 * (1 + Math.abs(expected[i]))));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"5, 7, 3, 48", "16, 9, 4, 32", "32, 144, 2, 16", "8, 11, 2, 32", "4, 20, 3, 16"})
  void correlateMatchesReference(int m, int n, int samples, int width) {
    SplittableRandom random = new SplittableRandom(m * 7L + n);
    int fStride = m * width + 5;
    int sStride = 2 * width + n;
    float[] f = values(random, samples * fStride + width);
    float[] s = values(random, samples * sStride + width);
    int[] fRows = new int[m];
    int[] sRows = new int[n];
    for (int i = 0; i < m; i++) {
      fRows[i] = i * width;
    }
    for (int j = 0; j < n; j++) {
      sRows[j] = random.nextInt(sStride - width);
    }
    for (PatchKernels kernels : IMPLEMENTATIONS) {
      float[] g = new float[m * n];
      g[0] = 1f; // the sums are added to what is there
      kernels.correlate(f, fRows, fStride, s, sRows, sStride, samples, width, g);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double e = i + j == 0 ? 1 : 0;
          for (int b = 0; b < samples; b++) {
            for (int p = 0; p < width; p++) {
              e += (double) f[b * fStride + fRows[i] + p] * s[b * sStride + sRows[j] + p];
            }
          }
          assertThat((double) g[i * n + j]).as("%s (%d, %d)", kernels.getClass().getSimpleName(), i, j)
              .isCloseTo(e, within(1e-4 * (1 + Math.abs(e))));
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"3, 1, 16", "5, 4, 208", "2, 3, 48"})
  void rowSumsMatchReference(int rows, int samples, int width) {
    SplittableRandom random = new SplittableRandom(rows * 13L + width);
    int stride = rows * width + 3;
    float[] a = values(random, samples * stride + width);
    int[] starts = new int[rows];
    for (int i = 0; i < rows; i++) {
      starts[i] = random.nextInt(stride - width + 1);
    }
    for (PatchKernels kernels : IMPLEMENTATIONS) {
      float[] sums = new float[rows];
      kernels.rowSums(a, starts, stride, samples, width, sums);
      for (int i = 0; i < rows; i++) {
        double e = 0;
        for (int b = 0; b < samples; b++) {
          for (int p = 0; p < width; p++) {
            e += a[b * stride + starts[i] + p];
          }
        }
        assertThat((double) sums[i]).as("%s row %d", kernels.getClass().getSimpleName(), i)
            .isCloseTo(e, within(1e-4 * (1 + Math.abs(e))));
      }
    }
  }

  /**
   * A vector's lanes are added in lane order, before the JIT compiles the kernel and after: a
   * compiled {@code reduceLanes(ADD)} may add them in another order (Java 25 does), which would make a
   * result depend on when the kernel was compiled. In lane order 10⁸ + 1 − 10⁸ + 1 is 1 in float32;
   * in a tree, 0 or 2.
   */
  @Test
  void sumsAddAVectorsLanesInLaneOrderBeforeAndAfterCompilation() {
    VectorPatchKernels kernels = new VectorPatchKernels();
    int lanes = kernels.lanes();
    float[] a = new float[lanes];
    a[0] = 1e8f;
    a[1] = 1f;
    a[lanes / 2] = -1e8f;
    a[lanes / 2 + 1] = 1f;
    float[] ones = new float[lanes];
    Arrays.fill(ones, 1f);
    int[] first = {0};
    float[] sum = new float[1];
    for (int call = 0; call < 30_000; call++) {
      kernels.rowSums(a, first, lanes, 1, lanes, sum);
      assertThat(sum[0]).as("row sum, call %d", call).isEqualTo(1f);
      sum[0] = 0f;
      kernels.correlate(a, first, lanes, ones, first, lanes, 1, lanes, sum);
      assertThat(sum[0]).as("dot product, call %d", call).isEqualTo(1f);
    }
  }

  @ParameterizedTest
  @CsvSource({"3", "12", "16", "24", "47"})
  void copyRowsCopiesEachRowAndWritesNothingBeyondItsAllowance(int length) {
    SplittableRandom random = new SplittableRandom(length);
    float[] src = values(random, 5 * (length + 3));
    for (PatchKernels kernels : IMPLEMENTATIONS) {
      // Short rows may spill up to lanes − length values past their end; the last row ends at the
      // array's end, where no spill fits.
      int stride = length + 20;
      float[] dst = new float[2 + 4 * stride + length];
      kernels.copyRows(src, 1, length + 3, dst, 2, stride, 5, length);
      int allowance = Math.max(0, kernels.lanes() - length);
      for (int i = 0; i < dst.length; i++) {
        int row = (i - 2) / stride;
        int col = (i - 2) % stride;
        String what = kernels.getClass().getSimpleName() + " value " + i;
        if (i >= 2 && col < length) {
          assertThat(dst[i]).as(what).isEqualTo(src[1 + row * (length + 3) + col]);
        } else if (i < 2 || col >= length + allowance) {
          assertThat(dst[i]).as(what).isEqualTo(0f);
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void sigmoidMatchesDoublePrecisionOnEveryLaneAndTheTail() {
    float[] x = {0f, -0f, 1f, -1f, 3.5f, -7.25f, 20f, -20f, 87f, -87f, 88.5f, -88.5f, 100f, -100f,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-8f, -1e-8f, 0.3f, -0.3f};
    for (PatchKernels kernels : IMPLEMENTATIONS) {
      float[] y = x.clone();
      kernels.sigmoid(y, 1, y.length);
      assertThat(y[0]).isEqualTo(0f); // outside the range: untouched
      for (int i = 1; i < x.length; i++) {
        String what = kernels.getClass().getSimpleName() + " at " + x[i];
        if (Float.isNaN(x[i])) {
          assertThat(y[i]).as(what).isNaN();
        } else {
          double expected = 1 / (1 + Math.exp(-(double) x[i]));
          assertThat((double) y[i]).as(what).isCloseTo(expected, within(1e-6 * expected + 1e-37));
        }
      }
    }
  }

  private static float[] values(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }
}
