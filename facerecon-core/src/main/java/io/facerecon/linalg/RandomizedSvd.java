package io.facerecon.linalg;

import java.util.Arrays;

/**
 * The leading singular triplets of a matrix by randomised range finding (Halko, Martinsson and
 * Tropp 2011), step for step as scikit-learn 1.2's {@code randomized_svd} and {@code
 * randomized_range_finder}, with the same Gaussian draws, so that the same seed gives scikit-learn's
 * result up to float32 rounding.
 *
 * <p>For a k-rank approximation of A (m × n) with p oversamples and q power iterations:
 *
 * <pre>
 * M = Aᵀ if m &lt; n (scikit-learn's transpose='auto'), else A;      M is r × c with r ≥ c
 * Ω = RandomState(seed).normal(size=(c, k + p)), cast to float32  (NumPy's legacy generator, C order)
 * q times:  Q = norm(M·Q);  Q = norm(Mᵀ·Q)
 *           norm: LU → P·L of lu(·, permute_l=True);  QR → Q of the economic QR;  none → identity
 * Q = qr(M·Q, economic)                                           r × l
 * B = Qᵀ·M                                                        l × c
 * B = Û·diag(s)·Vᵀ  (sgesdd);   U = Q·Û
 * svd_flip: each pair (u_j, v_j) times the sign of A's left vector's entry of largest magnitude
 *           (the first such entry), so that entry is positive
 * A ≈ U[:, :k]·diag(s[:k])·Vᵀ[:k]   (for M = Aᵀ the roles of U and V swap back)
 * </pre>
 *
 * with q = 7 when k &lt; 0.1·min(m, n), else 4 ({@code n_iter='auto'}), and the normaliser 'auto' =
 * none when q ≤ 2, else LU. The sign rule is scikit-learn 1.2's: decided on the left singular
 * vectors of A (for M = Aᵀ, on the rows of Vᵀ, scikit-learn's {@code u_based_decision=False}).
 *
 * <p>A column-centred matrix A − 1·μᵀ (PCA) is decomposed without forming it: its products are
 * those of A corrected by a rank-one term, (A − 1μᵀ)·X = A·X − 1·(μᵀX) and (A − 1μᵀ)ᵀ·Y = AᵀY −
 * μ·(1ᵀY). The products with A and Aᵀ read A where it lies, split across the threads of the
 * caller's {@link ExecutionContext} ({@link Blas#gemm}, {@link ParallelGemm#transposedRows}).
 */
public final class RandomizedSvd {
  /** scikit-learn's default number of extra random directions ({@code n_oversamples}). */
  public static final int DEFAULT_OVERSAMPLES = 10;

  /** {@link Options#iterations()} value meaning scikit-learn's {@code n_iter='auto'}. */
  public static final int AUTO_ITERATIONS = -1;

  /** How power iterations re-normalise the sampled range ({@code power_iteration_normalizer}). */
  public enum Normalizer {
    /** scikit-learn's default: {@link #NONE} when there are at most 2 power iterations, else {@link #LU}. */
    AUTO,
    /** P·L of the pivoted LU decomposition: cheap and stable, loses a little accuracy. */
    LU,
    /** Q of the economic QR decomposition: the slowest and most accurate. */
    QR,
    /** No normalisation: fastest, unstable for many iterations. */
    NONE
  }

  /**
   * Settings of a randomized SVD, named after scikit-learn's parameters.
   *
   * @param oversamples extra random directions p ({@code n_oversamples}), at least 0
   * @param iterations power iterations q ({@code n_iter}), at least 0, or {@link #AUTO_ITERATIONS}
   * @param normalizer the power iterations' normalisation
   * @param flipSign whether to make the signs deterministic ({@code flip_sign}, scikit-learn's svd_flip)
   */
  public record Options(int oversamples, int iterations, Normalizer normalizer, boolean flipSign) {
    /**
     * Checks the values.
     *
     * @param oversamples at least 0
     * @param iterations at least 0, or {@link #AUTO_ITERATIONS}
     * @param normalizer not null
     * @param flipSign whether to flip signs
     * @throws IllegalArgumentException if a value is out of range
     */
    public Options {
      if (oversamples < 0) {
        throw new IllegalArgumentException("oversamples must be >= 0, got " + oversamples);
      }
      if (iterations < 0 && iterations != AUTO_ITERATIONS) {
        throw new IllegalArgumentException("iterations must be >= 0 or AUTO_ITERATIONS, got " + iterations);
      }
      if (normalizer == null) {
        throw new IllegalArgumentException("normalizer must be given");
      }
    }

    /**
     * scikit-learn's defaults: 10 oversamples, {@code n_iter='auto'}, normaliser 'auto', signs flipped.
     *
     * @return the default options
     */
    public static Options defaults() {
      return new Options(DEFAULT_OVERSAMPLES, AUTO_ITERATIONS, Normalizer.AUTO, true);
    }

    /**
     * These options with another number of power iterations.
     *
     * @param iterations at least 0, or {@link #AUTO_ITERATIONS}
     * @return the new options
     */
    public Options withIterations(int iterations) {
      return new Options(oversamples, iterations, normalizer, flipSign);
    }

    /**
     * These options with another number of oversamples.
     *
     * @param oversamples at least 0
     * @return the new options
     */
    public Options withOversamples(int oversamples) {
      return new Options(oversamples, iterations, normalizer, flipSign);
    }

    /**
     * These options with another normaliser.
     *
     * @param normalizer the power iterations' normalisation
     * @return the new options
     */
    public Options withNormalizer(Normalizer normalizer) {
      return new Options(oversamples, iterations, normalizer, flipSign);
    }

    /**
     * These options with sign flipping on or off.
     *
     * @param flipSign whether to flip signs
     * @return the new options
     */
    public Options withFlipSign(boolean flipSign) {
      return new Options(oversamples, iterations, normalizer, flipSign);
    }
  }

  private RandomizedSvd() {}

  /**
   * The power iterations scikit-learn's {@code n_iter='auto'} chooses: 7 when k &lt; 0.1·min(rows,
   * cols), else 4.
   *
   * @param k number of singular triplets
   * @param rows rows of the matrix
   * @param cols columns of the matrix
   * @return 7 or 4
   */
  public static int autoIterations(int k, int rows, int cols) {
    return k < 0.1 * Math.min(rows, cols) ? 7 : 4;
  }

  /**
   * The leading {@code k} singular triplets of {@code a} with scikit-learn's defaults, as
   * {@code randomized_svd(a, k, random_state=seed)}.
   *
   * @param a the matrix
   * @param k number of singular triplets, 1 to min(rows, cols)
   * @param seed seed of NumPy's legacy generator that draws the Gaussian test matrix
   * @return u (rows × k), s (k values, decreasing), vt (k × cols)
   * @throws IllegalArgumentException if {@code k} is out of range
   */
  public static Lapack.Svd compute(FloatMatrix a, int k, long seed) {
    return compute(a, null, k, seed, Options.defaults());
  }

  /**
   * The leading {@code k} singular triplets of {@code a − 1·μᵀ} (every row minus {@code
   * columnMeans}; {@code a} itself when it is null), which is not formed.
   *
   * @param a the matrix, rows × cols
   * @param columnMeans μ, cols values subtracted from every row, or null
   * @param k number of singular triplets, 1 to min(rows, cols)
   * @param seed seed of NumPy's legacy generator that draws the Gaussian test matrix
   * @param options oversamples, power iterations, normaliser, sign flipping
   * @return u (rows × k), s (k values, decreasing), vt (k × cols)
   * @throws IllegalArgumentException if {@code k} is out of range or μ has the wrong length
   */
  public static Lapack.Svd compute(
      FloatMatrix a, float[] columnMeans, int k, long seed, Options options) {
    int rows = a.rows();
    int cols = a.cols();
    int min = Math.min(rows, cols);
    if (k < 1 || k > min) {
      throw new IllegalArgumentException(
          "randomized SVD: k must be in 1.." + min + " for a " + rows + "x" + cols + " matrix, got " + k);
    }
    if (columnMeans != null && columnMeans.length != cols) {
      throw new IllegalArgumentException(
          "randomized SVD: " + columnMeans.length + " column means for " + cols + " columns");
    }
    int iterations =
        options.iterations() == AUTO_ITERATIONS ? autoIterations(k, rows, cols) : options.iterations();
    Normalizer normalizer = options.normalizer();
    if (normalizer == Normalizer.AUTO) {
      normalizer = iterations <= 2 ? Normalizer.NONE : Normalizer.LU;
    }
    Operator m = new Operator(a, columnMeans, rows < cols);
    FloatMatrix q = new NumpyRandomState(seed).standardNormal(m.cols(), k + options.oversamples());
    for (int it = 0; it < iterations; it++) {
      q = normalize(m.times(q), normalizer);
      q = normalize(m.transposeTimes(q), normalizer);
    }
    q = Lapack.qrEconomic(m.times(q));
    FloatMatrix b = m.transposeTimes(q).transpose(); // Qᵀ·M
    Lapack.Svd small = Lapack.svdInPlace(b);
    FloatMatrix uHat = leadingColumns(small.u(), k);
    FloatMatrix u = Blas.multiply(false, q, false, uHat); // r × k
    FloatMatrix vt = small.vt().rowRange(0, k).copy(); // k × c
    float[] s = Arrays.copyOf(small.s(), k);
    if (options.flipSign()) {
      // The decision is on A's left vectors: U's columns, or Vᵀ's rows when M = Aᵀ.
      Lapack.svdFlip(u, vt, !m.transposed());
    }
    return m.transposed()
        ? new Lapack.Svd(vt.transpose(), s, u.transpose())
        : new Lapack.Svd(u, s, vt);
  }

  private static FloatMatrix normalize(FloatMatrix y, Normalizer normalizer) {
    return switch (normalizer) {
      case LU -> Lapack.luPermutedLower(y);
      case QR -> Lapack.qrEconomic(y);
      case NONE, AUTO -> y;
    };
  }

  private static FloatMatrix leadingColumns(FloatMatrix x, int k) {
    if (x.cols() == k) {
      return x;
    }
    FloatMatrix out = FloatMatrix.zeros(x.rows(), k);
    for (int i = 0; i < x.rows(); i++) {
      out.rowRange(i, i + 1).copyFrom(x.view(i * x.cols(), 1, k));
    }
    return out;
  }

  /**
   * M, the matrix the algorithm runs on: A − 1·μᵀ or its transpose, never formed. {@link #times}
   * and {@link #transposeTimes} are its products M·X and Mᵀ·Y.
   */
  private static final class Operator {
    private final FloatMatrix a;
    private final float[] means;
    private final boolean transposed;

    Operator(FloatMatrix a, float[] means, boolean transposed) {
      this.a = a;
      this.means = means;
      this.transposed = transposed;
    }

    boolean transposed() {
      return transposed;
    }

    int cols() {
      return transposed ? a.rows() : a.cols();
    }

    FloatMatrix times(FloatMatrix x) {
      return transposed ? centredTransposeTimes(x) : centredTimes(x);
    }

    FloatMatrix transposeTimes(FloatMatrix y) {
      return transposed ? centredTimes(y) : centredTransposeTimes(y);
    }

    /** (A − 1μᵀ)·X = A·X − 1·(μᵀX). */
    private FloatMatrix centredTimes(FloatMatrix x) {
      FloatMatrix out = FloatMatrix.zeros(a.rows(), x.cols());
      Blas.gemm(false, false, 1f, a, x, 0f, out);
      if (means != null) {
        float[] shift = new float[x.cols()];
        for (int j = 0; j < x.cols(); j++) {
          double s = 0;
          for (int p = 0; p < means.length; p++) {
            s += (double) means[p] * x.get(p, j);
          }
          shift[j] = (float) s;
        }
        Parallel.forRange(out.rows(), 256, (from, to) -> {
          for (int i = from; i < to; i++) {
            for (int j = 0; j < shift.length; j++) {
              out.set(i, j, out.get(i, j) - shift[j]);
            }
          }
        });
      }
      return out;
    }

    /** (A − 1μᵀ)ᵀ·Y = AᵀY − μ·(1ᵀY). */
    private FloatMatrix centredTransposeTimes(FloatMatrix y) {
      FloatMatrix out = FloatMatrix.zeros(a.cols(), y.cols());
      ParallelGemm.transposedRows(a, false, y, out);
      if (means != null) {
        float[] sums = new float[y.cols()];
        for (int j = 0; j < y.cols(); j++) {
          double s = 0;
          for (int i = 0; i < y.rows(); i++) {
            s += y.get(i, j);
          }
          sums[j] = (float) s;
        }
        for (int p = 0; p < out.rows(); p++) {
          float mu = means[p];
          for (int j = 0; j < sums.length; j++) {
            out.set(p, j, out.get(p, j) - mu * sums[j]);
          }
        }
      }
      return out;
    }
  }
}
