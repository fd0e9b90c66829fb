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
    int[] hw = imageShape(array, file, options);
    if (array.shape()[0] == 0) {
      throw new BadInputException(file + " holds no images: shape " + array.shapeText());
    }
    for (int d = 1; d < array.rank(); d++) {
      if (array.shape()[d] == 0) {
        throw new BadInputException(
            file + ": shape " + array.shapeText() + " has size 0 in dimension " + d + " (the image "
                + (array.rank() == 3 ? (d == 1 ? "height" : "width") : "pixels") + "); every image needs at least"
                + " one pixel, expected N x H x W or N x D with sizes from 1");
      }
    }
    FloatMatrix pixels = array.values().reshape(array.shape()[0], hw[0] * hw[1]);
    if (array.dtype().endsWith("u1")) {
      scale(pixels, 1f / 255f);
    } else {
      requireUnitRange(pixels, file, allowNaN);
    }
    FaceSet faces =
        Files.exists(labelsFile(file))
            ? labelled(pixels, hw, labelsFile(file))
            : FaceSet.unlabelled(pixels, hw[0], hw[1]);
    return new LoadReport(faces, DataFormat.NPY, List.of());
  }

  /** The (height, width) of one image. */
  private static int[] imageShape(Npy.Array array, Path file, LoadOptions options) {
    int[] shape = array.shape();
    if (shape.length == 3) {
      if (options.shape().isPresent()) {
        int[] s = options.shape().get();
        if (s[0] != shape[1] || s[1] != shape[2]) {
          throw new InvalidParameterException("shape",
              s[0] + "x" + s[1] + " does not match " + file + " of shape "
                  + array.shapeText());
        }
      }
      return new int[] {shape[1], shape[2]};
    }
    if (shape.length == 2) {
      if (options.shape().isEmpty()) {
        throw new BadInputException(
            file + " has shape " + array.shapeText() + " (N x D); give the shape (height, width) with H*W = "
                + shape[1]);
      }
      int[] s = options.shape().get();
      if ((long) s[0] * s[1] != shape[1]) {
        throw new InvalidParameterException("shape",
            s[0] + "x" + s[1] + " has " + ((long) s[0] * s[1]) + " pixels but " + file
                + " of shape " + array.shapeText() + " has " + shape[1] + " per image");
      }
      return s;
    }
    throw new BadInputException(
        file + " has rank " + shape.length + ", shape " + array.shapeText()
            + "; expected N x H x W images, or N x D with a shape (height, width)");
  }

  private static void scale(FloatMatrix m, float factor) {
    for (int i = 0, n = m.size(); i < n; i++) {
      m.set(i, m.get(i) * factor);
    }
  }

  private static void requireUnitRange(FloatMatrix m, Path file, boolean allowNaN) {
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
          file + ": pixel values must lie in [0, 1], found "
              + (nan ? "NaN" : "min " + min + ", max " + max)
              + "; scale them first (uint8 arrays are divided by 255)");
    }
  }

  private static FaceSet labelled(FloatMatrix pixels, int[] hw, Path labels) throws IOException {
    byte[] bytes = InputFiles.readAllBytes(labels, MAX_LABELS_BYTES, "a labels file");
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new BadInputException(labels + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    if (root == null || !root.isArray() || root.size() != pixels.rows()) {
      throw new BadInputException(
          labels + ": expected a JSON list of " + pixels.rows()
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
            labels + ": entry " + i + " is " + root.get(i)
                + "; expected {\"person\": NAME, \"source\": PATH}");
      }
      labelOf[i] = persons.computeIfAbsent(person.asText(), p -> persons.size());
      sources.add(source.asText());
    }
    return new FaceSet(pixels, hw[0], hw[1], labelOf, new ArrayList<>(persons.keySet()), sources);
  }
}
