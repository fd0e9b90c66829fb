package io.facerecon.study;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.data.Occlusion;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nn.InputCorruption;
import io.facerecon.nn.Tensor;
import java.io.IOException;
import java.util.List;

/**
 * The inputs of a denoising autoencoder: each training face occluded afresh every epoch, its
 * hidden pixels set to a fill value. Image i's mask in epoch e is {@link Occlusion#mask} of i with
 * the seed {@code seed + 1,000,003·e}: deterministic for a seed, different every epoch. With
 * several occlusions, image i in epoch e is hidden by occlusion (i + e) mod n: each face meets
 * every occlusion in turn, and every epoch holds all of them.
 */
public final class OcclusionCorruption implements InputCorruption {
  private final List<Occlusion> occlusions;
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
    this(List.of(occlusion), fill, seed, height, width);
  }

  /**
   * A corruption by several occlusions in turn: image i in epoch e by occlusion (i + e) mod n.
   *
   * @param occlusions which pixels to hide, at least one
   * @param fill the value of a hidden pixel, finite
   * @param seed the seed of the masks
   * @param height image height
   * @param width image width
   * @throws io.facerecon.io.InvalidParameterException naming {@code fill} if it is not finite
   */
  public OcclusionCorruption(List<Occlusion> occlusions, double fill, long seed, int height, int width) {
    Occlusion.requireFinite(fill);
    if (occlusions.isEmpty()) {
      throw new IllegalArgumentException("an occlusion corruption needs at least one occlusion");
    }
    this.occlusions = List.copyOf(occlusions);
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
    return addPixels(train.pixels(), 0) / train.pixels().size();
  }

  /**
   * The default fill value of faces read from a stream: their mean pixel, read a batch at a time
   * and summed in the order {@link #meanPixel(FaceSet)} sums them (the same number, bit for bit).
   *
   * @param train the training faces
   * @return their mean pixel value
   * @throws IOException if the stream cannot read them
   */
  public static double meanPixel(FaceStream train) throws IOException {
    int p = train.pixelCount();
    int batch = Math.max(1, Math.min(train.size(), MEAN_BATCH_VALUES / p));
    FloatMatrix buffer = FloatMatrix.zeros(batch, p);
    double sum = 0;
    for (int first = 0; first < train.size(); first += batch) {
      FloatMatrix rows = buffer.rowRange(0, Math.min(batch, train.size() - first));
      train.read(first, rows);
      sum = addPixels(rows, sum);
    }
    return sum / ((long) train.size() * p);
  }

  /** Values read at a time by {@link #meanPixel(FaceStream)}: 16 MB. */
  private static final int MEAN_BATCH_VALUES = 1 << 22;

  /** {@code sum} plus every value of {@code m}, added in order. */
  private static double addPixels(FloatMatrix m, double sum) {
    for (int i = 0, n = m.size(); i < n; i++) {
      sum += m.get(i);
    }
    return sum;
  }

  /**
   * The (first) occlusion.
   *
   * @return the occlusion
   */
  public Occlusion occlusion() {
    return occlusions.get(0);
  }

  /**
   * The occlusions, applied in turn.
   *
   * @return the occlusions, at least one
   */
  public List<Occlusion> occlusions() {
    return occlusions;
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
      Occlusion occlusion = occlusions.get((int) Math.floorMod((long) images[s] + epoch, (long) occlusions.size()));
      float[] mask = occlusion.mask(images[s], height, width, epochSeed);
      for (int p = 0; p < size; p++) {
        if (mask[p] != 0) {
          inputs.set(s * size + p, fill);
        }
      }
    }
  }
}
