package io.facerecon.data;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mean and largest absolute difference between two images' pixels, with the bounds a decoder
 * difference may cause: JPEG decoders may differ by a level here and there.
 */
record PixelDifference(double mean, double max) {
  /** Largest allowed mean absolute difference when decoders may differ. */
  static final double MEAN_BOUND = 1e-3;
  /** Largest allowed single-pixel difference when decoders may differ. */
  static final double MAX_BOUND = 0.02;

  static PixelDifference between(float[] actual, int offset, float[] expected) {
    double sum = 0;
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(actual[offset + i] - expected[i]);
      sum += d;
      max = Math.max(max, d);
    }
    return new PixelDifference(sum / expected.length, max);
  }

  /** Asserts both differences are within the decoder bounds; {@code what} names the image. */
  void assertWithinDecoderBounds(String what) {
    assertThat(mean).as("mean absolute difference on %s", what).isLessThan(MEAN_BOUND);
    assertThat(max).as("largest absolute difference on %s", what).isLessThan(MAX_BOUND);
  }
}
