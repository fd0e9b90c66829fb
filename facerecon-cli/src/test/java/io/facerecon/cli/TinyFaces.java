package io.facerecon.cli;

import io.facerecon.data.SyntheticImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A flat folder of a few small gray images written by code, with their pixels as the loader
 * reads them (gray level / 255), for command tests that check numbers exactly.
 */
final class TinyFaces {
  static final int HEIGHT = 5;
  static final int WIDTH = 4;
  static final int IMAGES = 6;

  private TinyFaces() {}

  /**
   * Writes the images into {@code dir} and returns V, pixels × images (one image per column,
   * its pixels row by row), in the order of the file names.
   */
  static double[][] write(Path dir) throws IOException {
    double[][] v = new double[HEIGHT * WIDTH][IMAGES];
    for (int j = 0; j < IMAGES; j++) {
      BufferedImage image = SyntheticImages.gray(WIDTH, HEIGHT, 10 + j);
      SyntheticImages.write(dir.resolve("face" + j + ".png"), image);
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          v[y * WIDTH + x][j] = image.getRaster().getSample(x, y, 0) / 255.0;
        }
      }
    }
    return v;
  }
}
