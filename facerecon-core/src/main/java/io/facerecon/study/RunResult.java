package io.facerecon.study;

import io.facerecon.eval.Evaluation;

import io.facerecon.linalg.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one method's run in a study produced: its settings, costs, code size, the quality of
 * its reconstructions on training and test faces, its training curves, its basis images and its
 * reconstructions of the study's gallery faces.
 */
public final class RunResult {
  private final String name;
  private final String kind;
  private final Map<String, Object> settings;
  private final double fitSeconds;
  private final double reconstructSeconds;
  private final FitResult fit;
  private final int codeSize;
  private final int pixelCount;
  private final long parameterCount;
  private final Evaluation train;
  private final Evaluation test;
  private final FloatMatrix basisImages;
  private final FloatMatrix galleryReconstructions;
  private final List<OcclusionResult> occlusions;
  private final LinearCode linearCode;

  /**
   * @param name the method's name, unique in the study
   * @param kind the method's family
   * @param settings the run's settings, in display order
   * @param fitSeconds seconds of {@link ReconstructionMethod#fit}: its wall-clock time, or the
   *     training time the method reported (see {@link FitResult#seconds()})
   * @param reconstructSeconds wall-clock seconds to reconstruct the test faces
   * @param fit what the method reported about its fit
   * @param codeSize numbers in one image's code, at least 1
   * @param pixelCount pixels in one image
   * @param parameterCount numbers learnt in the fit
   * @param train quality on the training faces
   * @param test quality on the test faces
   * @param basisImages k × pixels, or null when the method has none
   * @param galleryReconstructions reconstructions of the study's gallery faces, one per row
   */
  public RunResult(
      String name, String kind, Map<String, Object> settings, double fitSeconds,
      double reconstructSeconds, FitResult fit, int codeSize, int pixelCount, long parameterCount,
      Evaluation train, Evaluation test, FloatMatrix basisImages,
      FloatMatrix galleryReconstructions) {
    this(name, kind, settings, fitSeconds, reconstructSeconds, fit, codeSize, pixelCount, parameterCount,
        train, test, basisImages, galleryReconstructions, List.of(), null);
  }

  /**
   * A run measured on occluded faces too, and as a linear code when it is one.
   *
   * @param name the method's name, unique in the study
   * @param kind the method's family
   * @param settings the run's settings, in display order
   * @param fitSeconds seconds of {@link ReconstructionMethod#fit}
   * @param reconstructSeconds wall-clock seconds to reconstruct the test faces
   * @param fit what the method reported about its fit
   * @param codeSize numbers in one image's code, at least 1
   * @param pixelCount pixels in one image
   * @param parameterCount numbers learnt in the fit
   * @param train quality on the training faces
   * @param test quality on the test faces
   * @param basisImages k × pixels, or null when the method has none
   * @param galleryReconstructions reconstructions of the study's gallery faces, one per row
   * @param occlusions one result per occlusion of the study, in the study's order
   * @param linearCode the linear code's measures, or null when the method does not decode linearly
   */
  public RunResult(
      String name, String kind, Map<String, Object> settings, double fitSeconds,
      double reconstructSeconds, FitResult fit, int codeSize, int pixelCount, long parameterCount,
      Evaluation train, Evaluation test, FloatMatrix basisImages,
      FloatMatrix galleryReconstructions, List<OcclusionResult> occlusions, LinearCode linearCode) {
    if (codeSize < 1) {
      throw new IllegalArgumentException(name + ": code size must be >= 1, got " + codeSize);
    }
    this.name = name;
    this.kind = kind;
    this.settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    this.fitSeconds = fitSeconds;
    this.reconstructSeconds = reconstructSeconds;
    this.fit = fit;
    this.codeSize = codeSize;
    this.pixelCount = pixelCount;
    this.parameterCount = parameterCount;
    this.train = train;
    this.test = test;
    this.basisImages = basisImages;
    this.galleryReconstructions = galleryReconstructions;
    this.occlusions = List.copyOf(occlusions);
    this.linearCode = linearCode;
  }

  /**
   * The measures of a linear code (SVD ratio, sparseness, gallery codes), when the method is one.
   *
   * @return the linear code's measures, or empty
   */
  public Optional<LinearCode> linearCode() {
    return Optional.ofNullable(linearCode);
  }

  /**
   * The run's results on the study's occluded test faces, one per occlusion in the study's order;
   * empty when the study had no occlusion.
   *
   * @return the occlusion results
   */
  public List<OcclusionResult> occlusions() {
    return occlusions;
  }

  /**
   * The method's name, unique in the study.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The method's family, e.g. "NMF" or "AE".
   *
   * @return the family
   */
  public String kind() {
    return kind;
  }

  /**
   * The settings of this run, in display order.
   *
   * @return the settings, unmodifiable
   */
  public Map<String, Object> settings() {
    return settings;
  }

  /**
   * The settings as one line: "k=30, iterations=1000".
   *
   * @return the settings as "key=value" pairs separated by commas
   */
  public String settingsLine() {
    StringBuilder sb = new StringBuilder();
    settings.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(plain(v)));
    return sb.toString();
  }

  /** Finite decimals as written by hand ("0.0001", "2"), everything else as it prints. */
  private static Object plain(Object v) {
    if ((v instanceof Double || v instanceof Float) && Double.isFinite(((Number) v).doubleValue())) {
      return java.math.BigDecimal.valueOf(((Number) v).doubleValue()).stripTrailingZeros().toPlainString();
    }
    return v;
  }

  /**
   * Seconds of the fit: wall-clock, or the training time the method reported.
   *
   * @return the fit time in seconds
   */
  public double fitSeconds() {
    return fitSeconds;
  }

  /**
   * Wall-clock seconds to encode and decode the test faces.
   *
   * @return the reconstruction time in seconds
   */
  public double reconstructSeconds() {
    return reconstructSeconds;
  }

  /**
   * Iterations or epochs actually run.
   *
   * @return the steps run
   */
  public int steps() {
    return fit.steps();
  }

  /**
   * What a step is: "iterations" or "epochs".
   *
   * @return the step unit
   */
  public String stepUnit() {
    return fit.stepUnit();
  }

  /**
   * Training histories.
   *
   * @return the curves
   */
  public List<Curve> curves() {
    return fit.curves();
  }

  /**
   * Numbers in one image's code.
   *
   * @return the code size
   */
  public int codeSize() {
    return codeSize;
  }

  /**
   * Pixels in one image.
   *
   * @return the pixel count
   */
  public int pixelCount() {
    return pixelCount;
  }

  /**
   * Pixels per code number: how many times smaller the code is than the image.
   *
   * @return pixels divided by code size
   */
  public double compressionRatio() {
    return (double) pixelCount / codeSize;
  }

  /**
   * Numbers learnt in the fit.
   *
   * @return the parameter count
   */
  public long parameterCount() {
    return parameterCount;
  }

  /**
   * Quality on the training faces.
   *
   * @return the training evaluation
   */
  public Evaluation train() {
    return train;
  }

  /**
   * Quality on the held-out test faces.
   *
   * @return the test evaluation
   */
  public Evaluation test() {
    return test;
  }

  /**
   * The basis images (k × pixels), if the method has them.
   *
   * @return the basis images, or empty
   */
  public Optional<FloatMatrix> basisImages() {
    return Optional.ofNullable(basisImages);
  }

  /**
   * Reconstructions of the study's gallery faces, one per row, in the gallery's order.
   *
   * @return the gallery reconstructions
   */
  public FloatMatrix galleryReconstructions() {
    return galleryReconstructions;
  }
}
