package io.facerecon.eval;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;

/**
 * Mean squared error and peak signal-to-noise ratio with data range 1, as scikit-image's
 * {@code mean_squared_error} and {@code peak_signal_noise_ratio(..., data_range=1)} compute them.
 *
 * <p>PSNR = 10·log10(1 / MSE) decibels. A perfect reconstruction (MSE 0) has PSNR
 * {@link Double#POSITIVE_INFINITY}, as in scikit-image; reports print it as "inf" and JSON holds
 * it as the string {@code "inf"}.
 */
public final class ImageMetrics {
  private ImageMetrics() {}

  /**
   * The mean of the squared differences, summed in double precision.
   *
   * @param original the original pixels
   * @param reconstruction the reconstructed pixels, as many
   * @return the MSE
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double mse(float[] original, float[] reconstruction) {
    return new SquaredErrors().add(original, reconstruction).mse();
  }

  /**
   * The running sum behind an MSE, for images measured a batch at a time: adding the images in
   * order gives the number {@link #mse} gives for all of them at once, bit for bit.
   */
  public static final class SquaredErrors {
    private double sum;
    private long count;

    /** A sum over no value yet. */
    public SquaredErrors() {}

    /**
     * Adds the squared differences of the next values.
     *
     * @param original the original pixels
     * @param reconstruction the reconstructed pixels, as many
     * @return this sum
     * @throws IllegalArgumentException if the lengths differ
     */
    public SquaredErrors add(float[] original, float[] reconstruction) {
      if (original.length != reconstruction.length) {
        throw new IllegalArgumentException(
            "MSE: images have " + original.length + " and " + reconstruction.length + " pixels");
      }
      for (int k = 0; k < original.length; k++) {
        double d = (double) original[k] - reconstruction[k];
        sum += d * d;
      }
      count += original.length;
      return this;
    }

    /**
     * The mean of the squared differences added so far.
     *
     * @return the MSE
     */
    public double mse() {
      return sum / count;
    }
  }

  /**
   * PSNR in decibels for data range 1; {@code +∞} when {@code mse} is 0, NaN when it is NaN (a
   * reconstruction holding NaN values, e.g. from a diverged fit).
   *
   * @param mse a mean squared error, &gt;= 0 or NaN
   * @return {@code 10 * log10(1 / mse)}
   * @throws IllegalArgumentException if {@code mse} is negative
   */
  public static double psnr(double mse) {
    if (mse < 0) {
      throw new IllegalArgumentException("MSE must be >= 0, got " + mse);
    }
    return 10 * Math.log10(1.0 / mse);
  }

  /**
   * The MSE of each pair of rows of two N × pixels matrices, in parallel over images.
   *
   * @param originals the original images, one per row
   * @param reconstructions the reconstructions, same shape
   * @return N MSEs, in row order
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double[] msePerImage(FloatMatrix originals, FloatMatrix reconstructions) {
    originals.requireSameShape(reconstructions, "MSE");
    int d = originals.cols();
    double[] out = new double[originals.rows()];
    Parallel.forRange(
        originals.rows(),
        16,
        (from, to) -> {
          float[] a = new float[d];
          float[] b = new float[d];
          for (int i = from; i < to; i++) {
            originals.buffer().get(originals.offset() + i * d, a);
            reconstructions.buffer().get(reconstructions.offset() + i * d, b);
            out[i] = mse(a, b);
          }
        });
    return out;
  }

  /**
   * The PSNR of each MSE.
   *
   * @param mse mean squared errors
   * @return the PSNRs in dB, in the same order
   */
  public static double[] psnr(double[] mse) {
    double[] out = new double[mse.length];
    for (int i = 0; i < mse.length; i++) {
      out[i] = psnr(mse[i]);
    }
    return out;
  }
}
