package io.facerecon.report;

import io.facerecon.io.AtomicFiles;
import io.facerecon.linalg.FloatMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Lays out gray images in a grid and writes it as a PNG. */
public final class ImageGrid {
  /** How image values become gray levels. */
  public enum Scaling {
    /** Values in [0, 1] map to black..white; values outside are clipped. */
    UNIT,
    /** Each image is stretched from its own minimum (black) to its own maximum (white). */
    PER_IMAGE
  }

  private static final int GAP = 2;
  private static final int BACKGROUND = 255;

  private ImageGrid() {}

  /**
   * Renders the rows of {@code images} (each one image of {@code height x width}, row-major) in a
   * grid of {@code columns} columns, each pixel drawn as a {@code zoom x zoom} block.
   */
  public static BufferedImage render(
      FloatMatrix images, int height, int width, int columns, Scaling scaling, int zoom) {
    if (images.cols() != height * width) {
      throw new IllegalArgumentException(
          "images have " + images.cols() + " pixels, expected " + height + "x" + width);
    }
    if (columns < 1 || zoom < 1) {
      throw new IllegalArgumentException("columns and zoom must be >= 1, got " + columns + ", " + zoom);
    }
    int n = images.rows();
    int rows = Math.max(1, (n + columns - 1) / columns);
    int cellW = width * zoom;
    int cellH = height * zoom;
    BufferedImage out =
        new BufferedImage(
            columns * cellW + (columns + 1) * GAP, rows * cellH + (rows + 1) * GAP,
            BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = out.getRaster();
    int[] fill = new int[out.getWidth() * out.getHeight()];
    java.util.Arrays.fill(fill, BACKGROUND);
    raster.setPixels(0, 0, out.getWidth(), out.getHeight(), fill);
    int[] cell = new int[cellW * cellH];
    for (int i = 0; i < n; i++) {
      float[] img = images.row(i);
      float lo = 0f;
      float hi = 1f;
      if (scaling == Scaling.PER_IMAGE) {
        lo = Float.POSITIVE_INFINITY;
        hi = Float.NEGATIVE_INFINITY;
        for (float v : img) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      float range = hi > lo ? hi - lo : 1f;
      for (int y = 0; y < cellH; y++) {
        for (int x = 0; x < cellW; x++) {
          float v = (img[(y / zoom) * width + x / zoom] - lo) / range;
          cell[y * cellW + x] = Math.round(255f * Math.max(0f, Math.min(1f, v)));
        }
      }
      int gx = GAP + (i % columns) * (cellW + GAP);
      int gy = GAP + (i / columns) * (cellH + GAP);
      raster.setPixels(gx, gy, cellW, cellH, cell);
    }
    return out;
  }

  /**
   * Renders rows of images, one row per matrix, each matrix's images side by side: e.g. originals
   * above their reconstructions. All matrices must have the same number of images.
   */
  public static BufferedImage rows(List<FloatMatrix> rows, int height, int width, int zoom) {
    int n = rows.get(0).rows();
    FloatMatrix all = FloatMatrix.zeros(rows.size() * n, height * width);
    for (int r = 0; r < rows.size(); r++) {
      FloatMatrix m = rows.get(r);
      if (m.rows() != n) {
        throw new IllegalArgumentException(
            "grid row " + r + " has " + m.rows() + " images, expected " + n);
      }
      all.rowRange(r * n, (r + 1) * n).copyFrom(m);
    }
    return render(all, height, width, n, Scaling.UNIT, zoom);
  }

  /**
   * Like {@link #rows}, with a caption left of each row (e.g. "original", a method's name), so the
   * picture explains itself outside the report too.
   */
  public static BufferedImage captionedRows(
      List<FloatMatrix> rows, List<String> captions, int height, int width, int zoom) {
    if (captions.size() != rows.size()) {
      throw new IllegalArgumentException(
          captions.size() + " captions for " + rows.size() + " grid rows");
    }
    BufferedImage grid = rows(rows, height, width, zoom);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(12, Math.min(18, height * zoom / 6)));
    Graphics2D probe = grid.createGraphics();
    FontMetrics metrics = probe.getFontMetrics(font);
    probe.dispose();
    int captionWidth = 0;
    for (String c : captions) {
      captionWidth = Math.max(captionWidth, metrics.stringWidth(c));
    }
    captionWidth += 4 * GAP + metrics.charWidth('m');
    BufferedImage out =
        new BufferedImage(captionWidth + grid.getWidth(), grid.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(new Color(BACKGROUND, BACKGROUND, BACKGROUND));
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.drawImage(grid, captionWidth, 0, null);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(font);
      g.setColor(Color.BLACK);
      int cellH = height * zoom;
      for (int r = 0; r < captions.size(); r++) {
        String c = captions.get(r);
        int baseline = GAP + r * (cellH + GAP) + (cellH + metrics.getAscent() - metrics.getDescent()) / 2;
        g.drawString(c, captionWidth - GAP * 2 - metrics.charWidth('m') / 2 - metrics.stringWidth(c), baseline);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Writes {@code image} as a PNG, atomically. */
  public static void writePng(Path file, BufferedImage image) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
          }
        });
  }
}
