package io.facerecon.data;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;
import io.facerecon.io.InputFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads faces from a NumPy {@code .npy} array: N×H×W, or N×D with a {@code shape} (height, width); float32,
 * float64 or uint8, C or Fortran order (see {@link Npy#read}).
 *
 * <p>uint8 values are divided by 255; float values are kept as they are and must lie in [0, 1].
 * Persons and sources come from {@code FILE.labels.json} beside the array when it exists — a JSON
 * list, one {@code {"person": NAME, "source": PATH}} object per image, as {@code facerecon
 * info} writes it; labels number the persons in order of first appearance. Without it, all
 * images belong to one person "all" and each image's source is its index.
 */
public final class NpyLoader {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The largest labels file read: 256 MiB, far beyond one short record per image. */
  private static final long MAX_LABELS_BYTES = 256L << 20;

  private NpyLoader() {}

  /**
   * The file where the persons and sources of {@code npy} are kept.
   *
   * @param npy the .npy file
   * @return {@code FILE.labels.json} beside it
   */
  public static Path labelsFile(Path npy) {
    return npy.resolveSibling(npy.getFileName() + ".labels.json");
  }

  /**
   * Loads the .npy file at {@code file}.
   *
   * @param file the .npy file
   * @param options {@code shape} applies (for N×D arrays); {@code minFaces} is applied by {@link
   *     FaceSetLoader}
   * @return the faces, nothing skipped
   * @throws BadInputException if the array or its labels file is not usable
   * @throws IOException if reading fails
   */
  public static LoadReport load(Path file, LoadOptions options) throws IOException {
    return load(file, options, false);
  }

  /**
   * {@link #load} that keeps NaN pixels, the missing values that NMF with a mask skips
   * ({@code NmfData.withMissing}); the other pixels must still lie in [0, 1].
   *
   * @param file a .npy file
   * @param options the loader options
   * @return the faces, NaN where a pixel is missing
   * @throws IOException if reading fails
   */
  public static LoadReport loadWithMissing(Path file, LoadOptions options) throws IOException {
    return load(file, options, true);
  }

  private static LoadReport load(Path file, LoadOptions options, boolean allowNaN) throws IOException {
    Npy.Array array = Npy.read(file);
    int[] hw = imageShape(array.shape(), array.shapeText(), file, options);
    FloatMatrix pixels = array.values().reshape(array.shape()[0], hw[0] * hw[1]);
    if (isBytes(array.dtype())) {
      scale(pixels, UINT8_SCALE);
    } else {
      requireUnitRange(pixels, file.toString(), allowNaN);
    }
    FaceSet faces;
    if (Files.exists(labelsFile(file))) {
      Labels labels = readLabels(labelsFile(file), pixels.rows());
      faces = new FaceSet(pixels, hw[0], hw[1], labels.labels(), labels.persons(), labels.sources());
    } else {
      faces = FaceSet.unlabelled(pixels, hw[0], hw[1]);
    }
    return new LoadReport(faces, DataFormat.NPY, List.of());
  }

  /** What uint8 values are multiplied by: 1/255, so that 255 becomes 1. */
  static final float UINT8_SCALE = 1f / 255f;

  /** Whether values of {@code dtype} are bytes scaled by {@link #UINT8_SCALE}. */
  static boolean isBytes(String dtype) {
    return dtype.endsWith("u1");
  }

  /**
   * The (height, width) of one image of an array of {@code shape}: N×H×W, or N×D with the
   * options' shape.
   *
   * @throws BadInputException if the array holds no image, an image has no pixel, or the rank or
   *     the options' shape does not fit
   */
  static int[] imageShape(int[] shape, String shapeText, Path file, LoadOptions options) {
    int[] hw = imageShape(shape, shapeText, file, options.shape());
    if (shape[0] == 0) {
      throw new BadInputException(file + " holds no images: shape " + shapeText);
    }
    for (int d = 1; d < shape.length; d++) {
      if (shape[d] == 0) {
        throw new BadInputException(
            file + ": shape " + shapeText + " has size 0 in dimension " + d + " (the image "
                + (shape.length == 3 ? (d == 1 ? "height" : "width") : "pixels") + "); every image needs at least"
                + " one pixel, expected N x H x W or N x D with sizes from 1");
      }
    }
    return hw;
  }

  private static int[] imageShape(int[] shape, String shapeText, Path file, Optional<int[]> given) {
    if (shape.length == 3) {
      if (given.isPresent()) {
        int[] s = given.get();
        if (s[0] != shape[1] || s[1] != shape[2]) {
          throw new InvalidParameterException("shape",
              s[0] + "x" + s[1] + " does not match " + file + " of shape " + shapeText);
        }
      }
      return new int[] {shape[1], shape[2]};
    }
    if (shape.length == 2) {
      if (given.isEmpty()) {
        throw new BadInputException(
            file + " has shape " + shapeText + " (N x D); give the shape (height, width) with H*W = "
                + shape[1]);
      }
      int[] s = given.get();
      if ((long) s[0] * s[1] != shape[1]) {
        throw new InvalidParameterException("shape",
            s[0] + "x" + s[1] + " has " + ((long) s[0] * s[1]) + " pixels but " + file
                + " of shape " + shapeText + " has " + shape[1] + " per image");
      }
      return s;
    }
    throw new BadInputException(
        file + " has rank " + shape.length + ", shape " + shapeText
            + "; expected N x H x W images, or N x D with a shape (height, width)");
  }

  /** Multiplies every value of {@code m} by {@code factor}, in float as NumPy would. */
  static void scale(FloatMatrix m, float factor) {
    for (int i = 0, n = m.size(); i < n; i++) {
      m.set(i, m.get(i) * factor);
    }
  }

  /**
   * Refuses values outside [0, 1] (and NaN unless {@code allowNaN}).
   *
   * @param m the values
   * @param name where they come from, for the message: the file, or an image of it
   * @param allowNaN whether NaN (a missing pixel) is accepted
   * @throws BadInputException naming {@code name}, the smallest and largest value (or NaN)
   */
  static void requireUnitRange(FloatMatrix m, String name, boolean allowNaN) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    boolean nan = false;
    for (int i = 0, n = m.size(); i < n; i++) {
      float v = m.get(i);
      if (Float.isNaN(v) && allowNaN) {
        continue;
      }
      nan |= Float.isNaN(v);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (nan || min < 0f || max > 1f) {
      throw new BadInputException(
          name + ": pixel values must lie in [0, 1], found "
              + (nan ? "NaN" : "min " + min + ", max " + max)
              + "; scale them first (uint8 arrays are divided by 255)");
    }
  }

  /**
   * The persons and sources of a labels file.
   *
   * @param labels each image's person: persons numbered in order of first appearance
   * @param persons person names, indexed by label
   * @param sources each image's source
   */
  record Labels(int[] labels, List<String> persons, List<String> sources) {}

  /**
   * Reads the labels file {@code file} of an array of {@code images} images.
   *
   * @throws BadInputException naming the file if it is not a JSON list of one {@code {"person":
   *     NAME, "source": PATH}} object per image
   */
  static Labels readLabels(Path file, int images) throws IOException {
    byte[] bytes = InputFiles.readAllBytes(file, MAX_LABELS_BYTES, "a labels file");
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new BadInputException(file + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    if (root == null || !root.isArray() || root.size() != images) {
      throw new BadInputException(
          file + ": expected a JSON list of " + images
              + " {\"person\": NAME, \"source\": PATH} objects, one per image, found "
              + (root != null && root.isArray() ? "a list of " + root.size() : "no list"));
    }
    Map<String, Integer> persons = new LinkedHashMap<>();
    int[] labelOf = new int[root.size()];
    List<String> sources = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode person = root.get(i).get("person");
      JsonNode source = root.get(i).get("source");
      if (person == null || !person.isTextual() || source == null || !source.isTextual()) {
        throw new BadInputException(
            file + ": entry " + i + " is " + root.get(i)
                + "; expected {\"person\": NAME, \"source\": PATH}");
      }
      labelOf[i] = persons.computeIfAbsent(person.asText(), p -> persons.size());
      sources.add(source.asText());
    }
    return new Labels(labelOf, new ArrayList<>(persons.keySet()), sources);
  }
}
