package io.facerecon.nn;

import java.util.SplittableRandom;

/** The order in which the training images are visited in each epoch. */
@FunctionalInterface
public interface EpochOrder {
  /**
   * The visiting order of one epoch.
   *
   * @param epoch the epoch, counted from 0
   * @param n the number of training images
   * @return a permutation of {@code 0 … n−1}
   */
  int[] permutation(int epoch, int n);

  /**
   * A fresh shuffle every epoch (Fisher–Yates). Epoch {@code e}'s order depends only on the seed
   * and {@code e}, so a resumed run visits the images exactly as an uninterrupted one.
   *
   * @param seed the seed of all epochs' shuffles
   * @return the order
   */
  static EpochOrder shuffled(long seed) {
    return (epoch, n) -> {
      SplittableRandom root = new SplittableRandom(seed);
      SplittableRandom r = root.split();
      for (int e = 0; e < epoch; e++) {
        r = root.split();
      }
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        p[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    };
  }
}
