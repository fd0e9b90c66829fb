package io.facerecon.study;

import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Face-like synthetic images for tests: per person a smooth pattern, per image noise. */
public final class SyntheticFaces {
  private SyntheticFaces() {}

  /** {@code n} images of {@code persons} persons (labels in turn), {@code height × width}. */
  public static FaceSet create(int n, int persons, int height, int width, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[][] bases = new float[persons][];
    for (int p = 0; p < persons; p++) {
      bases[p] = pattern(height, width, rng);
    }
    FloatMatrix pixels = FloatMatrix.zeros(n, height * width);
    int[] labels = new int[n];
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int p = i % persons;
      labels[i] = p;
      sources.add(String.format("person_%d/image_%04d.png", p + 1, i / persons + 1));
      double gain = 0.8 + 0.4 * rng.nextDouble();
      for (int k = 0; k < height * width; k++) {
        double v = gain * bases[p][k] + 0.03 * rng.nextGaussian();
        pixels.set(i, k, (float) Math.max(0, Math.min(1, v)));
      }
    }
    List<String> names = new ArrayList<>();
    for (int p = 0; p < persons; p++) {
      names.add("Person " + (p + 1));
    }
    return new FaceSet(pixels, height, width, labels, names, sources);
  }

  /** An oval "face" with two dark "eyes" at random places on a darker background. */
  private static float[] pattern(int h, int w, SplittableRandom rng) {
    float[] out = new float[h * w];
    double cy = h * (0.45 + 0.1 * rng.nextDouble());
    double cx = w * (0.45 + 0.1 * rng.nextDouble());
    double eyeY = cy - h * 0.12;
    double eyeDx = w * (0.12 + 0.06 * rng.nextDouble());
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double oval = Math.pow((y - cy) / (0.42 * h), 2) + Math.pow((x - cx) / (0.36 * w), 2);
        double v = 0.2 + 0.6 * Math.exp(-2 * oval * oval);
        for (double ex : new double[] {cx - eyeDx, cx + eyeDx}) {
          double d2 = Math.pow(y - eyeY, 2) + Math.pow(x - ex, 2);
          v -= 0.35 * Math.exp(-d2 / (0.002 * h * w));
        }
        out[y * w + x] = (float) v;
      }
    }
    return out;
  }
}
