package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InputLimits;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A model file's string metadata, read with messages that name the file, the kind of model and
 * the entry, e.g. {@code model.safetensors: PCA model header 'seed' is 'x', expected an integer}.
 *
 * @param file the model file
 * @param meta its metadata
 * @param kind the kind of model, as messages name it
 */
record ModelHeader(Path file, Map<String, String> meta, String kind) {
  String text(String key) {
    String v = meta.get(key);
    if (v == null) {
      throw new BadInputException(file + ": " + kind + " model header lacks '" + key + "'");
    }
    return v;
  }

  double number(String key) {
    return parsed(key, Double::valueOf, "a number");
  }

  long longInteger(String key) {
    return parsed(key, Long::valueOf, "an integer");
  }

  private <T> T parsed(String key, Function<String, T> parser, String expected) {
    String v = text(key);
    try {
      return parser.apply(v);
    } catch (NumberFormatException e) {
      throw invalid(key, v, expected, e);
    }
  }

  int integer(String key) {
    long value = longInteger(key);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new BadInputException(file + ": " + kind + " model header '" + key + "' is " + value + ", out of range");
    }
    return (int) value;
  }

  boolean bool(String key) {
    String v = text(key);
    if (!v.equals("true") && !v.equals("false")) {
      throw invalid(key, v, "true or false", null);
    }
    return v.equals("true");
  }

  /**
   * The image size recorded in entries {@code height} and {@code width}, checked against the
   * model's pixels and the pixel budget; null when the file records none.
   *
   * @param pixels the pixels of the model's tensors
   * @param holder what holds those pixels, for the message (e.g. "the centres")
   * @return {height, width}, or null
   */
  int[] imageSize(int pixels, String holder) {
    if (!meta.containsKey("height") && !meta.containsKey("width")) {
      return null;
    }
    int h = integer("height");
    int w = integer("width");
    if (h < 1 || w < 1 || InputLimits.exceedsImagePixels(h, w) || (long) h * w != pixels) {
      throw new BadInputException(
          file + ": header gives an image size of " + h + "x" + w + ", but " + holder + " have "
              + String.format(Locale.ROOT, "%,d", pixels) + " pixels");
    }
    return new int[] {h, w};
  }

  /** A message about the entry {@code key}, whose value {@code v} is not {@code expected}. */
  BadInputException invalid(String key, String v, String expected, Throwable cause) {
    return new BadInputException(
        file + ": " + kind + " model header '" + key + "' is '" + v + "', expected " + expected, cause);
  }

  /** A message about the file. */
  BadInputException invalid(String problem) {
    return new BadInputException(file + ": " + problem);
  }
}
