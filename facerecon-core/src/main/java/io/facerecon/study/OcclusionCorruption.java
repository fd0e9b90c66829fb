package io.facerecon.study;

import io.facerecon.data.FaceSet;
import io.facerecon.data.Occlusion;
import io.facerecon.nn.InputCorruption;
import io.facerecon.nn.Tensor;

/**
 * The inputs of a denoising autoencoder: each training face occluded afresh every epoch, its
 * hidden pixels set to a fill value. Image i's mask in epoch e is {@link Occlusion#mask} of i with
 * the seed {@code seed + 1,000,003·e}: deterministic for a seed, different every epoch.
 */
public final class OcclusionCorruption implements InputCorruption {
  private final Occlusion occlusion;
  private final float fill;
  private final long seed;
  private final int height;
  private final int width;

  /**
   * An occlusion corruption.
   *
   * @param occlusion which pixels to hide
   * @param fill the value of a hidden pixel, finite
   * @param seed the seed of the masks
   * @param height image height
   * @param width image width
   * @throws io.facerecon.io.InvalidParameterException naming {@code fill} if it is not finite
   */
  public OcclusionCorruption(Occlusion occlusion, double fill, long seed, int height, int width) {
    Occlusion.requireFinite(fill);
    this.occlusion = occlusion;
    this.fill = (float) fill;
    this.seed = seed;
    this.height = height;
    this.width = width;
  }

  /**
   * The default fill value: the mean pixel of the training faces.
   *
   * @param train the training faces
   * @return their mean pixel value
   */
  public static double meanPixel(FaceSet train) {
    double sum = 0;
    var p = train.pixels();
    for (int i = 0, n = p.size(); i < n; i++) {
      sum += p.get(i);
    }
    return sum / p.size();
  }

  /**
   * The occlusion.
   *
   * @return the occlusion
   */
  public Occlusion occlusion() {
    return occlusion;
  }

  /**
   * The fill value.
   *
   * @return the value of a hidden pixel
   */
  public float fill() {
    return fill;
  }

  @Override
  public void corrupt(int epoch, int[] images, Tensor inputs) {
    int size = height * width;
    long epochSeed = seed + 1_000_003L * epoch;
    for (int s = 0; s < images.length; s++) {
      float[] mask = occlusion.mask(images[s], height, width, epochSeed);
      for (int p = 0; p < size; p++) {
        if (mask[p] != 0) {
          inputs.set(s * size + p, fill);
        }
      }
    }
  }
}
