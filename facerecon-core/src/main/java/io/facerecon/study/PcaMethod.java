package io.facerecon.study;

import io.facerecon.data.FaceSet;
import io.facerecon.decomposition.Pca;
import io.facerecon.decomposition.PcaModel;
import io.facerecon.decomposition.PcaOptions;
import io.facerecon.linalg.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * PCA as a study method (eigenfaces): the training faces' mean and their k leading principal
 * components; a face's code is its k projections, its reconstruction the mean plus the components
 * weighted by the code ({@link io.facerecon.decomposition.SubspaceModel}). The basis is signed;
 * the model is of rank k + 1 with the mean.
 */
public final class PcaMethod implements ReconstructionMethod {
  private final PcaOptions options;
  private final int k;
  private Pca.Fit fit;

  /**
   * A PCA run with these options; the number of components must be fixed (not a variance fraction).
   *
   * @param options the PCA options
   * @throws IllegalArgumentException if the options ask for a variance fraction or all components
   */
  public PcaMethod(PcaOptions options) {
    if (!options.components().isFixed()) {
      throw new IllegalArgumentException("a study's PCA run needs a fixed number of components, got "
          + options.components());
    }
    this.options = options;
    this.k = options.components().fixed();
  }

  @Override
  public String name() {
    return "PCA k=" + k;
  }

  @Override
  public String kind() {
    return "PCA";
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("k", k);
    s.put("solver", options.solver().name().toLowerCase(Locale.ROOT));
    s.put("whiten", options.whiten());
    s.put("seed", options.seed());
    return s;
  }

  /** One SVD of the centred faces: a single step, with no curve. */
  @Override
  public FitResult fit(FaceSet train, Progress progress) {
    progress.update(0, 1);
    fit = new Pca(options).fitTransform(train.pixels());
    progress.update(1, 1);
    return new FitResult(1, "svd", List.of());
  }

  @Override
  public FloatMatrix reconstruct(FaceSet faces) {
    return model().reconstruct(faces.pixels());
  }

  /** The fit's own codes (scikit-learn's {@code fit_transform}) decoded. */
  @Override
  public FloatMatrix reconstructTraining(FaceSet train) {
    return model().inverseTransform(trainingCodes(train));
  }

  @Override
  public Optional<FloatMatrix> linearCodes(FaceSet faces) {
    return Optional.of(model().transform(faces.pixels()));
  }

  @Override
  public Optional<FloatMatrix> trainingLinearCodes(FaceSet train) {
    return Optional.of(trainingCodes(train));
  }

  private FloatMatrix trainingCodes(FaceSet train) {
    model();
    if (fit.codes().rows() != train.size()) {
      throw new IllegalArgumentException(
          name() + " was fitted on " + fit.codes().rows() + " faces, not these " + train.size());
    }
    return fit.codes();
  }

  private PcaModel model() {
    if (fit == null) {
      throw new IllegalStateException(name() + " is not fitted yet");
    }
    return fit.model();
  }

  @Override
  public int codeSize() {
    return k;
  }

  /** The k components and the mean, each a pixel per number. */
  @Override
  public long parameterCount() {
    return (long) (k + 1) * model().pixels();
  }

  /** The eigenfaces, one per row (signed). */
  @Override
  public Optional<FloatMatrix> basisImages() {
    return Optional.of(model().components());
  }
}
