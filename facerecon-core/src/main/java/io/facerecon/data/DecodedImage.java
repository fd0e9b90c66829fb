package io.facerecon.data;

/**
 * An 8-bit image as one plane per channel: 1 plane for gray, 3 for RGB (in R, G, B order), each
 * row-major, {@code width * height} unsigned bytes.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param planes the channel planes
 */
public record DecodedImage(int width, int height, byte[][] planes) {
  /** {@code v / 255f} for every 8-bit level v: the floats of the division, without one per pixel. */
  private static final float[] LEVELS = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      LEVELS[v] = v / 255f;
    }
  }

  /**
   * Number of channels.
   *
   * @return 1 (gray) or 3 (RGB)
   */
  public int channels() {
    return planes.length;
  }

  /**
   * The region of columns {@code [x0, x1)} and rows {@code [y0, y1)}, like Pillow's {@code crop}
   * on a box that lies inside the image.
   *
   * @param x0 first column
   * @param y0 first row
   * @param x1 column after the last
   * @param y1 row after the last
   * @return the cropped image, in new arrays
   */
  public DecodedImage crop(int x0, int y0, int x1, int y1) {
    int w = x1 - x0;
    int h = y1 - y0;
    byte[][] out = new byte[planes.length][w * h];
    for (int c = 0; c < planes.length; c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(planes[c], (y0 + y) * width + x0, out[c], y * w, w);
      }
    }
    return new DecodedImage(w, h, out);
  }

  /**
   * This image resized with Pillow's default filter (see {@link PillowResize}).
   *
   * @param newWidth width of the result
   * @param newHeight height of the result
   * @return the resized image
   */
  public DecodedImage resize(int newWidth, int newHeight) {
    byte[][] out = new byte[planes.length][];
    for (int c = 0; c < planes.length; c++) {
      out[c] = PillowResize.resize(planes[c], width, height, newWidth, newHeight);
    }
    return new DecodedImage(newWidth, newHeight, out);
  }

  /**
   * Writes the gray levels in [0, 1] into {@code dst} starting at {@code offset}, as
   * scikit-learn computes them: each channel divided by 255 in float32, then the mean of the
   * channels in float32.
   *
   * @param dst receives {@code width * height} levels, row by row
   * @param offset index in {@code dst} of the first pixel
   */
  public void toGray(float[] dst, int offset) {
    int n = width * height;
    if (planes.length == 1) {
      byte[] p = planes[0];
      for (int i = 0; i < n; i++) {
        dst[offset + i] = LEVELS[p[i] & 0xff];
      }
      return;
    }
    float channels = planes.length;
    for (int i = 0; i < n; i++) {
      float sum = 0f;
      for (byte[] p : planes) {
        sum += LEVELS[p[i] & 0xff];
      }
      dst[offset + i] = sum / channels;
    }
  }
}
