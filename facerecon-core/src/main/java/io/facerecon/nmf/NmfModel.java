package io.facerecon.nmf;

import io.facerecon.io.BadInputException;

import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted NMF: the basis and the settings {@link #transform} uses. Saved as a safetensors file
 * with one tensor {@code components} (k × pixels, scikit-learn's {@code components_} = Wᵀ) and the
 * settings in its metadata.
 */
public final class NmfModel {
  private static final String COMPONENTS = "components";
  private final FloatMatrix components;
  private final NmfOptions options;

  /**
   * A model from its basis in scikit-learn's layout.
   *
   * @param components Wᵀ, k × pixels
   * @param options the settings of the fit; transform uses its solver, loss, regularisation,
   *     tolerance and iteration limit
   */
  public NmfModel(FloatMatrix components, NmfOptions options) {
    if (components.rows() != options.components()) {
      throw new BadInputException(
          "components have " + components.rows() + " rows, expected k = " + options.components());
    }
    this.components = components;
    this.options = options;
  }

  /** Wᵀ, k × pixels: row t is basis image t (scikit-learn's {@code components_}). Shared. */
  public FloatMatrix components() {
    return components;
  }

  /** W, pixels × k: column t is basis image t (a copy). */
  public FloatMatrix basis() {
    return components.transpose();
  }

  /** The settings of the fit. */
  public NmfOptions options() {
    return options;
  }

  /** k, the number of basis images. */
  public int k() {
    return components.rows();
  }

  /** Number of pixels of a basis image. */
  public int pixels() {
    return components.cols();
  }

  /**
   * The codes H (k × images) of new images with the basis fixed, as scikit-learn's
   * {@code transform} (whose result is Hᵀ).
   */
  public FloatMatrix transform(NmfData data) {
    return transform(data, NmfProgress.NONE);
  }

  /** {@link #transform(NmfData)} reporting progress. */
  public FloatMatrix transform(NmfData data, NmfProgress progress) {
    return Nmf.transform(this, data, progress);
  }

  /** The images W·H (pixels × images) the codes {@code h} (k × images) stand for. */
  public FloatMatrix inverseTransform(FloatMatrix h) {
    if (h.rows() != k()) {
      throw new BadInputException("codes have " + h.rows() + " rows, expected k = " + k());
    }
    return Blas.multiply(true, components, false, h);
  }

  /** Writes the model, with {@code extra} metadata (e.g. image height and width), atomically. */
  public void save(Path file, Map<String, String> extra) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>(extra);
    meta.put("format", "facerecon-nmf");
    meta.put("solver", options.solver().name().toLowerCase());
    meta.put("beta_loss", Double.toString(options.betaLoss().beta()));
    meta.put("max_iter", Integer.toString(options.maxIterations()));
    meta.put("tol", Double.toString(options.tol()));
    meta.put("alpha_w", Double.toString(options.alphaW()));
    meta.put("alpha_h", Double.toString(options.effectiveAlphaH()));
    meta.put("l1_ratio", Double.toString(options.l1Ratio()));
    meta.put("seed", Long.toString(options.seed()));
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put(COMPONENTS, new SafeTensors.Tensor(new int[] {k(), pixels()}, components));
    SafeTensors.write(file, tensors, meta);
  }

  /** Reads a model written by {@link #save}; its metadata is returned alongside. */
  public static Loaded load(Path file) throws IOException {
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> meta = contents.metadata();
    SafeTensors.Tensor t = contents.tensors().get(COMPONENTS);
    if (t == null || t.shape().length != 2 || !"facerecon-nmf".equals(meta.get("format"))) {
      throw new BadInputException(
          file + ": not a facerecon NMF model (expected a 2-D tensor 'components' and format facerecon-nmf)");
    }
    int k = t.shape()[0];
    int pixels = t.shape()[1];
    try {
      NmfOptions options =
          NmfOptions.defaults(k)
              .withSolver(Solver.valueOf(meta.get("solver").toUpperCase()))
              .withBetaLoss(new BetaLoss(Double.parseDouble(meta.get("beta_loss"))))
              .withMaxIterations(Integer.parseInt(meta.get("max_iter")))
              .withTol(Double.parseDouble(meta.get("tol")))
              .withSeed(Long.parseLong(meta.get("seed")))
              .withRegularization(
                  Double.parseDouble(meta.get("alpha_w")), Double.parseDouble(meta.get("alpha_h")),
                  Double.parseDouble(meta.get("l1_ratio")));
      return new Loaded(new NmfModel(t.values().reshape(k, pixels), options), meta);
    } catch (RuntimeException e) {
      throw new BadInputException(file + ": corrupt NMF model metadata (" + e.getMessage() + ")", e);
    }
  }

  /**
   * A model read from a file.
   *
   * @param model the model
   * @param metadata all metadata stored with it
   */
  public record Loaded(NmfModel model, Map<String, String> metadata) {}
}
