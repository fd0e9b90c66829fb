package io.facerecon.nmf;

import io.facerecon.io.BadInputException;

import io.facerecon.data.FaceSet;
import io.facerecon.io.InputLimits;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A fitted NMF: the basis and the settings {@link #transform} uses. Saved as a safetensors file
 * with one tensor {@code components} (k × pixels, scikit-learn's {@code components_} = Wᵀ) and the
 * settings in its metadata.
 *
 * <p>A model fitted by {@link MiniBatchNmf} also carries the mini-batch settings
 * ({@link #miniBatch()}, saved as metadata with {@code estimator = minibatch}): its transform is
 * scikit-learn's {@code MiniBatchNMF.transform} ({@link MiniBatchCodes}).
 */
public final class NmfModel {
  /** The {@code format} entry of a saved model's metadata. */
  public static final String FORMAT = "facerecon-nmf";

  private static final String COMPONENTS = "components";
  /** The {@code estimator} entry of a model fitted by {@link MiniBatchNmf}. */
  private static final String MINI_BATCH = "minibatch";
  private final FloatMatrix components;
  private final NmfOptions options;
  /** The settings of a mini-batch fit, or null for {@link Nmf}'s. */
  private final MiniBatchNmfOptions miniBatch;
  /** The size of the images the basis was learnt from, 0 × 0 when not known. */
  private final int height;
  private final int width;

  /**
   * A model from its basis in scikit-learn's layout.
   *
   * @param components Wᵀ, k × pixels
   * @param options the settings of the fit; transform uses its solver, loss, regularisation,
   *     tolerance and iteration limit
   */
  public NmfModel(FloatMatrix components, NmfOptions options) {
    this(components, options, null, 0, 0);
  }

  /**
   * A model of {@link MiniBatchNmf} from its basis in scikit-learn's layout.
   *
   * @param components Wᵀ, k × pixels
   * @param options the settings of the fit; transform is MiniBatchNMF's, with its iteration limit
   */
  public NmfModel(FloatMatrix components, MiniBatchNmfOptions options) {
    this(components, options.nmf(), options, 0, 0);
  }

  private NmfModel(FloatMatrix components, NmfOptions options, MiniBatchNmfOptions miniBatch, int height, int width) {
    if (components.rows() != options.components()) {
      throw new BadInputException(
          "components have " + components.rows() + " rows, expected k = " + options.components());
    }
    if ((height != 0 || width != 0) && (long) height * width != components.cols()) {
      throw new BadInputException(
          "images of " + height + "x" + width + " do not have the " + components.cols() + " pixels of the basis images");
    }
    this.components = components;
    this.options = options;
    this.miniBatch = miniBatch;
    this.height = height;
    this.width = width;
  }

  /**
   * This model with the size of its images recorded, so that {@link #reconstruct(FaceSet)} checks
   * it and a saved model reloads with it.
   *
   * @param height image height in pixels
   * @param width image width in pixels
   * @return a model with the same basis and the image size
   */
  public NmfModel withImageSize(int height, int width) {
    return new NmfModel(components, options, miniBatch, height, width);
  }

  /**
   * Height of the images the model was learnt from; 0 when not recorded.
   *
   * @return the image height, or 0
   */
  public int imageHeight() {
    return height;
  }

  /**
   * Width of the images the model was learnt from; 0 when not recorded.
   *
   * @return the image width, or 0
   */
  public int imageWidth() {
    return width;
  }

  /**
   * Wᵀ, k × pixels: row t is basis image t (scikit-learn's {@code components_}). Shared.
   *
   * @return the components, not to be modified
   */
  public FloatMatrix components() {
    return components;
  }

  /**
   * W, pixels × k: column t is basis image t (a copy).
   *
   * @return a copy of W
   */
  public FloatMatrix basis() {
    return components.transpose();
  }

  /**
   * The settings of the fit.
   *
   * @return the options
   */
  public NmfOptions options() {
    return options;
  }

  /**
   * The mini-batch settings of a model fitted by {@link MiniBatchNmf}.
   *
   * @return the settings, or empty for a model of {@link Nmf}
   */
  public Optional<MiniBatchNmfOptions> miniBatch() {
    return Optional.ofNullable(miniBatch);
  }

  /**
   * k, the number of basis images.
   *
   * @return k
   */
  public int k() {
    return components.rows();
  }

  /**
   * Number of pixels of a basis image.
   *
   * @return the pixel count
   */
  public int pixels() {
    return components.cols();
  }

  /**
   * The codes H (k × images) of new images with the basis fixed, as scikit-learn's
   * {@code transform} (whose result is Hᵀ).
   *
   * @param data the images, pixels × images
   * @return H, k × images
   */
  public FloatMatrix transform(NmfData data) {
    return transform(data, NmfProgress.NONE);
  }

  /**
   * {@link #transform(NmfData)} reporting progress.
   *
   * @param data the images, pixels × images
   * @param progress told of each iteration
   * @return H, k × images
   */
  public FloatMatrix transform(NmfData data, NmfProgress progress) {
    if (miniBatch != null) {
      return MiniBatchNmf.transform(this, miniBatch, data, progress);
    }
    return Nmf.transform(this, data, progress);
  }

  /**
   * The faces as this model reconstructs them, in one call: each face's code from its pixels with
   * the basis fixed ({@link #transform}), then W times that code. One row per face, as {@link
   * FaceSet#pixels()}.
   *
   * @param faces faces of the model's size
   * @return the reconstructions, one row per face
   * @throws BadInputException if the faces' size differs from the model's
   */
  public FloatMatrix reconstruct(FaceSet faces) {
    if (faces.pixelCount() != pixels() || (height != 0 && (faces.height() != height || faces.width() != width))) {
      throw new BadInputException(
          "the model was made for " + (height != 0 ? height + "x" + width + " images" : pixels() + " pixels")
              + ", but the faces are " + faces.height() + "x" + faces.width());
    }
    FloatMatrix codes = transform(NmfData.ofImagesByPixels(faces.pixels()));
    return Blas.multiply(true, codes, false, components);
  }

  /**
   * Inpainting: each face coded from its observed pixels only ({@link #transform} of {@link
   * NmfData#withMissing}, the basis fixed), then W times that code, which fills the hidden pixels.
   *
   * @param faces faces of the model's size
   * @param missing images × pixels, non-zero = hidden (numpy's masked-array convention)
   * @return the reconstructions, one row per face
   * @throws BadInputException if the sizes differ or a face has no observed pixel (naming it)
   */
  public FloatMatrix reconstructOccluded(FaceSet faces, FloatMatrix missing) {
    if (faces.pixelCount() != pixels()) {
      throw new BadInputException(
          "the model was made for " + pixels() + " pixels, but the faces are " + faces.height() + "x" + faces.width());
    }
    FloatMatrix codes = transform(NmfData.withMissing(faces.pixels(), missing, true));
    return Blas.multiply(true, codes, false, components);
  }

  /**
   * The images W·H (pixels × images) the codes {@code h} (k × images) stand for.
   *
   * @param h codes, k × images
   * @return the images, pixels × images
   */
  public FloatMatrix inverseTransform(FloatMatrix h) {
    if (h.rows() != k()) {
      throw new BadInputException("codes have " + h.rows() + " rows, expected k = " + k());
    }
    return Blas.multiply(true, components, false, h);
  }

  /**
   * Writes the model atomically, with the image size when recorded.
   *
   * @param file where to write
   * @throws IOException if the file cannot be written
   */
  public void save(Path file) throws IOException {
    save(file, Map.of());
  }

  /**
   * Writes the model, with {@code extra} metadata and the image size when recorded, atomically.
   *
   * @param file where to write
   * @param extra further metadata to store
   * @throws IOException if the file cannot be written
   */
  public void save(Path file, Map<String, String> extra) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>(extra);
    meta.put("format", FORMAT);
    if (height != 0) {
      meta.put("height", Integer.toString(height));
      meta.put("width", Integer.toString(width));
    }
    meta.put("solver", options.solver().name().toLowerCase());
    meta.put("beta_loss", Double.toString(options.betaLoss().beta()));
    meta.put("max_iter", Integer.toString(options.maxIterations()));
    meta.put("tol", Double.toString(options.tol()));
    meta.put("alpha_w", Double.toString(options.alphaW()));
    meta.put("alpha_h", Double.toString(options.effectiveAlphaH()));
    meta.put("l1_ratio", Double.toString(options.l1Ratio()));
    meta.put("seed", Long.toString(options.seed()));
    if (miniBatch != null) {
      meta.put("estimator", MINI_BATCH);
      meta.put("batch_size", Integer.toString(miniBatch.batchSize()));
      meta.put("forget_factor", Double.toString(miniBatch.forgetFactor()));
      meta.put("fresh_restarts", Boolean.toString(miniBatch.freshRestarts()));
      meta.put("fresh_restarts_max_iter", Integer.toString(miniBatch.freshRestartsMaxIter()));
      meta.put("max_no_improvement", Integer.toString(miniBatch.maxNoImprovement()));
      meta.put("transform_max_iter", Integer.toString(miniBatch.transformMaxIter()));
    }
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put(COMPONENTS, new SafeTensors.Tensor(new int[] {k(), pixels()}, components));
    SafeTensors.write(file, tensors, meta);
  }

  /**
   * Reads a model written by {@link #save}; its metadata is returned alongside.
   *
   * @param file a model file
   * @return the model and its metadata
   * @throws BadInputException naming the file if it is not a regular file, not a facerecon NMF
   *     model, its metadata is missing or malformed, its image size disagrees with the basis or
   *     exceeds the pixel budget, or a value of the basis is NaN or infinite
   * @throws IOException if the file cannot be read
   */
  public static Loaded load(Path file) throws IOException {
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> meta = contents.metadata();
    SafeTensors.Tensor t = contents.tensors().get(COMPONENTS);
    if (t == null || t.shape().length != 2 || !FORMAT.equals(meta.get("format"))) {
      throw new BadInputException(
          file + ": not a facerecon NMF model (expected a 2-D tensor 'components' and format facerecon-nmf)");
    }
    int k = t.shape()[0];
    int pixels = t.shape()[1];
    if (k < 1 || pixels < 1) {
      throw new BadInputException(
          file + ": tensor 'components' has shape [" + k + ", " + pixels + "], expected k x pixels from 1");
    }
    SafeTensors.requireFinite(file, contents.tensors());
    NmfModel model;
    try {
      NmfOptions options =
          NmfOptions.defaults(k)
              .withSolver(solver(file, text(file, meta, "solver")))
              .withBetaLoss(new BetaLoss(number(file, meta, "beta_loss")))
              .withMaxIterations(integer(file, meta, "max_iter"))
              .withTol(number(file, meta, "tol"))
              .withSeed(longInteger(file, meta, "seed"))
              .withRegularization(
                  number(file, meta, "alpha_w"), number(file, meta, "alpha_h"), number(file, meta, "l1_ratio"));
      model = MINI_BATCH.equals(meta.get("estimator"))
          ? new NmfModel(t.values().reshape(k, pixels), new MiniBatchNmfOptions(options,
              integer(file, meta, "batch_size"), number(file, meta, "forget_factor"),
              bool(file, meta, "fresh_restarts"), integer(file, meta, "fresh_restarts_max_iter"),
              integer(file, meta, "max_no_improvement"), integer(file, meta, "transform_max_iter")))
          : new NmfModel(t.values().reshape(k, pixels), options);
    } catch (BadInputException e) {
      if (e.getMessage().startsWith(file.toString())) {
        throw e;
      }
      throw new BadInputException(file + ": corrupt NMF model metadata (" + e.getMessage() + ")", e);
    }
    if (meta.containsKey("height") || meta.containsKey("width")) {
      int height = integer(file, meta, "height");
      int width = integer(file, meta, "width");
      if (height < 1 || width < 1 || InputLimits.exceedsImagePixels(height, width)
          || (long) height * width != pixels) {
        throw new BadInputException(
            file + ": header gives an image size of " + height + "x" + width + " ("
                + InputLimits.pixelText(Math.max(height, 0), Math.max(width, 0)) + " pixels), but the basis images have "
                + String.format("%,d", pixels) + " pixels");
      }
      model = model.withImageSize(height, width);
    }
    return new Loaded(model, meta);
  }

  private static String text(Path file, Map<String, String> meta, String key) {
    String v = meta.get(key);
    if (v == null) {
      throw new BadInputException(file + ": NMF model header lacks '" + key + "'");
    }
    return v;
  }

  private static Solver solver(Path file, String name) {
    for (Solver s : Solver.values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new BadInputException(file + ": NMF model header 'solver' is '" + name + "', expected cd or mu");
  }

  private static double number(Path file, Map<String, String> meta, String key) {
    String v = text(file, meta, key);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new BadInputException(file + ": NMF model header '" + key + "' is '" + v + "', expected a number", e);
    }
  }

  private static boolean bool(Path file, Map<String, String> meta, String key) {
    String v = text(file, meta, key);
    if (!v.equals("true") && !v.equals("false")) {
      throw new BadInputException(file + ": NMF model header '" + key + "' is '" + v + "', expected true or false");
    }
    return v.equals("true");
  }

  private static int integer(Path file, Map<String, String> meta, String key) {
    long v = longInteger(file, meta, key);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new BadInputException(file + ": NMF model header '" + key + "' is " + v + ", out of range");
    }
    return (int) v;
  }

  private static long longInteger(Path file, Map<String, String> meta, String key) {
    String v = text(file, meta, key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new BadInputException(file + ": NMF model header '" + key + "' is '" + v + "', expected an integer", e);
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
