package io.facerecon.data;

import java.util.zip.CRC32;
import java.nio.ByteBuffer;
import java.io.DataOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Writes small synthetic images and archives for the loader tests: smooth gradients plus noise. */
public final class SyntheticImages {
  private SyntheticImages() {}

  /** A gray image with a seeded pattern. */
  public static BufferedImage gray(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    SplittableRandom random = new SplittableRandom(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = (x * 255 / Math.max(1, width - 1) + y * 3 + random.nextInt(40)) & 0xff;
        image.getRaster().setSample(x, y, 0, v);
      }
    }
    return image;
  }

  /** An RGB image with a seeded pattern. */
  public static BufferedImage rgb(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    SplittableRandom random = new SplittableRandom(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int b = 0; b < 3; b++) {
          image.getRaster().setSample(x, y, b, (x * (b + 1) + y + random.nextInt(30)) & 0xff);
        }
      }
    }
    return image;
  }

  /** The image encoded as {@code format} ("jpg" or "png"). */
  public static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IOException("no ImageIO writer for " + format);
    }
    return out.toByteArray();
  }

  /** Writes {@code image} to {@code file} in the format its extension names. */
  public static Path write(Path file, BufferedImage image) throws IOException {
    String name = file.getFileName().toString();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, encode(image, name.substring(name.lastIndexOf('.') + 1)));
    return file;
  }

  /** A binary 8-bit PGM (P5) or PPM (P6) of the given samples, row-major, channels interleaved. */
  public static byte[] pnm(boolean color, int width, int height, byte[] samples) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(((color ? "P6" : "P5") + "\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII));
    out.write(samples);
    return out.toByteArray();
  }

  /** A plain-text PGM (P2) with the given maximum value. */
  public static byte[] plainPgm(int width, int height, int maxval, int[] samples) {
    StringBuilder s = new StringBuilder("P2\n# synthetic\n" + width + " " + height + "\n" + maxval + "\n");
    for (int i = 0; i < samples.length; i++) {
      s.append(samples[i]).append(i % width == width - 1 ? '\n' : ' ');
    }
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A binary 16-bit PGM (P5, big-endian samples) with the given maximum value. */
  public static byte[] pgm16(int width, int height, int maxval, int[] samples) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(("P5\n" + width + " " + height + "\n" + maxval + "\n").getBytes(StandardCharsets.US_ASCII));
    for (int v : samples) {
      out.write(v >>> 8);
      out.write(v & 0xff);
    }
    return out.toByteArray();
  }

  /** Writes a .tgz archive holding {@code entries} (path → bytes), in the map's order. */
  public static void tgz(Path file, Map<String, byte[]> entries) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(raw))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
  }

  /** A PNG of the given size whose data is one empty IDAT chunk: a few dozen bytes. */
  public static byte[] pngHeaderOnly(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(out);
    data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(data, "IHDR", ihdr.array());
    chunk(data, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(data, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
    out.writeInt(body.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.write(t);
    out.write(body);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(body);
    out.writeInt((int) crc.getValue());
  }
}
