package io.facerecon.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Runs the Vector API's common methods with every float and double vector size, as other code in
 * the same JVM may (k-means' half-width floats, Spark MLlib's BLAS), so that the JDK methods'
 * shared type profiles see several vector classes before facerecon's kernels are compiled. A
 * benchmark that calls it first shows whether the kernels keep their speed then (see
 * {@link VectorSupport}).
 */
public final class OtherVectorSpecies {
  private static volatile double sink;

  private OtherVectorSpecies() {}

  /** Runs the common float and double vector operations with every vector size, a few hundred times. */
  @SuppressWarnings("unchecked")
  public static void exercise() {
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
