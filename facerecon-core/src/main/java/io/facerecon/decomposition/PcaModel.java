package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A fitted {@link Pca}: the principal axes, the mean image and the spectrum, with scikit-learn's
 * attributes ({@code components_}, {@code mean_}, {@code explained_variance_}, {@code
 * explained_variance_ratio_}, {@code singular_values_}, {@code n_components_}, {@code
 * noise_variance_}, {@code n_samples_}). Codes and reconstructions as {@link SubspaceModel}, with
 * s_j = √(explained variance_j) when {@link #whiten() whitened}: whitened codes have unit variance
 * over the training images.
 */
public final class PcaModel extends SubspaceModel {
  /** The {@code format} entry of a saved PCA model's metadata. */
  public static final String FORMAT = "facerecon-pca";

  private final boolean whiten;
  private final double noiseVariance;
  private final int samples;
  private final SvdSolver solver;
  private final long seed;

  PcaModel(
      FloatMatrix components, float[] mean, Spectrum spectrum, boolean whiten, double noiseVariance,
      int samples, SvdSolver solver, long seed, int height, int width) {
    super(components, mean, whiten ? standardDeviations(spectrum) : null, spectrum, height, width);
    this.whiten = whiten;
    this.noiseVariance = noiseVariance;
    this.samples = samples;
    this.solver = solver;
    this.seed = seed;
  }

  /** √(explained variance_j): the whitening scales, which must not be 0. */
  private static float[] standardDeviations(Spectrum spectrum) {
    float[] variance = spectrum.explainedVariance();
    float[] s = new float[variance.length];
    for (int j = 0; j < s.length; j++) {
      if (!(variance[j] > 0)) {
        throw new BadInputException(
            "component " + j + " explains no variance (" + variance[j] + "), so whitening would divide by"
                + " zero; keep fewer components or do not whiten");
      }
      s[j] = (float) Math.sqrt(variance[j]);
    }
    return s;
  }

  @Override
  public PcaModel withImageSize(int height, int width) {
    return new PcaModel(components(), mean(), spectrum(), whiten, noiseVariance, samples, solver, seed, height, width);
  }

  /**
   * Whether codes are divided by each component's standard deviation (scikit-learn's {@code whiten}).
   *
   * @return true when whitened
   */
  public boolean whiten() {
    return whiten;
  }

  /**
   * The noise variance of probabilistic PCA (Tipping and Bishop 1999; scikit-learn's {@code
   * noise_variance_}): the mean variance of the discarded directions, (total variance −
   * Σ kept variances) / (min(images, pixels) − k); 0 when every direction is kept.
   *
   * @return σ²
   */
  public double noiseVariance() {
    return noiseVariance;
  }

  /**
   * The number of images the model was fitted on (scikit-learn's {@code n_samples_}).
   *
   * @return n
   */
  public int samples() {
    return samples;
  }

  /**
   * The solver the fit used (never {@link SvdSolver#AUTO}: what it resolved to).
   *
   * @return full or randomized
   */
  public SvdSolver solver() {
    return solver;
  }

  /**
   * The seed of the randomized solver's draws.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  @Override
  String format() {
    return FORMAT;
  }

  @Override
  Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("whiten", Boolean.toString(whiten));
    m.put("noise_variance", Double.toString(noiseVariance));
    m.put("n_samples", Integer.toString(samples));
    m.put("svd_solver", solver.name().toLowerCase(Locale.ROOT));
    m.put("seed", Long.toString(seed));
    return m;
  }

  static PcaModel fromFile(FloatMatrix components, float[] mean, Spectrum spectrum, Header header) {
    double noise = header.number("noise_variance");
    int samples = header.integer("n_samples");
    if (!(noise >= 0) || Double.isInfinite(noise) || samples < 1) {
      throw header.invalid("PCA model header has noise_variance " + noise + " and n_samples " + samples
          + ", expected a finite number >= 0 and a count >= 1");
    }
    try {
      return new PcaModel(components, mean, spectrum, header.bool("whiten"), noise, samples,
          header.solver("svd_solver"), header.longInteger("seed"), 0, 0);
    } catch (BadInputException e) {
      if (e.getMessage().contains(": model header")) {
        throw e;
      }
      throw header.invalid("corrupt PCA model (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads a PCA model written by {@link #save}.
   *
   * @param file a model file
   * @return the model
   * @throws BadInputException naming the file if it is not a facerecon PCA model or is damaged
   * @throws IOException if the file cannot be read
   */
  public static PcaModel load(Path file) throws IOException {
    SubspaceModel model = SubspaceModel.loadWithMetadata(file).model();
    if (!(model instanceof PcaModel pca)) {
      throw new BadInputException(file + ": a " + TruncatedSvdModel.FORMAT + " model, expected " + FORMAT);
    }
    return pca;
  }
}
