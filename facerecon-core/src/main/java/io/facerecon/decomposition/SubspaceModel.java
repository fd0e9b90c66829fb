package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InputLimits;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted linear code: k orthonormal components C (k × pixels), an optional mean image μ and
 * optional per-component scales s, in scikit-learn's orientation. For images X (images × pixels,
 * one image per row, as {@code FaceSet.pixels()}):
 *
 * <pre>
 * transform:          Z = (X − 1·μᵀ)·Cᵀ ⊘ s          (images × k; ⊘ s divides column j by s_j)
 * inverse transform:  X̂ = (Z ⊙ s)·C + 1·μᵀ          (images × pixels)
 * </pre>
 *
 * PCA has μ, and s_j = √(explained variance_j) when whitened (else 1); a truncated SVD has neither.
 * Row j of C is basis image j. In NMF's terms (V = Xᵀ, pixels × images, V ≈ W·H) C plays Wᵀ and Zᵀ
 * plays H, except that C may be negative: {@link #components()} has the layout of {@code
 * NmfModel.components()}.
 *
 * <p>Saved as a safetensors file: tensors {@code components} (k × pixels), {@code
 * explained_variance}, {@code explained_variance_ratio}, {@code singular_values} (k each) and, for
 * PCA, {@code mean} (pixels); metadata {@code format} ({@value PcaModel#FORMAT} or {@value
 * TruncatedSvdModel#FORMAT}), the image size when known, and the settings of the fit.
 */
public abstract sealed class SubspaceModel permits PcaModel, TruncatedSvdModel {
  static final String COMPONENTS = "components";
  static final String MEAN = "mean";
  private static final String VARIANCE = "explained_variance";
  private static final String RATIO = "explained_variance_ratio";
  private static final String SINGULAR_VALUES = "singular_values";

  private final FloatMatrix components;
  private final float[] mean;
  private final float[] scale;
  private final Spectrum spectrum;
  private final int height;
  private final int width;
  /** μ·Cᵀ, what centring subtracts from every code (null without μ). */
  private final float[] meanCode;

  SubspaceModel(FloatMatrix components, float[] mean, float[] scale, Spectrum spectrum, int height, int width) {
    int k = components.rows();
    if (k < 1 || spectrum.size() != k || (scale != null && scale.length != k)
        || (mean != null && mean.length != components.cols())) {
      throw new BadInputException(
          "a model of " + k + " components needs " + k + " spectrum values and a mean of "
              + components.cols() + " pixels");
    }
    if ((height != 0 || width != 0) && (long) height * width != components.cols()) {
      throw new BadInputException(
          "images of " + height + "x" + width + " do not have the " + components.cols()
              + " pixels of the basis images");
    }
    this.components = components;
    this.mean = mean;
    this.scale = scale;
    this.spectrum = spectrum;
    this.height = height;
    this.width = width;
    this.meanCode = mean == null ? null : meanCode(components, mean);
  }

  private static float[] meanCode(FloatMatrix components, float[] mean) {
    float[] code = new float[components.rows()];
    for (int j = 0; j < code.length; j++) {
      double s = 0;
      for (int p = 0; p < mean.length; p++) {
        s += (double) mean[p] * components.get(j, p);
      }
      code[j] = (float) s;
    }
    return code;
  }

  /**
   * C, k × pixels: row j is basis image j (scikit-learn's {@code components_}). Shared.
   *
   * @return the components, not to be modified
   */
  public FloatMatrix components() {
    return components;
  }

  /**
   * k, the number of components: the size of each image's code.
   *
   * @return k
   */
  public int k() {
    return components.rows();
  }

  /**
   * The number of numbers that code one image.
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
    return components.cols();
  }

  /**
   * What each component explains.
   *
   * @return the spectrum
   */
  public Spectrum spectrum() {
    return spectrum;
  }

  /**
   * The mean image μ subtracted before projecting (scikit-learn's {@code mean_}), or null for an
   * uncentred model.
   *
   * @return a copy of μ, or null
   */
  public float[] mean() {
    return mean == null ? null : mean.clone();
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
   * This model with the size of its images recorded, so that {@link #reconstruct(FloatMatrix, int,
   * int)} checks it and a saved model reloads with it.
   *
   * @param height image height in pixels
   * @param width image width in pixels
   * @return a model with the same components and the image size
   * @throws BadInputException if height × width is not the number of pixels
   */
  public abstract SubspaceModel withImageSize(int height, int width);

  /**
   * The codes of images: Z = (X − 1·μᵀ)·Cᵀ ⊘ s (scikit-learn's {@code transform}).
   *
   * @param x images × pixels
   * @return Z, images × k
   * @throws BadInputException if the pixel count differs or a value is NaN or infinite
   */
  public FloatMatrix transform(FloatMatrix x) {
    DataChecks.requirePixels(x, pixels(), "the data");
    DataChecks.requireFinite(x, "transform");
    FloatMatrix z = FloatMatrix.zeros(x.rows(), k());
    Blas.gemm(false, true, 1f, x, components, 0f, z);
    if (meanCode != null || scale != null) {
      int k = k();
      Parallel.forRange(z.rows(), 256, (from, to) -> {
        for (int i = from; i < to; i++) {
          for (int j = 0; j < k; j++) {
            float v = meanCode == null ? z.get(i, j) : z.get(i, j) - meanCode[j];
            z.set(i, j, scale == null ? v : v / scale[j]);
          }
        }
      });
    }
    return z;
  }

  /**
   * The images codes stand for: X̂ = (Z ⊙ s)·C + 1·μᵀ (scikit-learn's {@code inverse_transform}).
   *
   * @param codes Z, images × k
   * @return X̂, images × pixels
   * @throws BadInputException if the codes do not have k columns
   */
  public FloatMatrix inverseTransform(FloatMatrix codes) {
    if (codes.cols() != k()) {
      throw new BadInputException("codes have " + codes.cols() + " columns, expected k = " + k());
    }
    FloatMatrix basis = components;
    if (scale != null) {
      basis = components.copy();
      for (int j = 0; j < k(); j++) {
        for (int p = 0; p < pixels(); p++) {
          basis.set(j, p, basis.get(j, p) * scale[j]);
        }
      }
    }
    FloatMatrix x = FloatMatrix.zeros(codes.rows(), pixels());
    Blas.gemm(false, false, 1f, codes, basis, 0f, x);
    if (mean != null) {
      int pixels = pixels();
      Parallel.forRange(x.rows(), 64, (from, to) -> {
        for (int i = from; i < to; i++) {
          for (int p = 0; p < pixels; p++) {
            x.set(i, p, x.get(i, p) + mean[p]);
          }
        }
      });
    }
    return x;
  }

  /**
   * The images as this model reconstructs them, in one call: {@link #inverseTransform} of {@link
   * #transform}, the orthogonal projection onto the model's (affine) subspace.
   *
   * @param faces images × pixels
   * @return the reconstructions, images × pixels
   * @throws BadInputException if the pixel count differs or a value is NaN or infinite
   */
  public FloatMatrix reconstruct(FloatMatrix faces) {
    return inverseTransform(transform(faces));
  }

  /**
   * {@link #reconstruct(FloatMatrix)} of images of a given size, checked against the model's
   * recorded image size.
   *
   * @param faces images × pixels
   * @param height the images' height
   * @param width the images' width
   * @return the reconstructions, images × pixels
   * @throws BadInputException if the size differs from the model's
   */
  public FloatMatrix reconstruct(FloatMatrix faces, int height, int width) {
    if ((long) height * width != pixels() || (this.height != 0 && (height != this.height || width != this.width))) {
      throw new BadInputException(
          "the model was made for "
              + (this.height != 0 ? this.height + "x" + this.width + " images" : pixels() + " pixels")
              + ", but the faces are " + height + "x" + width);
    }
    return reconstruct(faces);
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
    meta.put("format", format());
    if (height != 0) {
      meta.put("height", Integer.toString(height));
      meta.put("width", Integer.toString(width));
    }
    meta.putAll(settings());
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put(COMPONENTS, new SafeTensors.Tensor(new int[] {k(), pixels()}, components));
    tensors.put(VARIANCE, vector(spectrum.explainedVariance()));
    tensors.put(RATIO, vector(spectrum.explainedVarianceRatio()));
    tensors.put(SINGULAR_VALUES, vector(spectrum.singularValues()));
    if (mean != null) {
      tensors.put(MEAN, vector(mean));
    }
    SafeTensors.write(file, tensors, meta);
  }

  private static SafeTensors.Tensor vector(float[] values) {
    return new SafeTensors.Tensor(new int[] {values.length}, FloatMatrix.of(1, values.length, values));
  }

  /** The {@code format} entry of this kind of model's file. */
  abstract String format();

  /** The settings of the fit, as metadata entries. */
  abstract Map<String, String> settings();

  /**
   * Reads a model written by {@link #save}, of either kind: a {@link PcaModel} or a {@link TruncatedSvdModel}, by
   * its {@code format}; its metadata is returned alongside.
   *
   * @param file a model file
   * @return the model and its metadata
   * @throws BadInputException naming the file if it is not a regular file, not a facerecon PCA or
   *     truncated SVD model, a tensor is missing, has the wrong shape or a NaN or infinite value, or
   *     its metadata is missing or malformed
   * @throws IOException if the file cannot be read
   */
  public static Loaded loadWithMetadata(Path file) throws IOException {
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> meta = contents.metadata();
    String format = meta.get("format");
    if (!PcaModel.FORMAT.equals(format) && !TruncatedSvdModel.FORMAT.equals(format)) {
      throw new BadInputException(
          file + ": not a facerecon PCA or truncated SVD model (format is "
              + (format == null ? "missing" : "'" + format + "'") + ", expected " + PcaModel.FORMAT
              + " or " + TruncatedSvdModel.FORMAT + ")");
    }
    Map<String, SafeTensors.Tensor> tensors = contents.tensors();
    SafeTensors.Tensor c = tensors.get(COMPONENTS);
    if (c == null || c.shape().length != 2 || c.shape()[0] < 1 || c.shape()[1] < 1) {
      throw new BadInputException(file + ": expected a 2-D tensor 'components' of k x pixels, k and pixels from 1");
    }
    int k = c.shape()[0];
    int pixels = c.shape()[1];
    SafeTensors.requireFinite(file, tensors);
    Header header = new Header(file, meta);
    Spectrum spectrum = new Spectrum(
        vector(file, tensors, VARIANCE, k), vector(file, tensors, RATIO, k),
        vector(file, tensors, SINGULAR_VALUES, k));
    FloatMatrix components = c.values().reshape(k, pixels);
    SubspaceModel model = PcaModel.FORMAT.equals(format)
        ? PcaModel.fromFile(components, vector(file, tensors, MEAN, pixels), spectrum, header)
        : TruncatedSvdModel.fromFile(components, spectrum, header);
    if (meta.containsKey("height") || meta.containsKey("width")) {
      int height = header.integer("height");
      int width = header.integer("width");
      if (height < 1 || width < 1 || InputLimits.exceedsImagePixels(height, width)
          || (long) height * width != pixels) {
        throw new BadInputException(
            file + ": header gives an image size of " + height + "x" + width + " ("
                + InputLimits.pixelText(Math.max(height, 0), Math.max(width, 0))
                + " pixels), but the basis images have " + String.format("%,d", pixels) + " pixels");
      }
      model = model.withImageSize(height, width);
    }
    return new Loaded(model, meta);
  }

  private static float[] vector(Path file, Map<String, SafeTensors.Tensor> tensors, String name, int length) {
    SafeTensors.Tensor t = tensors.get(name);
    if (t == null || t.shape().length != 1 || t.shape()[0] != length) {
      throw new BadInputException(
          file + ": expected a 1-D tensor '" + name + "' of " + length + " values"
              + (t == null ? ", found none" : ", found shape " + java.util.Arrays.toString(t.shape())));
    }
    return t.values().toArray();
  }

  /**
   * A model read from a file.
   *
   * @param model the model
   * @param metadata all metadata stored with it
   */
  public record Loaded(SubspaceModel model, Map<String, String> metadata) {}

  /** A model file's metadata, read with messages that name the file and the entry. */
  static final class Header {
    private final Path file;
    private final Map<String, String> meta;

    Header(Path file, Map<String, String> meta) {
      this.file = file;
      this.meta = meta;
    }

    String text(String key) {
      String v = meta.get(key);
      if (v == null) {
        throw new BadInputException(file + ": model header lacks '" + key + "'");
      }
      return v;
    }

    double number(String key) {
      String v = text(key);
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new BadInputException(file + ": model header '" + key + "' is '" + v + "', expected a number", e);
      }
    }

    long longInteger(String key) {
      String v = text(key);
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new BadInputException(file + ": model header '" + key + "' is '" + v + "', expected an integer", e);
      }
    }

    int integer(String key) {
      long v = longInteger(key);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new BadInputException(file + ": model header '" + key + "' is " + v + ", out of range");
      }
      return (int) v;
    }

    boolean bool(String key) {
      String v = text(key);
      if (!v.equals("true") && !v.equals("false")) {
        throw new BadInputException(file + ": model header '" + key + "' is '" + v + "', expected true or false");
      }
      return v.equals("true");
    }

    SvdSolver solver(String key) {
      String v = text(key);
      for (SvdSolver s : SvdSolver.values()) {
        if (s != SvdSolver.AUTO && s.name().equalsIgnoreCase(v)) {
          return s;
        }
      }
      throw new BadInputException(file + ": model header '" + key + "' is '" + v + "', expected full or randomized");
    }

    BadInputException invalid(String problem) {
      return new BadInputException(file + ": " + problem);
    }
  }
}
