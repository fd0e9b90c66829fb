package io.facerecon.eval;

import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;

/**
 * How well a set of reconstructions matches its originals: MSE, PSNR and SSIM per image, and
 * their summaries over the set.
 *
 * <p>Two PSNR summaries exist and differ: {@link #psnrOfMeanMse()} is the PSNR of the MSE over
 * all pixels of all images (a dataset-level figure), {@link #meanPsnr()} is the mean of the
 * per-image PSNRs (scikit-image's figure averaged over images; it weights well-reconstructed
 * images more). Each is named where it is reported.
 */
public final class Evaluation {
  private final double[] mse;
  private final double[] psnr;
  private final double[] ssim;
  private final Ssim ssimPreset;

  private Evaluation(double[] mse, double[] ssim, Ssim ssimPreset) {
    this.mse = mse;
    this.psnr = ImageMetrics.psnr(mse);
    this.ssim = ssim;
    this.ssimPreset = ssimPreset;
  }

  /**
   * Evaluates {@code reconstructions} (N × height·width, one image per row) against
   * {@code originals} of the same shape.
   *
   * @param originals the original images, one per row
   * @param reconstructions the reconstructions, same shape
   * @param height image height in pixels
   * @param width image width in pixels
   * @param ssim the SSIM preset
   * @return the evaluation
   * @throws IllegalArgumentException if the shapes differ or there are no images
   */
  public static Evaluation of(
      FloatMatrix originals, FloatMatrix reconstructions, int height, int width, Ssim ssim) {
    originals.requireSameShape(reconstructions, "evaluation");
    if (originals.rows() == 0) {
      throw new IllegalArgumentException("evaluation needs at least one image, got none");
    }
    double[] mse = ImageMetrics.msePerImage(originals, reconstructions);
    double[] s = ssim.perImage(originals, reconstructions, height, width);
    return new Evaluation(mse, s, ssim);
  }

  /**
   * Evaluates reconstructions of the images of {@code faces}, in the same order.
   *
   * @param faces the originals
   * @param reconstructions one image per row, as {@code faces.pixels()}
   * @param ssim the SSIM preset
   * @return the evaluation
   */
  public static Evaluation of(FaceSet faces, FloatMatrix reconstructions, Ssim ssim) {
    return of(faces.pixels(), reconstructions, faces.height(), faces.width(), ssim);
  }

  /**
   * Number of images evaluated.
   *
   * @return N
   */
  public int imageCount() {
    return mse.length;
  }

  /**
   * The SSIM preset used.
   *
   * @return the preset
   */
  public Ssim ssimPreset() {
    return ssimPreset;
  }

  /**
   * MSE of each image.
   *
   * @return a copy, in image order
   */
  public double[] perImageMse() {
    return mse.clone();
  }

  /**
   * PSNR of each image in dB, {@code +∞} for a perfect one.
   *
   * @return a copy, in image order
   */
  public double[] perImagePsnr() {
    return psnr.clone();
  }

  /**
   * SSIM of each image.
   *
   * @return a copy, in image order
   */
  public double[] perImageSsim() {
    return ssim.clone();
  }

  /**
   * MSE over all pixels of all images (images are the same size, so the mean image MSE).
   *
   * @return the mean MSE
   */
  public double meanMse() {
    return mean(mse);
  }

  /**
   * PSNR in dB of {@link #meanMse()}: the dataset-level PSNR.
   *
   * @return {@code 10 * log10(1 / meanMse())}
   */
  public double psnrOfMeanMse() {
    return ImageMetrics.psnr(meanMse());
  }

  /**
   * Mean of the per-image PSNRs in dB.
   *
   * @return the mean; {@code +∞} if any image is reconstructed exactly
   */
  public double meanPsnr() {
    return mean(psnr);
  }

  /**
   * Mean of the per-image SSIMs.
   *
   * @return the mean SSIM
   */
  public double meanSsim() {
    return mean(ssim);
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
