package io.facerecon.shared;

import io.facerecon.decomposition.KMeans;
import io.facerecon.decomposition.KMeansOptions;
import io.facerecon.linalg.FloatMatrix;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Other users of the Vector API, run before a benchmark as in a JVM shared with other code: a
 * k-means fit (its half-width float vectors), or the common float and double operations with every
 * vector size (as Spark MLlib's BLAS or any library may). The JDK methods' type profiles are shared
 * by all their callers, so facerecon's kernels are then compiled with profiles that have seen
 * other vector classes (see {@link io.facerecon.linalg.VectorSupport}).
 */
final class OtherVectorCode {
  private static volatile double sink;

  private OtherVectorCode() {}

  /** Fits k-means (10 clusters, 2 starts) to 1,217 random images of 2,914 pixels. */
  static void kMeans() {
    SplittableRandom random = new SplittableRandom(0);
    FloatMatrix x = FloatMatrix.zeros(1217, 2914);
    for (int i = 0; i < x.size(); i++) {
      x.set(i, (float) random.nextDouble());
    }
    new KMeans(KMeansOptions.defaults(10).withNInit(2).withSeed(0)).fit(x);
  }

  /** Runs the common float and double vector operations with every vector size, a few hundred times. */
  @SuppressWarnings("unchecked")
  static void otherSizes() {
    float[] a = new float[4096];
    float[] b = new float[4096];
    double[] d = new double[4096];
    double[] e = new double[4096];
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
      b[i] = 1;
      d[i] = i;
      e[i] = 1;
    }
    VectorSpecies<Float>[] floats = new VectorSpecies[] {
        FloatVector.SPECIES_64, FloatVector.SPECIES_128, FloatVector.SPECIES_256, FloatVector.SPECIES_512};
    VectorSpecies<Double>[] doubles = new VectorSpecies[] {
        DoubleVector.SPECIES_128, DoubleVector.SPECIES_256, DoubleVector.SPECIES_512};
    double total = 0;
    for (int rep = 0; rep < 300; rep++) {
      for (VectorSpecies<Float> s : floats) {
        FloatVector acc = FloatVector.zero(s);
        for (int i = 0; i + s.length() <= a.length; i += s.length()) {
          FloatVector x = FloatVector.fromArray(s, a, i);
          FloatVector y = FloatVector.fromArray(s, b, i);
          acc = x.fma(y, acc).add(x).mul(y).max(x).min(y).sub(x).neg();
          acc.blend(x, acc.compare(VectorOperators.GT, y)).intoArray(b, i);
          total += acc.reduceLanes(VectorOperators.ADD);
        }
      }
      for (VectorSpecies<Double> s : doubles) {
        DoubleVector acc = DoubleVector.zero(s);
        for (int i = 0; i + s.length() <= d.length; i += s.length()) {
          DoubleVector x = DoubleVector.fromArray(s, d, i);
          DoubleVector y = DoubleVector.fromArray(s, e, i);
          acc = x.fma(y, acc).add(x).mul(y).max(x).min(y).sub(x);
          acc.intoArray(e, i);
          total += acc.reduceLanes(VectorOperators.ADD);
        }
      }
    }
    sink = total;
  }
}
