package io.facerecon.study;

import io.facerecon.data.Occlusion;
import io.facerecon.linalg.FloatMatrix;

/**
 * One occlusion of a study's held-out faces: which pixels of each test face are hidden, the same
 * masks for every run, and what an autoencoder sees in their place.
 *
 * @param occlusion the occlusion
 * @param seed the seed its masks were drawn with
 * @param masks test faces × pixels, 1 = hidden, in the test faces' order
 * @param fill the value a hidden pixel takes in an autoencoder's input: the training faces' mean
 * @param galleryMasks the masks of the gallery faces, in the gallery's order
 */
public record OcclusionCase(
    Occlusion occlusion, long seed, FloatMatrix masks, double fill, FloatMatrix galleryMasks) {

  /**
   * The occlusion's spec, e.g. "block:0.25".
   *
   * @return the spec
   */
  public String spec() {
    return occlusion.spec();
  }

  /**
   * The share of the test faces' pixels that are hidden.
   *
   * @return hidden pixels over all pixels
   */
  public double hiddenFraction() {
    long hidden = 0;
    for (int i = 0, n = masks.size(); i < n; i++) {
      if (masks.get(i) != 0) {
        hidden++;
      }
    }
    return (double) hidden / masks.size();
  }
}
