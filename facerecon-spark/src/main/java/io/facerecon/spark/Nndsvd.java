package io.facerecon.spark;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Lapack;
import io.facerecon.linalg.RandomizedSvd;
import io.facerecon.nmf.FactorSteps;
import io.facerecon.nmf.InitMethod;
import java.io.Serializable;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * NNDSVD / NNDSVDA starts (Boutsidis and Gallopoulos 2008) from a distributed randomised SVD
 * (Halko, Martinsson and Tropp 2011) of V = [V_1 … V_P], pixels × images, with the same two kinds of
 * products as the fit:
 *
 * <pre>
 * Y = Σ_p V_p·Ω_p               (pixels × l, l = k + 10; Ω_p Gaussian per image from the seed and its index)
 * q times: Q = qr(Y);  Y = Σ_p V_p·(V_pᵀ·Q)        (q = 7 when k &lt; min(pixels, images)/10, else 4)
 * Q = qr(Y);  Z_p = V_pᵀ·Q;  Σ_p Z_pᵀ·Z_p = U_B·Σ²·U_Bᵀ   (l × l, on the driver)
 * right (pixel) singular vectors: Q·U_B;  left (image) ones, per partition: Z_p·U_B·Σ⁻¹
 * </pre>
 *
 * Each of the q + 3 passes is one {@link OrderedSum} of at most pixels × l numbers per partition. The
 * split into positive and negative parts needs the norms of each left vector's parts, one more
 * aggregate of 2k numbers; the codes are then made where the images are.
 */
final class Nndsvd {
  private static final float NNDSVD_ZERO = 1e-6f;

  private final JavaSparkContext jsc;
  private final JavaRDD<Blocks.Block> v;
  private final int m;
  private final int n;
  private final int k;
  private final long[] offsets;
  private final int depth;

  Nndsvd(JavaSparkContext jsc, JavaRDD<Blocks.Block> v, int m, int n, int k, long[] offsets, int depth) {
    this.jsc = jsc;
    this.v = v;
    this.m = m;
    this.n = n;
    this.k = k;
    this.offsets = offsets;
    this.depth = depth;
  }

  record Start(FloatMatrix wt, JavaRDD<DistributedNmf.Codes> codes) {}

  /** Sums of double arrays. */
  static final class Sum implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] values;

    Sum(int size) {
      values = new double[size];
    }

    Sum add(Sum o) {
      for (int i = 0; i < values.length; i++) {
        values[i] += o.values[i];
      }
      return this;
    }

    FloatMatrix matrix(int rows, int cols) {
      FloatMatrix x = FloatMatrix.zeros(rows, cols);
      for (int i = 0; i < values.length; i++) {
        x.set(i, (float) values[i]);
      }
      return x;
    }
  }

  Start start(long seed, InitMethod init, float mean) {
    int l = Math.min(k + RandomizedSvd.DEFAULT_OVERSAMPLES, Math.min(m, n));
    int power = k < 0.1 * Math.min(m, n) ? 7 : 4;
    int mm = m;
    long[] off = offsets;
    long omegaSeed = seed ^ 0x5DEECE66DL;
    // Y = Σ V_p·Ω_p
    Sum y = OrderedSum.of(v, b -> {
      Sum s = new Sum(mm * l);
      if (b.rows == 0) {
        return s;
      }
      FloatMatrix omega = FloatMatrix.zeros(b.rows, l);
      for (int j = 0; j < b.rows; j++) {
        SplittableRandom r = DistributedNmf.imageRandom(omegaSeed, off[b.partition] + j);
        for (int c = 0; c < l; c++) {
          omega.set(j, c, (float) r.nextGaussian());
        }
      }
      FloatMatrix part = FloatMatrix.zeros(mm, l);
      ExecutionContext.serial().run(() -> Blas.gemm(true, false, 1f, b.matrix(), omega, 0f, part));
      for (int i = 0; i < s.values.length; i++) {
        s.values[i] = part.get(i);
      }
      return s;
    }, Sum::add, depth);
    FloatMatrix q = y.matrix(m, l);
    Lapack.orthonormalizeColumns(q);
    for (int it = 0; it < power; it++) {
      Broadcast<float[]> qb = jsc.broadcast(q.toArray());
      Sum next = OrderedSum.of(v, b -> {
        Sum s = new Sum(mm * l);
        if (b.rows == 0) {
          return s;
        }
        FloatMatrix part = FloatMatrix.zeros(mm, l);
        ExecutionContext.serial().run(() -> {
          FloatMatrix qm = FloatMatrix.of(mm, l, qb.value());
          FloatMatrix z = FloatMatrix.zeros(b.rows, l);
          Blas.gemm(false, false, 1f, b.matrix(), qm, 0f, z);
          Blas.gemm(true, false, 1f, b.matrix(), z, 0f, part);
        });
        for (int i = 0; i < s.values.length; i++) {
          s.values[i] = part.get(i);
        }
        return s;
      }, Sum::add, depth);
      qb.destroy();
      q = next.matrix(m, l);
      Lapack.orthonormalizeColumns(q);
    }
    Broadcast<float[]> qb = jsc.broadcast(q.toArray());
    Sum gram = OrderedSum.of(v, b -> {
      Sum s = new Sum(l * l);
      if (b.rows == 0) {
        return s;
      }
      FloatMatrix g = FloatMatrix.zeros(l, l);
      ExecutionContext.serial().run(() -> {
        FloatMatrix z = project(b, qb.value(), mm, l);
        Blas.gemm(true, false, 1f, z, z, 0f, g);
      });
      for (int i = 0; i < s.values.length; i++) {
        s.values[i] = g.get(i);
      }
      return s;
    }, Sum::add, depth);
    Lapack.Svd eig = Lapack.svd(gram.matrix(l, l));
    // U_B·Σ⁻¹ for the first k components (l × k) and the pixel-side vectors Q·U_B (m × k).
    float[] sigma = new float[k];
    FloatMatrix ub = FloatMatrix.zeros(l, k);
    for (int j = 0; j < k; j++) {
      sigma[j] = (float) Math.sqrt(Math.max(0, eig.s()[j]));
      for (int i = 0; i < l; i++) {
        ub.set(i, j, eig.u().get(i, j));
      }
    }
    FloatMatrix right = FloatMatrix.zeros(m, k);
    Blas.gemm(false, false, 1f, q, ub, 0f, right);
    FloatMatrix scaled = FloatMatrix.zeros(l, k);
    for (int i = 0; i < l; i++) {
      for (int j = 0; j < k; j++) {
        scaled.set(i, j, sigma[j] > 0 ? ub.get(i, j) / sigma[j] : 0f);
      }
    }
    Broadcast<float[]> sb = jsc.broadcast(scaled.toArray());
    int kk = k;
    // Norms of the positive and negative parts of each left vector.
    Sum norms = OrderedSum.of(v, b -> {
      Sum s = new Sum(2 * kk);
      if (b.rows == 0) {
        return s;
      }
      FloatMatrix u = ExecutionContext.serial().call(() -> left(b, qb.value(), sb.value(), mm, l, kk));
      for (int i = 0; i < b.rows; i++) {
        for (int j = 0; j < kk; j++) {
          float x = u.get(i, j);
          s.values[x > 0 ? 2 * j : 2 * j + 1] += (double) x * x;
        }
      }
      return s;
    }, Sum::add, depth);
    float[] hScale = new float[k];
    boolean[] positive = new boolean[k];
    FloatMatrix wt = FloatMatrix.zeros(k, m);
    for (int j = 0; j < k; j++) {
      float[] vj = new float[m];
      for (int p = 0; p < m; p++) {
        vj[p] = right.get(p, j);
      }
      if (j == 0) {
        float root = (float) Math.sqrt(sigma[0]);
        hScale[0] = root;
        positive[0] = true;
        for (int p = 0; p < m; p++) {
          wt.set(0, p, root * Math.abs(vj[p]));
        }
        continue;
      }
      double uPos = Math.sqrt(norms.values[2 * j]);
      double uNeg = Math.sqrt(norms.values[2 * j + 1]);
      double vPos = FactorSteps.partNorm(vj, true);
      double vNeg = FactorSteps.partNorm(vj, false);
      double mPos = uPos * vPos;
      double mNeg = uNeg * vNeg;
      boolean pos = mPos > mNeg;
      double uNorm = pos ? uPos : uNeg;
      double vNorm = pos ? vPos : vNeg;
      double lambda = Math.sqrt(sigma[j] * (pos ? mPos : mNeg));
      hScale[j] = (float) (uNorm > 0 ? lambda / uNorm : 0);
      positive[j] = pos;
      double vScale = vNorm > 0 ? lambda / vNorm : 0;
      for (int p = 0; p < m; p++) {
        wt.set(j, p, (float) (vScale * FactorSteps.part(vj[p], pos)));
      }
    }
    boolean average = init == InitMethod.NNDSVDA;
    for (int i = 0; i < wt.size(); i++) {
      if (wt.get(i) < NNDSVD_ZERO) {
        wt.set(i, average ? mean : 0f);
      }
    }
    JavaRDD<DistributedNmf.Codes> codes = v.map(b -> {
      float[] h = new float[kk * b.rows];
      if (b.rows > 0) {
        FloatMatrix u = ExecutionContext.serial().call(() -> left(b, qb.value(), sb.value(), mm, l, kk));
        for (int j = 0; j < kk; j++) {
          for (int i = 0; i < b.rows; i++) {
            float x = u.get(i, j);
            float value = j == 0 ? hScale[0] * Math.abs(x) : (float) (hScale[j] * FactorSteps.part(x, positive[j]));
            h[j * b.rows + i] = value < NNDSVD_ZERO ? (average ? mean : 0f) : value;
          }
        }
      }
      return new DistributedNmf.Codes(b.partition, kk, b.rows, h, null);
    });
    return new Start(wt, codes);
  }

  /** Z_p = V_pᵀ·Q (rows × l). */
  private static FloatMatrix project(Blocks.Block b, float[] q, int m, int l) {
    FloatMatrix z = FloatMatrix.zeros(b.rows, l);
    Blas.gemm(false, false, 1f, b.matrix(), FloatMatrix.of(m, l, q), 0f, z);
    return z;
  }

  /** The block's rows of the left singular vectors: Z_p·U_B·Σ⁻¹ (rows × k). */
  private static FloatMatrix left(Blocks.Block b, float[] q, float[] scaled, int m, int l, int k) {
    FloatMatrix z = project(b, q, m, l);
    FloatMatrix u = FloatMatrix.zeros(b.rows, k);
    Blas.gemm(false, false, 1f, z, FloatMatrix.of(l, k, scaled), 0f, u);
    return u;
  }
}
