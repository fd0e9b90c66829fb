package io.facerecon.nmf;

import io.facerecon.data.FaceSet;
import io.facerecon.io.BadInputException;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;

/**
 * NMF as scikit-learn's {@code sklearn.decomposition.NMF} is used: an estimator that is fitted on
 * data held as X, <b>images × pixels</b> (one image per row, as {@link FaceSet#pixels()} holds
 * faces), and then transforms X into codes (images × k) and codes back into images.
 *
 * <pre>{@code
 * NmfEstimator nmf = new NmfEstimator(NmfOptions.defaults(20));
 * FloatMatrix codes = nmf.fitTransform(train);   // train.size() x 20, scikit-learn's W
 * FloatMatrix parts = nmf.components();          // 20 x pixels, scikit-learn's components_
 * FloatMatrix faces = nmf.reconstruct(test);     // test.size() x pixels
 * }</pre>
 *
 * <p>Underneath, facerecon factorises V = Xᵀ (pixels × images) ≈ W·H as Lee and Seung and the study
 * write it ({@link Nmf}): W (pixels × k) holds the basis images in its columns and H (k × images)
 * the codes. So {@link #components()} = Wᵀ and {@link #fitTransform} = Hᵀ; {@link #basis()} and
 * {@link #codes()} give W and H in that orientation. The numbers are scikit-learn's for the same
 * options and seed.
 */
public final class NmfEstimator {
  private final NmfOptions options;
  private NmfProgress progress = NmfProgress.NONE;
  private NmfFit fit;

  /**
   * An estimator with these options (scikit-learn's defaults: {@link NmfOptions#defaults}).
   *
   * @param options the fit's settings
   */
  public NmfEstimator(NmfOptions options) {
    this.options = options;
  }

  /**
   * Reports each iteration of the fits and transforms that follow to {@code listener}.
   *
   * @param listener told of each iteration
   * @return this estimator
   */
  public NmfEstimator withProgress(NmfProgress listener) {
    this.progress = listener;
    return this;
  }

  /**
   * The options.
   *
   * @return the options
   */
  public NmfOptions options() {
    return options;
  }

  /**
   * Fits the faces; the model records their image size. Returns this estimator.
   *
   * @param faces the faces to fit
   * @return this estimator
   */
  public NmfEstimator fit(FaceSet faces) {
    fitData(NmfData.ofImagesByPixels(faces.pixels()), faces.height(), faces.width());
    return this;
  }

  /**
   * Fits X (images × pixels). Returns this estimator.
   *
   * @param x the images, one per row, non-negative
   * @return this estimator
   */
  public NmfEstimator fit(FloatMatrix x) {
    fitData(NmfData.ofImagesByPixels(x), 0, 0);
    return this;
  }

  /**
   * Fits the faces and returns their codes, images × k (scikit-learn's {@code fit_transform}).
   *
   * @param faces the faces to fit
   * @return their codes, images × k
   */
  public FloatMatrix fitTransform(FaceSet faces) {
    return fit(faces).requireFit().codes().transpose();
  }

  /**
   * Fits X (images × pixels) and returns its codes, images × k.
   *
   * @param x the images, one per row, non-negative
   * @return their codes, images × k
   */
  public FloatMatrix fitTransform(FloatMatrix x) {
    return fit(x).requireFit().codes().transpose();
  }

  /**
   * The codes of new faces, images × k, with the basis fixed (scikit-learn's {@code transform}).
   *
   * @param faces faces of the fitted size
   * @return their codes, images × k
   */
  public FloatMatrix transform(FaceSet faces) {
    return transform(faces.pixels());
  }

  /**
   * The codes of new images X (images × pixels), images × k, with the basis fixed.
   *
   * @param x the images, one per row, non-negative
   * @return their codes, images × k
   */
  public FloatMatrix transform(FloatMatrix x) {
    return model().transform(NmfData.ofImagesByPixels(x), progress).transpose();
  }

  /**
   * The images (images × pixels) that codes (images × k) stand for: codes · components.
   *
   * @param codes codes, images × k
   * @return the images, images × pixels
   */
  public FloatMatrix inverseTransform(FloatMatrix codes) {
    if (codes.cols() != options.components()) {
      throw new BadInputException(
          "codes have " + codes.cols() + " columns, expected k = " + options.components());
    }
    return Blas.multiply(false, codes, false, model().components());
  }

  /**
   * The faces as the model reconstructs them, images × pixels: transform, then inverse transform.
   *
   * @param faces faces of the fitted size
   * @return the reconstructions, images × pixels
   */
  public FloatMatrix reconstruct(FaceSet faces) {
    return model().reconstruct(faces);
  }

  /**
   * k × pixels: row t is basis image t (scikit-learn's {@code components_}, our Wᵀ).
   *
   * @return the components, k × pixels
   */
  public FloatMatrix components() {
    return model().components();
  }

  /**
   * W, pixels × k: column t is basis image t (a copy).
   *
   * @return a copy of W
   */
  public FloatMatrix basis() {
    return model().basis();
  }

  /**
   * H, k × images: the codes of the fitted images, one column each.
   *
   * @return H of the last fit
   */
  public FloatMatrix codes() {
    return requireFit().codes();
  }

  /**
   * Iterations the last fit ran (scikit-learn's {@code n_iter_}).
   *
   * @return the iteration count
   */
  public int nIter() {
    return requireFit().iterations();
  }

  /**
   * √(2·D_β) after the last fit, ‖X − WH‖_F for the Frobenius loss (scikit-learn's
   * {@code reconstruction_err_}).
   *
   * @return the reconstruction error
   */
  public double reconstructionErr() {
    return requireFit().reconstructionError();
  }

  /**
   * The fitted model, which transforms, reconstructs and saves without the estimator.
   *
   * @return the model
   */
  public NmfModel model() {
    return requireFit().model();
  }

  /**
   * Everything the last fit reported: errors over time, convergence, warnings.
   *
   * @return the last fit
   */
  public NmfFit lastFit() {
    return requireFit();
  }

  private void fitData(NmfData data, int height, int width) {
    NmfFit f = new Nmf(options).withProgress(progress).fit(data);
    NmfModel model = height == 0 ? f.model() : f.model().withImageSize(height, width);
    fit = new NmfFit(model, f.codes(), f.iterations(), f.betaDivergence(), f.reconstructionError(),
        f.relativeError(), f.history(), f.converged(), f.warnings());
  }

  private NmfFit requireFit() {
    if (fit == null) {
      throw new IllegalStateException("this NMF is not fitted yet: call fit or fitTransform first");
    }
    return fit;
  }
}
