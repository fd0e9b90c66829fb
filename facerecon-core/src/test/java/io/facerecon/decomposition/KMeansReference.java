package io.facerecon.decomposition;

import io.facerecon.linalg.FloatMatrix;

/**
 * Lloyd's algorithm in its plainest form, in float64, beside the fused float32 kernel of {@link
 * KMeansLloyd}: ℓ(i) = argmin_j Σ_c (x_ic − c_jc)² by direct differences, c_j = mean of its
 * points (an empty cluster keeps its centre), until the labels stop changing.
 */
final class KMeansReference {
  final int[] labels;
  final double[][] centers;
  final int iterations;

  KMeansReference(FloatMatrix x, FloatMatrix start, int maxIter) {
    int n = x.rows();
    int p = x.cols();
    int k = start.rows();
    centers = new double[k][p];
    for (int j = 0; j < k; j++) {
      for (int c = 0; c < p; c++) {
        centers[j][c] = start.get(j, c);
      }
    }
    labels = new int[n];
    java.util.Arrays.fill(labels, -1);
    int it = 0;
    boolean changed = true;
    while (changed && it < maxIter) {
      it++;
      changed = assign(x);
      double[][] sums = new double[k][p];
      int[] counts = new int[k];
      for (int i = 0; i < n; i++) {
        counts[labels[i]]++;
        for (int c = 0; c < p; c++) {
          sums[labels[i]][c] += x.get(i, c);
        }
      }
      for (int j = 0; j < k; j++) {
        for (int c = 0; c < p && counts[j] > 0; c++) {
          centers[j][c] = sums[j][c] / counts[j];
        }
      }
    }
    iterations = it;
  }

  private boolean assign(FloatMatrix x) {
    boolean changed = false;
    for (int i = 0; i < x.rows(); i++) {
      int best = 0;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int j = 0; j < centers.length; j++) {
        double d = 0;
        for (int c = 0; c < x.cols(); c++) {
          double diff = x.get(i, c) - centers[j][c];
          d += diff * diff;
        }
        if (d < bestDistance) {
          bestDistance = d;
          best = j;
        }
      }
      changed |= labels[i] != best;
      labels[i] = best;
    }
    return changed;
  }

  double inertia(FloatMatrix x) {
    double s = 0;
    for (int i = 0; i < x.rows(); i++) {
      for (int c = 0; c < x.cols(); c++) {
        double diff = x.get(i, c) - centers[labels[i]][c];
        s += diff * diff;
      }
    }
    return s;
  }
}
