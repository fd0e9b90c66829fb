package io.facerecon.nmf;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.util.Arrays;

/**
 * {@link MaskedCorrection} in plain Java, for JVMs without the Vector API. Image by image and run
 * by run: the run's products t_pi in a row of their own, then the codes' sums over the run or the
 * basis' additions along it, so that every inner loop walks consecutive pixels. The images are cut
 * into one part of about equal work per thread; the basis adds each part into a Wᵀ-shaped buffer of
 * its own, and the buffers in part order.
 */
final class ScalarMaskedCorrection extends MaskedCorrection {
  private final float[] wt;
  private final float[] ht;
  private final float[] hValues;
  private float[][] parts = new float[0][];
  private float[][] scratch = new float[0][];
  private double[] partSquares = new double[0];

  ScalarMaskedCorrection(MaskRuns runs, Side side, int k) {
    super(runs, side, k);
    this.wt = new float[k * pixels];
    this.ht = new float[images * k];
    this.hValues = new float[k * images];
  }

  @Override
  void compute(FloatMatrix wtMatrix, FloatMatrix h, float[] out) {
    int threads = prepare(wtMatrix, h);
    Parallel.forRange(threads, 1, (from, to) -> {
      for (int part = from; part < to; part++) {
        int first = runs.partStart(part, threads);
        int last = runs.partStart(part + 1, threads);
        if (side == Side.CODES) {
          codes(first, last, out, scratch[part]);
        } else {
          Arrays.fill(parts[part], 0f);
          basis(first, last, parts[part], scratch[part]);
        }
      }
    });
    if (side == Side.BASIS) {
      for (int idx = 0; idx < k * pixels; idx++) {
        float s = 0;
        for (int part = 0; part < threads; part++) {
          s += parts[part][idx];
        }
        out[idx] = s;
      }
    }
  }

  @Override
  double signedSquares(FloatMatrix wtMatrix, FloatMatrix h) {
    int threads = prepare(wtMatrix, h);
    Parallel.forRange(threads, 1, (from, to) -> {
      for (int part = from; part < to; part++) {
        float[] t = scratch[part];
        double sum = 0;
        for (int i = runs.partStart(part, threads), last = runs.partStart(part + 1, threads); i < last; i++) {
          for (int r = runs.firstRun(i); r < runs.firstRun(i + 1); r++) {
            int p0 = runs.start(r);
            int len = runs.length(r);
            products(i, p0, len, t);
            for (int j = 0; j < len; j++) {
              boolean direct = runs.direct(side == Side.CODES ? i : p0 + j);
              sum += (direct ? 1.0 : -1.0) * t[j] * t[j];
            }
          }
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

  /** Loads the factors; returns the thread count, with buffers for as many parts. */
  private int prepare(FloatMatrix wtMatrix, FloatMatrix h) {
    FactorUpdate.load(wtMatrix, wt);
    FactorUpdate.load(h, hValues);
    FactorUpdate.transpose(hValues, k, images, ht);
    int threads = Parallel.threads();
    if (scratch.length != threads) {
      scratch = new float[threads][pixels + k];
      parts = side == Side.BASIS ? new float[threads][k * pixels] : parts;
      partSquares = new double[threads];
    }
    return threads;
  }

  /** out[t·images + i] for the images {@code [from, to)}. */
  private void codes(int from, int to, float[] out, float[] scratch) {
    float[] t = scratch;
    for (int i = from; i < to; i++) {
      int sums = pixels;
      Arrays.fill(scratch, sums, sums + k, 0f);
      for (int r = runs.firstRun(i); r < runs.firstRun(i + 1); r++) {
        int p0 = runs.start(r);
        int len = runs.length(r);
        products(i, p0, len, t);
        for (int s = 0; s < k; s++) {
          int base = s * pixels + p0;
          float sum = 0;
          for (int j = 0; j < len; j++) {
            sum += wt[base + j] * t[j];
          }
          scratch[sums + s] += sum;
        }
      }
      for (int s = 0; s < k; s++) {
        out[s * images + i] = scratch[sums + s];
      }
    }
  }

  /** Adds the images {@code [from, to)} into {@code out} (k × pixels). */
  private void basis(int from, int to, float[] out, float[] t) {
    for (int i = from; i < to; i++) {
      for (int r = runs.firstRun(i); r < runs.firstRun(i + 1); r++) {
        int p0 = runs.start(r);
        int len = runs.length(r);
        products(i, p0, len, t);
        for (int s = 0; s < k; s++) {
          float hs = ht[i * k + s];
          int base = s * pixels + p0;
          for (int j = 0; j < len; j++) {
            out[base + j] += hs * t[j];
          }
        }
      }
    }
  }

  /** {@code t[j] = Σ_s Wᵀ[s, p0 + j]·H[s,i]} for j in {@code [0, len)}. */
  private void products(int i, int p0, int len, float[] t) {
    Arrays.fill(t, 0, len, 0f);
    for (int s = 0; s < k; s++) {
      float hs = ht[i * k + s];
      int base = s * pixels + p0;
      for (int j = 0; j < len; j++) {
        t[j] += hs * wt[base + j];
      }
    }
  }
}
