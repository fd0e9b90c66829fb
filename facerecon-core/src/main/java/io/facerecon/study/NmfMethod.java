package io.facerecon.study;

import io.facerecon.data.FaceSet;
import io.facerecon.study.Curve;
import io.facerecon.study.FitResult;
import io.facerecon.study.Progress;
import io.facerecon.study.ReconstructionMethod;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.Nmf;
import io.facerecon.nmf.NmfData;
import io.facerecon.nmf.NmfFit;
import io.facerecon.nmf.NmfModel;
import io.facerecon.nmf.NmfOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * NMF as a study method: the training faces are factorised V ≈ W·H; their reconstructions are
 * W·H, and held-out faces get codes from {@code transform} (W fixed) and are reconstructed as W
 * times those codes. A face's code is its k coefficients; the fit learns W, pixels × k numbers.
 */
public final class NmfMethod implements ReconstructionMethod {
  private final NmfOptions options;
  private NmfFit fit;

  /**
   * An NMF run with these options (k, solver, init, iteration limit, tolerance, seed, ...).
   *
   * @param options the NMF options
   */
  public NmfMethod(NmfOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "NMF k=" + options.components() + ", " + options.maxIterations() + " it";
  }

  @Override
  public String kind() {
    return "NMF";
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("k", options.components());
    s.put("max_iter", options.maxIterations());
    s.put("solver", lower(options.solver()));
    s.put("init", options.init() == null ? "default" : lower(options.init()));
    s.put("tol", options.tol());
    s.put("seed", options.seed());
    return s;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public FitResult fit(FaceSet train, Progress progress) {
    NmfData data = NmfData.ofImagesByPixels(train.pixels());
    fit = new Nmf(options).withProgress((it, max, error) -> progress.update(it, max)).fit(data);
    double norm = Math.sqrt(data.squaredNorm());
    // The error at the start (iteration 0) is left out: an SVD start can be far worse than every
    // later point and would flatten the curve.
    List<NmfFit.ErrorPoint> history = fit.history().stream().filter(p -> p.iteration() > 0).toList();
    double[] steps = history.stream().mapToDouble(NmfFit.ErrorPoint::iteration).toArray();
    double[] relative = history.stream().mapToDouble(p -> p.error() / norm).toArray();
    // With the Frobenius loss √(2·D_β) is ‖V − WH‖_F; other losses keep their own name.
    String curve = options.betaLoss().isFrobenius()
        ? "relative error ‖V − WH‖ / ‖V‖"
        : "√(2·D_β) / ‖V‖ (β = " + options.betaLoss().label() + ")";
    return new FitResult(
        fit.iterations(), "iterations", List.of(new Curve(curve, "iteration", steps, relative)));
  }

  @Override
  public FloatMatrix reconstruct(FaceSet faces) {
    return requireFit().model().reconstruct(faces);
  }

  /** The masked {@code transform}: each face coded from its observed pixels, W fixed; {@code fill} is unused. */
  @Override
  public FloatMatrix reconstructOccluded(FaceSet faces, FloatMatrix masks, double fill) {
    return requireFit().model().reconstructOccluded(faces, masks);
  }

  /** The fit's own W·H: the training codes H are part of the factorisation. */
  @Override
  public FloatMatrix reconstructTraining(FaceSet train) {
    return imagesOf(trainingCodes(train));
  }

  /** The fit's H, after checking that {@code train} has as many faces as the fit had. */
  private FloatMatrix trainingCodes(FaceSet train) {
    if (requireFit().codes().cols() != train.size()) {
      throw new IllegalArgumentException(
          name() + " was fitted on " + fit.codes().cols() + " faces, not these " + train.size());
    }
    return fit.codes();
  }

  /** H's columns, from {@code transform} with W fixed. */
  @Override
  public Optional<FloatMatrix> linearCodes(FaceSet faces) {
    NmfModel model = requireFit().model();
    return Optional.of(model.transform(NmfData.ofImagesByPixels(faces.pixels())).transpose());
  }

  /** The fit's own H, transposed. */
  @Override
  public Optional<FloatMatrix> trainingLinearCodes(FaceSet train) {
    return Optional.of(trainingCodes(train).transpose());
  }

  /** Images × pixels: Hᵀ·Wᵀ for codes H (k × images). */
  private FloatMatrix imagesOf(FloatMatrix codes) {
    return Blas.multiply(true, codes, false, fit.model().components());
  }

  private NmfFit requireFit() {
    if (fit == null) {
      throw new IllegalStateException(name() + " is not fitted yet");
    }
    return fit;
  }

  @Override
  public int codeSize() {
    return options.components();
  }

  /** W's pixels × k numbers. */
  @Override
  public long parameterCount() {
    return (long) options.components() * requireFit().model().pixels();
  }

  /** W's columns, one basis image per row. */
  @Override
  public Optional<FloatMatrix> basisImages() {
    return Optional.of(requireFit().model().components());
  }

  /**
   * What scikit-learn would warn about after the fit (e.g. the iteration limit was reached).
   *
   * @return the warnings, empty if none or before the fit
   */
  public List<String> warnings() {
    return fit == null ? List.of() : fit.warnings();
  }
}
