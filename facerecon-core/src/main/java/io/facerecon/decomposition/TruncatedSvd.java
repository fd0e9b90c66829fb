package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Lapack;
import io.facerecon.linalg.Parallel;
import io.facerecon.linalg.RandomizedSvd;
import java.util.Arrays;

/**
 * Truncated SVD (latent semantic analysis) as scikit-learn 1.2's {@code TruncatedSVD}: the best
 * rank-k approximation of the uncentred data X (n images × p pixels, one image per row), which
 * by Eckart and Young no rank-k code beats in Frobenius norm.
 *
 * <pre>
 * X ≈ U·diag(σ)·Vᵀ               (randomized: RandomizedSvd, n_iter 5; full: LAPACK's thin SVD)
 * signs: svd_flip on U;  components_ = Vᵀ[:k]  (k × p)
 * fit_transform = X·components_ᵀ                       n × k
 * explained_variance_j = var_i(fit_transform[i, j])    (population variance over the images)
 * explained_variance_ratio_j = explained_variance_j / Σ_pixels var_i(X[i, pixel])
 * singular_values_ = σ[:k]
 * </pre>
 *
 * The variances are those of the centred codes and data although the SVD itself is not centred,
 * as in scikit-learn. Where scikit-learn offers ARPACK ({@code algorithm='arpack'}), an iterative
 * solver for a few components of sparse data, {@link SvdSolver#FULL} computes the exact SVD with
 * LAPACK ({@code sgesdd}) and keeps k triplets: the same components as ARPACK's converged ones
 * (up to rounding), at the cost of the whole decomposition; scikit-learn's ARPACK path takes the
 * codes as U·diag(σ), which equals X·Vᵀ up to rounding for an exact SVD.
 */
public final class TruncatedSvd {
  private final TruncatedSvdOptions options;

  /**
   * An estimator with the given settings.
   *
   * @param options the settings
   */
  public TruncatedSvd(TruncatedSvdOptions options) {
    this.options = options;
  }

  /**
   * The settings.
   *
   * @return the options
   */
  public TruncatedSvdOptions options() {
    return options;
  }

  /**
   * A fitted model and the codes of the images it was fitted on.
   *
   * @param model the model
   * @param codes X·Cᵀ, images × k (scikit-learn's {@code fit_transform})
   */
  public record Fit(TruncatedSvdModel model, FloatMatrix codes) {}

  /**
   * Fits the model to images.
   *
   * @param x images × pixels
   * @return the model
   * @throws InvalidParameterException if k exceeds min(images, pixels)
   * @throws BadInputException if a value is NaN or infinite (the message says how many and where)
   */
  public TruncatedSvdModel fit(FloatMatrix x) {
    return fitTransform(x).model();
  }

  /**
   * Fits the model and returns the training images' codes X·Cᵀ.
   *
   * @param x images × pixels
   * @return the model and the codes
   * @throws InvalidParameterException if k exceeds min(images, pixels)
   * @throws BadInputException if a value is NaN or infinite
   */
  public Fit fitTransform(FloatMatrix x) {
    int k = ComponentCount.of(options.k()).upperBound(x.rows(), x.cols());
    DataChecks.requireFinite(x, "truncated SVD");
    Lapack.Svd svd;
    if (options.algorithm() == SvdSolver.FULL) {
      svd = Lapack.svd(x);
      Lapack.svdFlip(svd.u(), svd.vt(), true);
    } else {
      svd = RandomizedSvd.compute(x, null, k, options.seed(), options.randomizedOptions());
    }
    FloatMatrix components = svd.vt().rowRange(0, k).copy();
    FloatMatrix codes = FloatMatrix.zeros(x.rows(), k);
    Blas.gemm(false, true, 1f, x, components, 0f, codes);
    int n = x.rows();
    float[] codeMeans = ColumnStatistics.means(codes);
    double total = ColumnStatistics.centredSumOfSquares(x, ColumnStatistics.means(x)) / n;
    float[] variance = new float[k];
    float[] ratio = new float[k];
    for (int j = 0; j < k; j++) {
      variance[j] = (float) (centredSquares(codes, j, codeMeans[j]) / n);
      ratio[j] = (float) (variance[j] / total);
    }
    Spectrum spectrum = new Spectrum(variance, ratio, Arrays.copyOf(svd.s(), k));
    TruncatedSvdModel model =
        new TruncatedSvdModel(components, spectrum, options.algorithm(), options.seed(), 0, 0);
    return new Fit(model, codes);
  }

  /** Σ_i (z_ij − mean)². */
  private static double centredSquares(FloatMatrix z, int j, float mean) {
    return Parallel.sum(z.rows(), 1024, (from, to) -> {
      double s = 0;
      for (int i = from; i < to; i++) {
        double d = (double) z.get(i, j) - mean;
        s += d * d;
      }
      return s;
    });
  }
}
