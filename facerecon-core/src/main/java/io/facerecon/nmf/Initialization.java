package io.facerecon.nmf;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Lapack;
import io.facerecon.linalg.NumpyRandomState;
import io.facerecon.linalg.RandomizedSvd;

/**
 * Starting factors, as scikit-learn's {@code _initialize_nmf}, in our orientation: the basis as
 * Wᵀ (k × pixels), which is scikit-learn's H, and the codes H (k × images), scikit-learn's Wᵀ.
 *
 * <p>Random draws come from NumPy's legacy generator ({@link NumpyRandomState}) seeded with the
 * options' seed, in scikit-learn's order, so a seed gives scikit-learn's start with the same
 * {@code random_state}. {@link InitMethod#RANDOM}: every entry is {@code √(mean(V)/k)·|z|}, z a
 * standard normal rounded to float32, drawn for Wᵀ (scikit-learn's H) row by row first, then for
 * H in the row order of scikit-learn's W = Hᵀ.
 *
 * <p>{@link InitMethod#NNDSVD} (Boutsidis and Gallopoulos 2008), from the leading k singular
 * triplets (σ_j, u_j, v_j) of X = Vᵀ (u_j over images, v_j over pixels), by a randomized SVD:
 *
 * <pre>
 * j = 0:   H[0,·] = √σ₀·|u₀|                      Wᵀ[0,·] = √σ₀·|v₀|
 * j ≥ 1:   u₊ = max(u_j, 0), u₋ = max(−u_j, 0), likewise v₊, v₋
 *          m₊ = ‖u₊‖·‖v₊‖, m₋ = ‖u₋‖·‖v₋‖; (û, v̂, m) = (u₊, v₊, m₊) if m₊ &gt; m₋, else (u₋, v₋, m₋)
 *          H[j,·] = √(σ_j·m)·û/‖û‖                  Wᵀ[j,·] = √(σ_j·m)·v̂/‖v̂‖   (0 for a zero norm)
 * </pre>
 *
 * then entries below 1e-6 become 0. {@link InitMethod#NNDSVDA} fills those zeros with mean(V),
 * {@link InitMethod#NNDSVDAR} with {@code |mean(V)·z|/100}, z standard normal from a generator
 * seeded afresh, H's zeros (in scikit-learn's W order) before Wᵀ's. Keeping the part with
 * the larger norm product makes the result independent of the SVD's signs.
 */
final class Initialization {
  /** Entries below this are zeroed after NNDSVD, as scikit-learn's {@code eps=1e-6}. */
  private static final float NNDSVD_ZERO = 1e-6f;

  private Initialization() {}

  /** Fills {@code wt} and {@code h} by {@code method} (not CUSTOM). */
  static void initialize(NmfData data, InitMethod method, long seed, FloatMatrix wt, FloatMatrix h) {
    int k = wt.rows();
    if (method == InitMethod.RANDOM) {
      random(data.mean(), seed, wt, h);
      return;
    }
    nndsvd(data, k, seed, wt, h);
    float mean = (float) data.mean();
    if (method == InitMethod.NNDSVDA) {
      replaceZeros(h, () -> mean);
      replaceZeros(wt, () -> mean);
    } else if (method == InitMethod.NNDSVDAR) {
      NumpyRandomState random = new NumpyRandomState(seed);
      FloatMatrix codesAsRows = h.transpose(); // scikit-learn's W
      replaceZeros(codesAsRows, () -> (float) Math.abs(mean * random.standardNormal() / 100));
      h.copyFrom(codesAsRows.transpose());
      replaceZeros(wt, () -> (float) Math.abs(mean * random.standardNormal() / 100));
    }
  }

  /**
   * Fills {@code wt} and {@code h} with the {@link InitMethod#RANDOM} start of data whose mean is
   * {@code mean}: the only figure of the data it needs, so a streamed fit can start without
   * holding the data.
   */
  static void random(double mean, long seed, FloatMatrix wt, FloatMatrix h) {
    float scale = (float) Math.sqrt(mean / wt.rows());
    NumpyRandomState random = new NumpyRandomState(seed);
    fillAbsGaussian(wt, scale, random);
    FloatMatrix codesAsRows = FloatMatrix.zeros(h.cols(), h.rows()); // scikit-learn's W
    fillAbsGaussian(codesAsRows, scale, random);
    h.copyFrom(codesAsRows.transpose());
  }

  private static void fillAbsGaussian(FloatMatrix m, float scale, NumpyRandomState random) {
    for (int i = 0, n = m.size(); i < n; i++) {
      m.set(i, scale * Math.abs((float) random.standardNormal()));
    }
  }

  private interface FloatSource {
    float next();
  }

  private static void replaceZeros(FloatMatrix m, FloatSource value) {
    for (int i = 0, n = m.size(); i < n; i++) {
      if (m.get(i) == 0) {
        m.set(i, value.next());
      }
    }
  }

  /**
   * Boutsidis and Gallopoulos's NNDSVD of X = Vᵀ from its leading k singular triplets: each pair
   * of singular vectors is split into positive and negative parts and the pair with the larger
   * norm product kept, so the result does not depend on the SVD's signs.
   */
  private static void nndsvd(NmfData data, int k, long seed, FloatMatrix wt, FloatMatrix h) {
    Lapack.Svd svd = RandomizedSvd.compute(data.vt(), k, seed);
    int images = data.images();
    int pixels = data.pixels();
    float[] u = new float[images];
    float[] v = new float[pixels];
    for (int j = 0; j < k; j++) {
      for (int i = 0; i < images; i++) {
        u[i] = svd.u().get(i, j);
      }
      svd.vt().buffer().get(svd.vt().offset() + j * pixels, v);
      float sigma = svd.s()[j];
      if (j == 0) {
        float root = (float) Math.sqrt(sigma);
        for (int i = 0; i < images; i++) {
          h.set(j, i, root * Math.abs(u[i]));
        }
        for (int p = 0; p < pixels; p++) {
          wt.set(j, p, root * Math.abs(v[p]));
        }
        continue;
      }
      double uPos = partNorm(u, true);
      double uNeg = partNorm(u, false);
      double vPos = partNorm(v, true);
      double vNeg = partNorm(v, false);
      double mPos = uPos * vPos;
      double mNeg = uNeg * vNeg;
      boolean positive = mPos > mNeg;
      double uNorm = positive ? uPos : uNeg;
      double vNorm = positive ? vPos : vNeg;
      double lambda = Math.sqrt(sigma * (positive ? mPos : mNeg));
      // A pair whose kept parts are both zero contributes nothing (not 0/0).
      double uScale = uNorm > 0 ? lambda / uNorm : 0;
      double vScale = vNorm > 0 ? lambda / vNorm : 0;
      for (int i = 0; i < images; i++) {
        h.set(j, i, (float) (uScale * part(u[i], positive)));
      }
      for (int p = 0; p < pixels; p++) {
        wt.set(j, p, (float) (vScale * part(v[p], positive)));
      }
    }
    zeroBelow(h);
    zeroBelow(wt);
  }

  static double part(float x, boolean positive) {
    return positive ? Math.max(x, 0) : Math.abs(Math.min(x, 0));
  }

  static double partNorm(float[] x, boolean positive) {
    double s = 0;
    for (float value : x) {
      double p = part(value, positive);
      s += p * p;
    }
    return Math.sqrt(s);
  }

  private static void zeroBelow(FloatMatrix m) {
    for (int i = 0, n = m.size(); i < n; i++) {
      if (m.get(i) < NNDSVD_ZERO) {
        m.set(i, 0);
      }
    }
  }
}
