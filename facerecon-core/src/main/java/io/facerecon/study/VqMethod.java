package io.facerecon.study;

import io.facerecon.data.FaceSet;
import io.facerecon.decomposition.KMeans;
import io.facerecon.decomposition.KMeansFit;
import io.facerecon.decomposition.KMeansModel;
import io.facerecon.decomposition.KMeansOptions;
import io.facerecon.linalg.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Vector quantisation (k-means) as a study method, Lee and Seung's first constraint: k prototype
 * faces (the cluster centres); a face's code has one non-zero, a 1 at its nearest centre, and its
 * reconstruction is that centre. The code size is k, though one number (the index) would do.
 */
public final class VqMethod implements ReconstructionMethod {
  private final KMeansOptions options;
  private KMeansFit fit;

  /**
   * A k-means run with these options.
   *
   * @param options the k-means options
   */
  public VqMethod(KMeansOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "VQ k=" + options.clusters();
  }

  @Override
  public String kind() {
    return "VQ";
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("k", options.clusters());
    s.put("init", options.init().sklearnName());
    s.put("n_init", options.nInit());
    s.put("max_iter", options.maxIterations());
    s.put("tol", options.tol());
    s.put("seed", options.seed());
    return s;
  }

  @Override
  public FitResult fit(FaceSet train, Progress progress) {
    progress.update(0, 1);
    fit = new KMeans(options).fit(train);
    progress.update(1, 1);
    return new FitResult(fit.iterations(), "iterations", List.of());
  }

  @Override
  public FloatMatrix reconstruct(FaceSet faces) {
    return model().reconstruct(faces);
  }

  @Override
  public Optional<FloatMatrix> linearCodes(FaceSet faces) {
    return Optional.of(model().codes(faces.pixels()));
  }

  private KMeansModel model() {
    if (fit == null) {
      throw new IllegalStateException(name() + " is not fitted yet");
    }
    return fit.model();
  }

  @Override
  public int codeSize() {
    return options.clusters();
  }

  /** The k centres, a pixel per number. */
  @Override
  public long parameterCount() {
    return (long) options.clusters() * model().pixels();
  }

  /** The prototype faces, one per row. */
  @Override
  public Optional<FloatMatrix> basisImages() {
    return Optional.of(model().clusterCenters());
  }
}
