package io.facerecon.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG, PNG, BMP, GIF, TIFF and PGM/PPM (through the TwelveMonkeys plugin) into 8-bit
 * planes. A decoder warning, such as a truncated JPEG, is an error: ImageIO would otherwise hand
 * back a half-grey image without complaint.
 */
public final class ImageDecoder {
  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();
  }

  private ImageDecoder() {}

  /**
   * Decodes {@code bytes}; {@code name} identifies the image in error messages.
   *
   * @throws BadInputException if the bytes are not a complete image in a known format
   */
  public static DecodedImage decode(byte[] bytes, String name) {
    try (InputStream in = new ByteArrayInputStream(bytes);
        ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        throw new BadInputException(name + ": not an image in a known format (JPEG, PNG, PGM/PPM, BMP, GIF, TIFF)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        reader.addIIOReadWarningListener(
            (source, warning) -> {
              throw new BadInputException(name + ": damaged image (" + warning + ")");
            });
        return planes(reader.read(0), name);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadInputException) {
        throw (BadInputException) e;
      }
      throw new BadInputException(name + ": cannot decode image (" + e.getMessage() + ")", e);
    }
  }

  private static DecodedImage planes(BufferedImage image, String name) {
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
        return new DecodedImage(w, h, new byte[][] {data.clone()});
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
    if (image.getColorModel() instanceof java.awt.image.IndexColorModel) {
      BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      rgb.getGraphics().drawImage(image, 0, 0, null);
      return planes(rgb, name);
    }
    throw new BadInputException(
        name + ": unsupported pixel layout (" + bands + " bands of " + bits + " bits)");
  }

  /** One band as 8 bits; deeper samples keep their top 8 bits, rounded. */
  private static byte[] band(Raster raster, int b, int bits) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] samples = raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, b, (int[]) null);
    byte[] out = new byte[samples.length];
    int max = (1 << bits) - 1;
    for (int i = 0; i < samples.length; i++) {
      out[i] = (byte) (bits == 8 ? samples[i] : Math.round(samples[i] * 255.0 / max));
    }
    return out;
  }
}
