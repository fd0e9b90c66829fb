package io.facerecon.eval;

import io.facerecon.linalg.FloatMatrix;

/**
 * Quality of a reconstruction on the hidden pixels only (an occlusion's "hole"): MSE and PSNR over
 * the hidden pixels of all images together, and SSIM over each image's hole's bounding box (the
 * smallest rectangle that holds its hidden pixels, at least the SSIM window; averaged over images),
 * as inpainting benchmarks report metrics on the hole beside the whole image.
 *
 * @param mse mean squared error over the hidden pixels
 * @param psnr PSNR of that MSE (data range 1)
 * @param ssim mean SSIM over the holes' bounding boxes
 * @param hiddenFraction hidden pixels over all pixels
 */
public record HoleMetrics(double mse, double psnr, double ssim, double hiddenFraction) {

  /**
   * Measures reconstructions against originals on the hidden pixels.
   *
   * @param originals images × pixels, the clean faces
   * @param reconstructions images × pixels
   * @param masks images × pixels, non-zero = hidden
   * @param height image height
   * @param width image width
   * @param ssim the SSIM preset
   * @return the hole's metrics
   */
  public static HoleMetrics of(
      FloatMatrix originals, FloatMatrix reconstructions, FloatMatrix masks, int height, int width, Ssim ssim) {
    return new Sums(height, width, ssim).add(originals, reconstructions, masks).metrics();
  }

  /**
   * The sums behind the hole's metrics, for images measured a batch at a time: adding the batches
   * in order gives the numbers {@link HoleMetrics#of} gives for all images at once, bit for bit.
   */
  public static final class Sums {
    private final int height;
    private final int width;
    private final Ssim ssim;
    private double squares;
    private long hidden;
    private double ssimSum;
    private long images;

    /**
     * Sums over no image yet.
     *
     * @param height image height
     * @param width image width
     * @param ssim the SSIM preset
     */
    public Sums(int height, int width, Ssim ssim) {
      this.height = height;
      this.width = width;
      this.ssim = ssim;
    }

    /**
     * Adds the images of a batch.
     *
     * @param originals images × pixels, the clean faces
     * @param reconstructions images × pixels
     * @param masks images × pixels, non-zero = hidden
     * @return these sums
     */
    public Sums add(FloatMatrix originals, FloatMatrix reconstructions, FloatMatrix masks) {
      int pixels = height * width;
      int window = ssim.windowSize();
      for (int i = 0; i < originals.rows(); i++) {
        float[] o = originals.row(i);
        float[] r = reconstructions.row(i);
        float[] m = masks.row(i);
        int top = height;
        int bottom = -1;
        int left = width;
        int right = -1;
        for (int p = 0; p < pixels; p++) {
          if (m[p] != 0) {
            double d = o[p] - r[p];
            squares += d * d;
            hidden++;
            int y = p / width;
            int x = p % width;
            top = Math.min(top, y);
            bottom = Math.max(bottom, y);
            left = Math.min(left, x);
            right = Math.max(right, x);
          }
        }
        images++;
        if (bottom < 0) {
          ssimSum += 1;
          continue;
        }
        int[] rows = widen(top, bottom + 1, window, height);
        int[] cols = widen(left, right + 1, window, width);
        int bh = rows[1] - rows[0];
        int bw = cols[1] - cols[0];
        float[] ob = new float[bh * bw];
        float[] rb = new float[bh * bw];
        for (int y = 0; y < bh; y++) {
          System.arraycopy(o, (rows[0] + y) * width + cols[0], ob, y * bw, bw);
          System.arraycopy(r, (rows[0] + y) * width + cols[0], rb, y * bw, bw);
        }
        ssimSum += ssim.compute(ob, rb, bh, bw);
      }
      return this;
    }

    /**
     * The metrics of the images added so far.
     *
     * @return the hole's metrics
     */
    public HoleMetrics metrics() {
      double mse = hidden == 0 ? 0 : squares / hidden;
      return new HoleMetrics(mse, ImageMetrics.psnr(mse), ssimSum / images, (double) hidden / (images * height * width));
    }
  }

  /** [from, to) widened around its centre to at least {@code min} (within [0, size)). */
  private static int[] widen(int from, int to, int min, int size) {
    int need = Math.min(min, size);
    while (to - from < need) {
      if (from > 0) {
        from--;
      }
      if (to - from < need && to < size) {
        to++;
      }
    }
    return new int[] {from, to};
  }
}
