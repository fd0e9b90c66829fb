package io.facerecon.data;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded occlusion of faces — which pixels of each image are hidden — reusable by every method:
 * NMF codes the rest ({@code NmfData.withMissing}), an autoencoder sees the hidden pixels set to a
 * fill value ({@link #fill}).
 *
 * <p>Specs:
 *
 * <ul>
 *   <li>{@code block:F} — one square covering the fraction F of the face (side round(√(F·h·w)),
 *       a rectangle of full width when the square would not fit), at a random place per image;
 *   <li>{@code rows:A:B} — the horizontal band of rows round(A·h) to round(B·h) (exclusive), A and B
 *       fractions of the height, e.g. {@code rows:0.3:0.5} for the eyes; the same for every image;
 *   <li>{@code half:lower|upper|left|right} — that half (h/2 rows or w/2 columns, rounded down);
 *   <li>{@code pixels:F} — round(F·h·w) pixels drawn at random per image.
 * </ul>
 *
 * Each must hide more than 0 % and less than 100 % of the face. Masks are images × pixels, 1 where
 * a pixel is hidden (numpy's masked-array convention), 0 where observed. Image i's mask depends only
 * on the seed, i and the image size: the same seed gives the same masks for every method, and a
 * subset of images keeps its masks when drawn with their indices ({@link #mask(int, int, int, long)}).
 */
public final class Occlusion {
  /** The kinds of occlusion. */
  private enum Kind { BLOCK, ROWS, HALF, PIXELS }

  private final String spec;
  private final Kind kind;
  private final double a;
  private final double b;
  private final String side;

  private Occlusion(String spec, Kind kind, double a, double b, String side) {
    this.spec = spec;
    this.kind = kind;
    this.a = a;
    this.b = b;
    this.side = side;
  }

  /**
   * Parses a spec ({@code block:F}, {@code rows:A:B}, {@code half:SIDE}, {@code pixels:F}).
   *
   * @param spec the spec
   * @return the occlusion
   * @throws InvalidParameterException naming {@code occlusion} if it does not parse or would hide
   *     no pixel or every pixel
   */
  public static Occlusion parse(String spec) {
    String text = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    String[] parts = text.split(":", -1);
    try {
      switch (parts[0]) {
        case "block":
        case "pixels": {
          need(parts, 2, text);
          double f = Double.parseDouble(parts[1]);
          fraction(f, text);
          return new Occlusion(text, parts[0].equals("block") ? Kind.BLOCK : Kind.PIXELS, f, 0, null);
        }
        case "rows": {
          need(parts, 3, text);
          double from = Double.parseDouble(parts[1]);
          double to = Double.parseDouble(parts[2]);
          if (!(from >= 0 && to <= 1 && from < to)) {
            throw bad(text, "rows:A:B needs fractions of the height 0 <= A < B <= 1");
          }
          fraction(to - from, text);
          return new Occlusion(text, Kind.ROWS, from, to, null);
        }
        case "half": {
          need(parts, 2, text);
          if (!parts[1].matches("lower|upper|left|right")) {
            throw bad(text, "half:SIDE needs lower, upper, left or right");
          }
          return new Occlusion(text, Kind.HALF, 0, 0, parts[1]);
        }
        default:
          throw bad(text, "expected block:F, rows:A:B, half:lower|upper|left|right or pixels:F");
      }
    } catch (NumberFormatException e) {
      throw bad(text, "a fraction is not a number (" + e.getMessage() + ")");
    }
  }

  private static void need(String[] parts, int n, String text) {
    if (parts.length != n) {
      throw bad(text, "expected block:F, rows:A:B, half:lower|upper|left|right or pixels:F");
    }
  }

  private static void fraction(double f, String text) {
    if (!(f > 0 && f < 1)) {
      throw bad(text, "it must hide more than 0 % and less than 100 % of the face, got a fraction of " + f);
    }
  }

  private static InvalidParameterException bad(String text, String why) {
    return new InvalidParameterException("occlusion", "'" + text + "': " + why);
  }

  /**
   * The spec as parsed (lower case, trimmed).
   *
   * @return the spec
   */
  public String spec() {
    return spec;
  }

  @Override
  public String toString() {
    return spec;
  }

  /**
   * The masks of {@code images} images of {@code height × width}: row i is image i's mask.
   *
   * @param images number of images
   * @param height image height
   * @param width image width
   * @param seed the seed
   * @return images × pixels, 1 = hidden
   * @throws InvalidParameterException naming {@code occlusion} if on this image size it hides no
   *     pixel or every pixel
   */
  public FloatMatrix masks(int images, int height, int width, long seed) {
    int pixels = height * width;
    FloatMatrix m = FloatMatrix.zeros(images, pixels);
    float[] row = new float[pixels];
    for (int i = 0; i < images; i++) {
      mask(i, height, width, seed, row);
      m.buffer().put(m.offset() + i * pixels, row);
    }
    return m;
  }

  /**
   * Image {@code index}'s mask.
   *
   * @param index the image's index
   * @param height image height
   * @param width image width
   * @param seed the seed
   * @return height·width values, 1 = hidden
   */
  public float[] mask(int index, int height, int width, long seed) {
    float[] row = new float[height * width];
    mask(index, height, width, seed, row);
    return row;
  }

  private void mask(int index, int height, int width, long seed, float[] row) {
    java.util.Arrays.fill(row, 0);
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x2545F4914F6CDD1DL);
    int pixels = height * width;
    switch (kind) {
      case BLOCK: {
        long target = Math.round(a * pixels);
        int bw = (int) Math.min(width, Math.round(Math.sqrt(a * pixels)));
        bw = Math.max(bw, 1);
        int bh = (int) Math.min(height, Math.max(1, Math.round((double) target / bw)));
        int top = rng.nextInt(height - bh + 1);
        int left = rng.nextInt(width - bw + 1);
        rect(row, width, top, top + bh, left, left + bw);
        break;
      }
      case ROWS:
        rect(row, width, (int) Math.round(a * height), (int) Math.round(b * height), 0, width);
        break;
      case HALF:
        switch (side) {
          case "lower" -> rect(row, width, height - height / 2, height, 0, width);
          case "upper" -> rect(row, width, 0, height / 2, 0, width);
          case "left" -> rect(row, width, 0, height, 0, width / 2);
          default -> rect(row, width, 0, height, width - width / 2, width);
        }
        break;
      default: {
        int count = (int) Math.round(a * pixels);
        int[] order = new int[pixels];
        for (int p = 0; p < pixels; p++) {
          order[p] = p;
        }
        for (int p = 0; p < count; p++) {
          int j = p + rng.nextInt(pixels - p);
          int t = order[p];
          order[p] = order[j];
          order[j] = t;
          row[order[p]] = 1;
        }
      }
    }
    int hidden = 0;
    for (float v : row) {
      hidden += v != 0 ? 1 : 0;
    }
    if (hidden == 0 || hidden == pixels) {
      throw bad(spec, "on " + height + "x" + width + " images it hides " + (hidden == 0 ? "no pixel" : "every pixel"));
    }
  }

  private static void rect(float[] row, int width, int top, int bottom, int left, int right) {
    for (int y = top; y < bottom; y++) {
      for (int x = left; x < right; x++) {
        row[y * width + x] = 1;
      }
    }
  }

  /**
   * The images with their hidden pixels set to {@code fill} (a copy), as an autoencoder sees them.
   *
   * @param pixels images × pixels
   * @param masks images × pixels, non-zero = hidden
   * @param fill the value of a hidden pixel, finite
   * @return the occluded images
   * @throws InvalidParameterException naming {@code fill} if it is not finite
   */
  public static FloatMatrix fill(FloatMatrix pixels, FloatMatrix masks, float fill) {
    return fill(pixels, masks, fill, FloatMatrix.zeros(pixels.rows(), pixels.cols()));
  }

  /**
   * The images with their hidden pixels set to {@code fill}, written into {@code out}: {@link
   * #fill(FloatMatrix, FloatMatrix, float)} into a buffer reused from batch to batch.
   *
   * @param pixels images × pixels
   * @param masks images × pixels, non-zero = hidden
   * @param fill the value of a hidden pixel, finite
   * @param out receives the occluded images; of the images' shape
   * @return {@code out}
   * @throws InvalidParameterException naming {@code fill} if it is not finite
   */
  public static FloatMatrix fill(FloatMatrix pixels, FloatMatrix masks, float fill, FloatMatrix out) {
    requireFinite(fill);
    pixels.requireSameShape(masks, "masks");
    out.copyFrom(pixels);
    for (int i = 0, n = out.size(); i < n; i++) {
      if (masks.get(i) != 0) {
        out.set(i, fill);
      }
    }
    return out;
  }

  /**
   * The images with hidden pixels set to NaN (a copy): the missing entries NMF skips.
   *
   * @param pixels images × pixels
   * @param masks images × pixels, non-zero = hidden
   * @return the images with NaN where hidden
   */
  public static FloatMatrix hide(FloatMatrix pixels, FloatMatrix masks) {
    pixels.requireSameShape(masks, "masks");
    FloatMatrix out = pixels.copy();
    for (int i = 0, n = out.size(); i < n; i++) {
      if (masks.get(i) != 0) {
        out.set(i, Float.NaN);
      }
    }
    return out;
  }

  /**
   * Refuses a fill value that is not finite.
   *
   * @param fill the value
   * @throws InvalidParameterException naming {@code fill}
   */
  public static void requireFinite(double fill) {
    if (!Double.isFinite(fill) || Math.abs(fill) > Float.MAX_VALUE) {
      throw new InvalidParameterException("fill", fill + " is not a finite float; give a pixel value such as 0 or 0.5");
    }
  }

  /**
   * Writes masks as a NumPy bool array N × h × w (true = hidden), so an experiment can be repeated
   * in Python.
   *
   * @param file the .npy file
   * @param masks images × pixels
   * @param height image height
   * @param width image width
   * @throws IOException if writing fails
   */
  public static void save(Path file, FloatMatrix masks, int height, int width) throws IOException {
    Npy.writeBool(file, masks, masks.rows(), height, width);
  }

  /**
   * Reads a mask file: a bool or uint8 (0/1) .npy of shape N × h × w (or N × h·w), true = missing.
   *
   * @param file the .npy file
   * @param images expected N
   * @param height expected h
   * @param width expected w
   * @return images × pixels, 1 = missing
   * @throws BadInputException naming the file if its dtype, values or shape are not those
   * @throws IOException if reading fails
   */
  public static FloatMatrix read(Path file, int images, int height, int width) throws IOException {
    Npy.Array array = Npy.read(file);
    if (!array.dtype().equals("|b1") && !array.dtype().endsWith("u1")) {
      throw new BadInputException(
          file + ": a mask must be bool or uint8 (true or 1 = missing), found dtype '" + array.dtype() + "'");
    }
    int[] s = array.shape();
    boolean ok = (s.length == 3 && s[0] == images && s[1] == height && s[2] == width)
        || (s.length == 2 && s[0] == images && (long) s[1] == (long) height * width);
    if (!ok) {
      throw new BadInputException(
          file + ": mask has shape " + array.shapeText() + ", expected (" + images + ", " + height + ", " + width
              + ") = (images, height, width) of the data");
    }
    FloatMatrix values = array.values().reshape(images, height * width);
    for (int i = 0, n = values.size(); i < n; i++) {
      float v = values.get(i);
      if (v != 0 && v != 1) {
        throw new BadInputException(
            file + ": a uint8 mask must hold only 0 (observed) and 1 (missing), found " + (int) v
                + " at entry " + i);
      }
    }
    return values;
  }
}
