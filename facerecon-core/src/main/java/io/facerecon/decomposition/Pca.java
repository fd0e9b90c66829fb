package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Lapack;
import io.facerecon.linalg.Parallel;
import io.facerecon.linalg.RandomizedSvd;
import java.util.Arrays;

/**
 * Principal component analysis as scikit-learn 1.2's {@code PCA}, on data X of n images × p
 * pixels (one image per row: {@code FaceSet.pixels()}, scikit-learn's X; NMF's V is Xᵀ).
 *
 * <pre>
 * μ = mean of the rows of X;   X_c = X − 1·μᵀ
 * X_c ≈ U·diag(σ)·Vᵀ          (full: LAPACK's thin SVD; randomized: RandomizedSvd of X_c, not formed)
 * signs: svd_flip on U (each U column's entry of largest magnitude positive)
 * components_ = Vᵀ[:k]                         k × p, orthonormal rows (the eigenfaces)
 * explained_variance_j = σ_j² / (n − 1)
 * explained_variance_ratio_j = explained_variance_j / total,
 *     total = Σ over all min(n, p) σ_j² / (n − 1) (full) = ‖X_c‖²_F / (n − 1) (randomized)
 * noise_variance_ = (total − Σ_{j&lt;k} explained_variance_j) / (min(n, p) − k), 0 when k = min(n, p)
 * fit_transform = U[:, :k]·diag(σ[:k]), or U[:, :k]·√(n − 1) when whitened
 * </pre>
 *
 * A variance fraction f keeps the fewest k whose cumulated ratios exceed f (full solver). The
 * solver {@code auto} follows scikit-learn 1.2 ({@link SvdSolver#AUTO}). The full solver runs
 * {@code sgesdd} on the centred float32 data as scikit-learn does; the randomized one draws the same
 * Gaussian test matrix as scikit-learn for the same seed, so both agree with scikit-learn up to
 * float32 rounding. Transforms and reconstructions are those of {@link SubspaceModel}.
 */
public final class Pca {
  private final PcaOptions options;

  /**
   * An estimator with the given settings.
   *
   * @param options the settings
   */
  public Pca(PcaOptions options) {
    this.options = options;
  }

  /**
   * The settings.
   *
   * @return the options
   */
  public PcaOptions options() {
    return options;
  }

  /**
   * A fitted model and the codes of the images it was fitted on.
   *
   * @param model the model
   * @param codes the training images' codes, images × k (scikit-learn's {@code fit_transform})
   */
  public record Fit(PcaModel model, FloatMatrix codes) {}

  /**
   * Fits the model to images.
   *
   * @param x images × pixels, at least 2 images
   * @return the model
   * @throws InvalidParameterException if k exceeds min(images, pixels)
   * @throws BadInputException if there are fewer than 2 images or a value is NaN or infinite (the
   *     message says how many and where)
   */
  public PcaModel fit(FloatMatrix x) {
    return fitTransform(x).model();
  }

  /**
   * Fits the model and returns the training images' codes, U·diag(σ) (or U·√(n − 1) when
   * whitened): for the randomized solver these differ from {@code transform(x)} by the
   * approximation error, as in scikit-learn.
   *
   * @param x images × pixels, at least 2 images
   * @return the model and the codes
   * @throws InvalidParameterException if k exceeds min(images, pixels)
   * @throws BadInputException if there are fewer than 2 images or a value is NaN or infinite
   */
  public Fit fitTransform(FloatMatrix x) {
    int n = x.rows();
    int p = x.cols();
    if (n < 2 || p < 1) {
      throw new BadInputException(
          "PCA needs at least 2 images of at least 1 pixel (the variance divides by images - 1), got "
              + n + " images of " + p + " pixels");
    }
    int k = options.components().upperBound(n, p);
    DataChecks.requireFinite(x, "PCA");
    SvdSolver solver = SvdSolver.resolve(options.solver(), options.components(), n, p);
    float[] mean = ColumnStatistics.means(x);
    return solver == SvdSolver.FULL ? full(x, mean) : randomized(x, mean, k);
  }

  private Fit full(FloatMatrix x, float[] mean) {
    int n = x.rows();
    int min = Math.min(n, x.cols());
    Lapack.Svd svd = Lapack.svdInPlace(ColumnStatistics.centredCopy(x, mean));
    Lapack.svdFlip(svd.u(), svd.vt(), true);
    float[] s = svd.s();
    float[] variance = new float[min];
    double total = 0;
    for (int j = 0; j < min; j++) {
      variance[j] = (float) ((double) s[j] * s[j] / (n - 1));
      total += variance[j];
    }
    float[] ratio = new float[min];
    for (int j = 0; j < min; j++) {
      ratio[j] = (float) (variance[j] / total);
    }
    int k = keep(ratio, min);
    double discarded = 0;
    for (int j = k; j < min; j++) {
      discarded += variance[j];
    }
    double noise = k < min ? discarded / (min - k) : 0;
    return result(svd, mean, variance, ratio, k, noise, SvdSolver.FULL, n);
  }

  /** k for the options' component count, given the ratios of all min(n, p) components. */
  private int keep(float[] ratio, int min) {
    ComponentCount count = options.components();
    if (count.isFixed()) {
      return count.fixed();
    }
    if (!count.isFraction()) {
      return min;
    }
    // searchsorted(cumsum(ratio), f, side='right') + 1: one more than the prefixes summing to <= f.
    double cumulated = 0;
    int below = 0;
    for (int j = 0; j < min; j++) {
      cumulated += ratio[j];
      if (cumulated <= count.fraction()) {
        below = j + 1;
      }
    }
    return Math.min(below + 1, min);
  }

  private Fit randomized(FloatMatrix x, float[] mean, int k) {
    int n = x.rows();
    int min = Math.min(n, x.cols());
    Lapack.Svd svd = RandomizedSvd.compute(x, mean, k, options.seed(), options.randomizedOptions());
    double total = ColumnStatistics.centredSumOfSquares(x, mean) / (n - 1);
    float[] variance = new float[k];
    float[] ratio = new float[k];
    double kept = 0;
    for (int j = 0; j < k; j++) {
      variance[j] = (float) ((double) svd.s()[j] * svd.s()[j] / (n - 1));
      ratio[j] = (float) (variance[j] / total);
      kept += variance[j];
    }
    double noise = k < min ? (total - kept) / (min - k) : 0;
    return result(svd, mean, variance, ratio, k, noise, SvdSolver.RANDOMIZED, n);
  }

  /** The model of the first k triplets of {@code svd} and the training codes. */
  private Fit result(
      Lapack.Svd svd, float[] mean, float[] variance, float[] ratio, int k, double noise, SvdSolver solver,
      int n) {
    float[] sigma = Arrays.copyOf(svd.s(), k);
    Spectrum spectrum = new Spectrum(
        Arrays.copyOf(variance, k), Arrays.copyOf(ratio, k), sigma);
    FloatMatrix components = svd.vt().rowRange(0, k).copy();
    PcaModel model = new PcaModel(
        components, mean, spectrum, options.whiten(), noise, n, solver, options.seed(), 0, 0);
    float[] factor = new float[k];
    for (int j = 0; j < k; j++) {
      factor[j] = options.whiten() ? (float) Math.sqrt(n - 1.0) : sigma[j];
    }
    return new Fit(model, scaledColumns(svd.u(), factor));
  }

  /** U[:, :k]·diag(factor), a new images × k matrix. */
  private static FloatMatrix scaledColumns(FloatMatrix u, float[] factor) {
    int k = factor.length;
    FloatMatrix out = FloatMatrix.zeros(u.rows(), k);
    Parallel.forRange(u.rows(), 256, (from, to) -> {
      for (int i = from; i < to; i++) {
        for (int j = 0; j < k; j++) {
          out.set(i, j, u.get(i, j) * factor[j]);
        }
      }
    });
    return out;
  }
}
