package io.facerecon.data;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InputLimits;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG, PNG, BMP, GIF, TIFF and PGM/PPM (through the TwelveMonkeys plugin) into 8-bit
 * planes. A decoder warning, such as a truncated JPEG, is an error: ImageIO would otherwise hand
 * back a half-grey image without complaint.
 *
 * <p>Samples deeper than 8 bits (16-bit PNG or PGM) are scaled to 8 bits, rounded: {@code
 * round(v * 255 / (2^bits - 1))}; so every gray level the loaders produce is a multiple of 1/255,
 * as with scikit-learn, which reads images through Pillow in 8-bit modes. PGM/PPM files whose
 * maximum value is not 255 or 65535 are first scaled by that maximum to the full sample range
 * (by the TwelveMonkeys reader), so their maximum value becomes 1.0 (e.g. a 4-bit PGM with maximum
 * 15: 7 becomes 119/255). The 8-bit step costs 16-bit images their finer levels (at most 1/510
 * off).
 *
 * <p>Speed: each thread keeps one reader per format (JPEG, PNG, PNM, recognised by their first
 * bytes) instead of asking the ImageIO registry for a new one per image, which costs about as much
 * as decoding a small JPEG.
 */
public final class ImageDecoder {
  /** The ImageIO set-up, done once, by the first thread that needs it. */
  private static final class Registry {
    static {
      ImageIO.setUseCache(false);
      ImageIO.scanForPlugins();
    }

    static void ready() {
      // Class initialisation above does the work.
    }
  }

  /**
   * The last decoded image of each thread, reused as the next one's destination when type and
   * size match: loading LFW then makes no image per face (an eighth of the loader's garbage).
   */
  private static final ThreadLocal<BufferedImage> DESTINATION = new ThreadLocal<>();
  /** Types whose images are reused: what the JPEG decoder makes for colour and gray faces. */
  private static final Set<Integer> REUSABLE_TYPES =
      Set.of(BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY);

  /** Readers kept by the current thread, by format name. */
  private static final ThreadLocal<Map<String, ImageReader>> READERS =
      ThreadLocal.withInitial(HashMap::new);

  private ImageDecoder() {}

  /**
   * Loads the ImageIO registry and a JPEG reader on a background thread, so that this one-time
   * cost of a fresh JVM overlaps other work such as listing folders.
   * Decoding waits for it as needed.
   */
  public static void prepareInBackground() {
    Thread t = new Thread(ImageDecoder::prepare, "facerecon-imageio-init");
    t.setDaemon(true);
    t.start();
  }

  private static void prepare() {
    Registry.ready();
    Iterator<ImageReader> jpeg = ImageIO.getImageReadersByFormatName("jpeg");
    if (jpeg.hasNext()) {
      jpeg.next().dispose();
    }
  }

  /** The part of an image to decode, chosen once the image's size is known from its header. */
  @FunctionalInterface
  public interface Region {
    /**
     * The rectangle to decode in an image of {@code width × height} pixels; it must lie inside
     * the image.
     *
     * @param width the image's width in pixels
     * @param height the image's height in pixels
     * @return the part to decode
     * @throws BadInputException if an image of this size cannot be used
     */
    Rectangle of(int width, int height);
  }

  /**
   * Decodes {@code bytes}; {@code name} identifies the image in error messages.
   *
   * @param bytes the encoded image
   * @param name the image's name for error messages
   * @return the image as 8-bit planes
   * @throws BadInputException if the bytes are not a complete image in a known format
   */
  public static DecodedImage decode(byte[] bytes, String name) {
    return decode(bytes, name, (w, h) -> new Rectangle(0, 0, w, h));
  }

  /**
   * Decodes the part of {@code bytes} that {@code region} chooses. Its pixels are those of the
   * full decode; the decoder converts and copies only that part (a JPEG decoder also stops after
   * its last row).
   *
   * @param bytes the encoded image
   * @param name the image's name for error messages
   * @param region chooses the part to decode from the image's size
   * @return that part as 8-bit planes
   * @throws BadInputException if the bytes are not a complete image in a known format, or the
   *     region rejects its size
   */
  public static DecodedImage decode(byte[] bytes, String name, Region region) {
    return withReader(
        bytes,
        name,
        reader -> {
          int[] wh = checkedSize(reader, name);
          int w = wh[0];
          int h = wh[1];
          Rectangle part = region.of(w, h);
          if (part.x < 0 || part.y < 0 || part.width < 1 || part.height < 1
              || part.x + part.width > w || part.y + part.height > h) {
            throw new BadInputException(
                "region " + part + " does not lie inside the " + w + "x" + h + " image " + name);
          }
          ImageReadParam param = reader.getDefaultReadParam();
          if (part.width != w || part.height != h) {
            param.setSourceRegion(part);
          }
          BufferedImage reused = reusableDestination(reader, part.width, part.height);
          if (reused != null) {
            param.setDestination(reused);
          }
          BufferedImage image = reader.read(0, param);
          if (reused == null && REUSABLE_TYPES.contains(image.getType())) {
            DESTINATION.set(image);
          }
          return planes(image, name, image == DESTINATION.get());
        });
  }

  /**
   * This thread's last decoded image, if the decoder would make the next one of the same type
   * and size: it is handed back as the destination, which the decoder then overwrites whole.
   */
  private static BufferedImage reusableDestination(ImageReader reader, int width, int height)
      throws IOException {
    BufferedImage last = DESTINATION.get();
    if (last == null || last.getWidth() != width || last.getHeight() != height) {
      return null;
    }
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    return types.hasNext() && types.next().getBufferedImageType() == last.getType() ? last : null;
  }

  /**
   * The width and height of the image in {@code bytes}, read from its header only.
   *
   * @param bytes the encoded image
   * @param name the image's name for error messages
   * @return {width, height}
   * @throws BadInputException if the bytes are not an image in a known format
   */
  public static int[] size(byte[] bytes, String name) {
    return withReader(bytes, name, reader -> checkedSize(reader, name));
  }

  /**
   * The width and height in the image's header, checked against the pixel budget before anything
   * of that size is allocated: Pillow refuses such images with its {@code DecompressionBombError}.
   */
  private static int[] checkedSize(ImageReader reader, String name) throws IOException {
    int w = reader.getWidth(0);
    int h = reader.getHeight(0);
    if (w < 1 || h < 1) {
      throw new BadInputException(name + ": image header gives a size of " + w + "x" + h + " (width x height)");
    }
    if (InputLimits.exceedsImagePixels(w, h)) {
      throw new BadInputException(
          name + ": image is " + w + "x" + h + " (width x height), " + InputLimits.pixelText(w, h)
              + " pixels, more than the " + String.format("%,d", InputLimits.MAX_IMAGE_PIXELS)
              + " allowed (Pillow's MAX_IMAGE_PIXELS; a decompression bomb?)");
    }
    return new int[] {w, h};
  }

  /**
   * Checks the header of a PGM/PPM/PBM file ({@code P1} to {@code P6}): width and height from 1,
   * and a maximum value from 1 to 65535, as the format requires. The decoder itself fails on a
   * maximum value of 0 without saying why.
   */
  static void checkPnmHeader(byte[] b, String name) {
    int kind = b[1] - '0';
    int fields = kind == 1 || kind == 4 ? 2 : 3;
    long[] values = new long[fields];
    int at = 2;
    for (int f = 0; f < fields; f++) {
      // Skip blanks and comments (from '#' to the end of the line) before each number.
      while (at < b.length && (Character.isWhitespace(b[at]) || b[at] == '#')) {
        if (b[at] == '#') {
          while (at < b.length && b[at] != '\n' && b[at] != '\r') {
            at++;
          }
        } else {
          at++;
        }
      }
      int start = at;
      long v = 0;
      while (at < b.length && b[at] >= '0' && b[at] <= '9' && v <= Integer.MAX_VALUE) {
        v = v * 10 + (b[at++] - '0');
      }
      if (at == start) {
        throw new BadInputException(
            name + ": damaged PGM/PPM header (P" + kind + " without its " + PNM_FIELDS[f] + ")");
      }
      values[f] = v;
    }
    if (values[0] < 1 || values[1] < 1 || values[0] > Integer.MAX_VALUE || values[1] > Integer.MAX_VALUE) {
      throw new BadInputException(
          name + ": PGM/PPM header gives a size of " + values[0] + "x" + values[1]
              + " (width x height); expected sizes from 1");
    }
    if (fields == 3 && (values[2] < 1 || values[2] > 65535)) {
      throw new BadInputException(
          name + ": PGM/PPM maximum value is " + values[2] + "; expected 1 to 65535");
    }
  }

  private static final String[] PNM_FIELDS = {"width", "height", "maximum value"};

  @FunctionalInterface
  private interface ReaderTask<T> {
    T run(ImageReader reader) throws IOException;
  }

  private static <T> T withReader(byte[] bytes, String name, ReaderTask<T> task) {
    Registry.ready();
    String format = formatOf(bytes);
    if ("pnm".equals(format)) {
      checkPnmHeader(bytes, name);
    }
    ImageReader reader = null;
    try (ImageInputStream in = new ByteArrayImageStream(bytes)) {
      reader = format == null ? null : READERS.get().remove(format);
      if (reader == null) {
        reader = newReader(in, name);
      }
      reader.setInput(in, true, true);
      reader.removeAllIIOReadWarningListeners();
      reader.addIIOReadWarningListener(
          (source, warning) -> {
            throw new BadInputException(name + ": damaged image (" + warning + ")");
          });
      T result = task.run(reader);
      reader.setInput(null);
      if (format != null) {
        READERS.get().put(format, reader);
        reader = null;
      }
      return result;
    } catch (BadInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() != null && !e.getMessage().isBlank()
          ? e.getMessage()
          : "the decoder failed with " + e.getClass().getSimpleName() + "; the file is damaged or of an unsupported kind";
      throw new BadInputException(name + ": cannot decode image (" + why + ")", e);
    } finally {
      // A reader that failed, or one of a format we do not keep, is not reused.
      if (reader != null) {
        reader.dispose();
      }
    }
  }

  private static ImageReader newReader(ImageInputStream in, String name) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw new BadInputException(
          name + ": not an image in a known format (JPEG, PNG, PGM/PPM, BMP, GIF, TIFF)");
    }
    return readers.next();
  }

  /** JPEG, PNG or PNM from the first bytes; null for other formats (looked up each time). */
  private static String formatOf(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return "jpeg";
    }
    if (b.length >= 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "png";
    }
    if (b.length >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6') {
      return "pnm";
    }
    return null;
  }

  /**
   * The planes of {@code image}; {@code shared} when the image will be decoded into again, so
   * its buffer must be copied rather than handed on.
   */
  private static DecodedImage planes(BufferedImage image, String name, boolean shared) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    int bands = raster.getNumBands();
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
        && raster.getDataBuffer() instanceof DataBufferByte
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0) {
      byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
      if (data.length == w * h) {
        // An image made for this call alone hands its buffer on as is.
        return new DecodedImage(w, h, new byte[][] {shared ? data.clone() : data});
      }
    }
    int bits = raster.getSampleModel().getSampleSize(0);
    if (image.getColorModel().getColorSpace().getNumComponents() == 1 && bands <= 2) {
      return new DecodedImage(w, h, new byte[][] {band(raster, 0, bits)});
    }
    if (bands >= 3 && !image.getColorModel().hasAlpha() || bands == 4) {
      return new DecodedImage(
          w, h, new byte[][] {band(raster, 0, bits), band(raster, 1, bits), band(raster, 2, bits)});
    }
    if (image.getColorModel() instanceof IndexColorModel) {
      BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      rgb.getGraphics().drawImage(image, 0, 0, null);
      return planes(rgb, name, false);
    }
    throw new BadInputException(
        name + ": unsupported pixel layout (" + bands + " bands of " + bits + " bits)");
  }

  /** Band {@code b} of an 8-bit raster stored as bytes (interleaved or banded), copied out. */
  private static byte[] byteBand(Raster raster, int b, int w, int h) {
    ComponentSampleModel model = (ComponentSampleModel) raster.getSampleModel();
    DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
    byte[] data = buffer.getData(model.getBankIndices()[b]);
    int pixelStride = model.getPixelStride();
    int rowStride = model.getScanlineStride();
    int x0 = raster.getMinX() - raster.getSampleModelTranslateX();
    int y0 = raster.getMinY() - raster.getSampleModelTranslateY();
    int start = buffer.getOffsets()[model.getBankIndices()[b]] + model.getBandOffsets()[b]
        + y0 * rowStride + x0 * pixelStride;
    byte[] out = new byte[w * h];
    for (int y = 0; y < h; y++) {
      int at = start + y * rowStride;
      int o = y * w;
      for (int x = 0; x < w; x++, at += pixelStride) {
        out[o + x] = data[at];
      }
    }
    return out;
  }

  /** One band as 8 bits; deeper samples are scaled to 0..255, rounded. */
  private static byte[] band(Raster raster, int b, int bits) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    if (bits == 8
        && raster.getDataBuffer() instanceof DataBufferByte
        && raster.getSampleModel() instanceof ComponentSampleModel) {
      // The JPEG decoder's interleaved bytes, read in place: going through int samples made
      // four times as much garbage per image as the decoded image itself.
      return byteBand(raster, b, w, h);
    }
    int[] samples = raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, b, (int[]) null);
    byte[] out = new byte[samples.length];
    int max = (1 << bits) - 1;
    for (int i = 0; i < samples.length; i++) {
      out[i] = (byte) (bits == 8 ? samples[i] : Math.round(samples[i] * 255.0 / max));
    }
    return out;
  }
}
