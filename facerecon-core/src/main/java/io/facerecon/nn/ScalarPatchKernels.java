package io.facerecon.nn;

/** {@link PatchKernels} in plain Java, for JVMs started without the Vector API. */
final class ScalarPatchKernels extends PatchKernels {
  @Override
  int lanes() {
    return 1;
  }

  @Override
  void multiply(
      PackedRows a, float[] src, int[] srcRows, int srcBase, float[] dst, int[] dstRows, int dstBase, int width) {
    float[] w = a.values();
    for (int r = 0; r < a.rows(); r++) {
      int d = dstBase + dstRows[r];
      for (int k = 0; k < a.inner(); k++) {
        float v = w[a.index(r, k)];
        int s = srcBase + srcRows[k];
        for (int p = 0; p < width; p++) {
          dst[d + p] += v * src[s + p];
        }
      }
    }
  }

  @Override
  void correlate(
      float[] f, int[] fRows, int fStride, float[] s, int[] sRows, int sStride, int samples, int width,
      float[] g) {
    for (int i = 0; i < fRows.length; i++) {
      for (int j = 0; j < sRows.length; j++) {
        float sum = 0;
        for (int b = 0; b < samples; b++) {
          int fi = b * fStride + fRows[i];
          int sj = b * sStride + sRows[j];
          for (int p = 0; p < width; p++) {
            sum += f[fi + p] * s[sj + p];
          }
        }
        g[i * sRows.length + j] += sum;
      }
    }
  }

  @Override
  void sigmoid(float[] x, int from, int to) {
    for (int i = from; i < to; i++) {
      x[i] = 1f / (1f + Activation.exp(-x[i]));
    }
  }

  @Override
  void rowSums(float[] a, int[] rows, int stride, int samples, int width, float[] out) {
    for (int i = 0; i < rows.length; i++) {
      float sum = 0;
      for (int b = 0; b < samples; b++) {
        for (int p = 0, at = b * stride + rows[i]; p < width; p++) {
          sum += a[at + p];
        }
      }
      out[i] = sum;
    }
  }

  @Override
  void copyRows(float[] src, int srcStart, int srcStride, float[] dst, int dstStart, int dstStride, int rows,
      int length) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(src, srcStart + r * srcStride, dst, dstStart + r * dstStride, length);
    }
  }
}
