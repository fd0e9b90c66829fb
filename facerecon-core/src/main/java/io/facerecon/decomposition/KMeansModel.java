package io.facerecon.decomposition;

import io.facerecon.data.FaceSet;
import io.facerecon.io.BadInputException;
import io.facerecon.io.InputLimits;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A fitted k-means: its k centres, a code book for vector quantisation. In Lee and Seung's V ≈ WH
 * (V pixels × images) the centres are the columns of W and each face's code, a column of H, is
 * one-hot: 1 at its nearest centre. A face's code size is therefore k, and its reconstruction is
 * its nearest centre.
 *
 * <p>Saved as a safetensors file with one tensor {@code cluster_centers} (k × pixels,
 * scikit-learn's {@code cluster_centers_}) and the settings and image size in its metadata,
 * {@code format} = {@value #FORMAT}.
 */
public final class KMeansModel {
  /** The {@code format} entry of a saved model's metadata. */
  public static final String FORMAT = "facerecon-kmeans";

  private static final String CENTERS = "cluster_centers";
  private final FloatMatrix centers;
  private final KMeansOptions options;
  /** The size of the images the centres were learnt from, 0 × 0 when not known. */
  private final int height;
  private final int width;

  /**
   * A model from its centres.
   *
   * @param centers k × pixels, one centre per row
   * @param options the settings of the fit; k must be the number of centres
   * @throws BadInputException if the number of centres is not k
   */
  public KMeansModel(FloatMatrix centers, KMeansOptions options) {
    this(centers, options, 0, 0);
  }

  private KMeansModel(FloatMatrix centers, KMeansOptions options, int height, int width) {
    if (centers.rows() != options.clusters()) {
      throw new BadInputException(
          "cluster centers have " + centers.rows() + " rows, expected k = " + options.clusters());
    }
    if ((height != 0 || width != 0) && (long) height * width != centers.cols()) {
      throw new BadInputException(
          "images of " + height + "x" + width + " do not have the " + centers.cols() + " pixels of the centres");
    }
    this.centers = centers;
    this.options = options;
    this.height = height;
    this.width = width;
  }

  /**
   * This model with the size of its images recorded, so that {@link #reconstruct(FaceSet)} checks
   * it and a saved model reloads with it.
   *
   * @param height image height in pixels
   * @param width image width in pixels
   * @return a model with the same centres and the image size
   */
  public KMeansModel withImageSize(int height, int width) {
    return new KMeansModel(centers, options, height, width);
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
   * The centres, k × pixels (scikit-learn's {@code cluster_centers_}). Shared.
   *
   * @return the centres, not to be modified
   */
  public FloatMatrix clusterCenters() {
    return centers;
  }

  /**
   * The settings of the fit.
   *
   * @return the options
   */
  public KMeansOptions options() {
    return options;
  }

  /**
   * k, the number of centres.
   *
   * @return k
   */
  public int k() {
    return centers.rows();
  }

  /**
   * The values in one face's code: k (a one-hot vector).
   *
   * @return k
   */
  public int codeSize() {
    return k();
  }

  /**
   * Number of pixels of an image.
   *
   * @return the pixel count
   */
  public int pixels() {
    return centers.cols();
  }

  /**
   * The nearest centre of each image, argmin_j ‖x_i − c_j‖² (scikit-learn's {@code predict}).
   *
   * @param x images × pixels, finite
   * @return the label of each image
   * @throws BadInputException if the pixel count differs or a value is not finite
   */
  public int[] predict(FloatMatrix x) {
    check(x);
    int[] labels = new int[x.rows()];
    new KMeansLloyd(x, k()).assign(centers, labels);
    return labels;
  }

  /**
   * The distance of each image to each centre, ‖x_i − c_j‖ (scikit-learn's {@code transform}),
   * computed as scikit-learn does for float32 data: in float64 from ‖x‖² − 2·x·c + ‖c‖², rounded
   * to float32, floored at 0, then the square root.
   *
   * @param x images × pixels, finite
   * @return images × k distances
   * @throws BadInputException if the pixel count differs or a value is not finite
   */
  public FloatMatrix transform(FloatMatrix x) {
    check(x);
    FloatMatrix out = FloatMatrix.zeros(x.rows(), k());
    int[] all = IntStream.range(0, k()).toArray();
    new KMeansUpcastDistances(x).toVectors(KMeansUpcastDistances.rows(centers, all), out);
    for (int e = 0; e < out.size(); e++) {
      out.set(e, (float) Math.sqrt(out.get(e)));
    }
    return out;
  }

  /**
   * The negative inertia of the images under this model, −Σ_i ‖x_i − c_ℓ(i)‖² with ℓ from {@link
   * #predict} (scikit-learn's {@code score}).
   *
   * @param x images × pixels, finite
   * @return minus the inertia
   * @throws BadInputException if the pixel count differs or a value is not finite
   */
  public double score(FloatMatrix x) {
    check(x);
    KMeansLloyd lloyd = new KMeansLloyd(x, k());
    int[] labels = new int[x.rows()];
    lloyd.assign(centers, labels);
    return -lloyd.inertia(centers, labels);
  }

  /**
   * The one-hot codes of the images: row i has a 1 at column ℓ(i), the nearest centre (Hᵀ in
   * Lee and Seung's V ≈ WH).
   *
   * @param x images × pixels, finite
   * @return images × k
   * @throws BadInputException if the pixel count differs or a value is not finite
   */
  public FloatMatrix codes(FloatMatrix x) {
    int[] labels = predict(x);
    FloatMatrix codes = FloatMatrix.zeros(labels.length, k());
    for (int i = 0; i < labels.length; i++) {
      codes.set(i, labels[i], 1f);
    }
    return codes;
  }

  /**
   * The images that codes stand for, codes · centres: for one-hot codes the chosen centres.
   *
   * @param codes images × k
   * @return images × pixels
   * @throws BadInputException if the codes do not have k columns
   */
  public FloatMatrix inverseTransform(FloatMatrix codes) {
    if (codes.cols() != k()) {
      throw new BadInputException("codes have " + codes.cols() + " columns, expected k = " + k());
    }
    return Blas.multiply(false, codes, false, centers);
  }

  /**
   * The images as this model reconstructs them: each replaced by its nearest centre.
   *
   * @param x images × pixels, finite
   * @return images × pixels
   * @throws BadInputException if the pixel count differs or a value is not finite
   */
  public FloatMatrix reconstruct(FloatMatrix x) {
    int[] labels = predict(x);
    FloatMatrix out = FloatMatrix.zeros(labels.length, pixels());
    for (int i = 0; i < labels.length; i++) {
      out.rowRange(i, i + 1).copyFrom(centers.rowRange(labels[i], labels[i] + 1));
    }
    return out;
  }

  /**
   * The faces as this model reconstructs them, one row per face as {@link FaceSet#pixels()}.
   *
   * @param faces faces of the model's size
   * @return the reconstructions
   * @throws BadInputException if the faces' size differs from the model's or a pixel is not finite
   */
  public FloatMatrix reconstruct(FaceSet faces) {
    if (faces.pixelCount() != pixels() || (height != 0 && (faces.height() != height || faces.width() != width))) {
      throw new BadInputException(
          "the model was made for " + (height != 0 ? height + "x" + width + " images" : pixels() + " pixels")
              + ", but the faces are " + faces.height() + "x" + faces.width());
    }
    return reconstruct(faces.pixels());
  }

  private void check(FloatMatrix x) {
    if (x.cols() != pixels()) {
      throw new BadInputException(
          "x has " + x.cols() + " pixels per image, but the model's centres have " + pixels());
    }
    KMeans.requireFinite(x, "x");
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
   * Writes the model, with {@code extra} metadata (e.g. the fit's inertia) and the image size
   * when recorded, atomically.
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
    meta.put("init", options.init().sklearnName());
    meta.put("n_init", Integer.toString(options.nInit()));
    meta.put("max_iter", Integer.toString(options.maxIterations()));
    meta.put("tol", Double.toString(options.tol()));
    meta.put("seed", Long.toString(options.seed()));
    SafeTensors.write(file, Map.of(CENTERS, new SafeTensors.Tensor(new int[] {k(), pixels()}, centers)), meta);
  }

  /**
   * Reads a model written by {@link #save}; its metadata is returned alongside.
   *
   * @param file a model file
   * @return the model and its metadata
   * @throws BadInputException naming the file if it is not a regular file, not a facerecon k-means
   *     model, its metadata is missing or malformed, its image size disagrees with the centres or
   *     exceeds the pixel budget, or a value of the centres is NaN or infinite
   * @throws IOException if the file cannot be read
   */
  public static Loaded load(Path file) throws IOException {
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> meta = contents.metadata();
    SafeTensors.Tensor t = contents.tensors().get(CENTERS);
    if (t == null || t.shape().length != 2 || !FORMAT.equals(meta.get("format"))) {
      throw new BadInputException(
          file + ": not a facerecon k-means model (expected a 2-D tensor '" + CENTERS + "' and format " + FORMAT + ")");
    }
    int k = t.shape()[0];
    int pixels = t.shape()[1];
    if (k < 1 || pixels < 1) {
      throw new BadInputException(
          file + ": tensor '" + CENTERS + "' has shape [" + k + ", " + pixels + "], expected k x pixels from 1");
    }
    SafeTensors.requireFinite(file, contents.tensors());
    Header header = new Header(file, meta);
    KMeansInit init = KMeansInit.ofSklearnName(header.text("init"));
    if (init == null) {
      throw new BadInputException(
          file + ": k-means model header 'init' is '" + header.text("init") + "', expected k-means++ or random");
    }
    KMeansModel model;
    try {
      KMeansOptions options = new KMeansOptions(
          k, init, header.integer("n_init"), header.integer("max_iter"), header.number("tol"),
          header.longInteger("seed"));
      model = new KMeansModel(t.values().reshape(k, pixels), options);
    } catch (BadInputException e) {
      if (e.getMessage().startsWith(file.toString())) {
        throw e;
      }
      throw new BadInputException(file + ": corrupt k-means model metadata (" + e.getMessage() + ")", e);
    }
    if (meta.containsKey("height") || meta.containsKey("width")) {
      int h = header.integer("height");
      int w = header.integer("width");
      if (h < 1 || w < 1 || InputLimits.exceedsImagePixels(h, w) || (long) h * w != pixels) {
        throw new BadInputException(
            file + ": header gives an image size of " + h + "x" + w + ", but the centres have "
                + String.format(Locale.ROOT, "%,d", pixels) + " pixels");
      }
      model = model.withImageSize(h, w);
    }
    return new Loaded(model, meta);
  }

  /** Typed reads of a model file's metadata, naming the file and key when one is missing or malformed. */
  private record Header(Path file, Map<String, String> meta) {
    String text(String key) {
      String v = meta.get(key);
      if (v == null) {
        throw new BadInputException(file + ": k-means model header lacks '" + key + "'");
      }
      return v;
    }

    double number(String key) {
      String v = text(key);
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new BadInputException(file + ": k-means model header '" + key + "' is '" + v + "', expected a number", e);
      }
    }

    int integer(String key) {
      long value = longInteger(key);
      if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        throw new BadInputException(file + ": k-means model header '" + key + "' is " + value + ", out of range");
      }
      return (int) value;
    }

    long longInteger(String key) {
      String v = text(key);
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new BadInputException(file + ": k-means model header '" + key + "' is '" + v + "', expected an integer", e);
      }
    }
  }

  /**
   * A model read from a file.
   *
   * @param model the model
   * @param metadata all metadata stored with it
   */
  public record Loaded(KMeansModel model, Map<String, String> metadata) {}
}
