package io.facerecon.decomposition;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels of k-means, used when {@link io.facerecon.linalg.VectorSupport#AVAILABLE} is
 * true (load this class only then: it links against the incubating Vector API); the plain loops
 * beside their callers compute the same:
 *
 * <ul>
 *   <li>{@link #dots}: the float64 dot products of {@link KMeansUpcastDistances}, a float32 image
 *       row widened a vector at a time against up to four float64 vectors, four accumulators
 *       sharing each load of the row (fused multiply-adds: the order of a float64 sum does not
 *       reach the float32 results);
 *   <li>{@link #add}: s ← s + x elementwise in float32, the M-step's centre sums (the same
 *       roundings as one element at a time).
 * </ul>
 */
final class KMeansSimd {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** Floats of the same lane count, which widen to one vector of doubles. */
  private static final VectorSpecies<Float> FLOATS =
      FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
  private static final int LANES = DOUBLES.length();
  private static final VectorSpecies<Float> SUMS = FloatVector.SPECIES_PREFERRED;

  private KMeansSimd() {}

  /**
   * sums[base + c] += row[c] for c &lt; row.length.
   *
   * @param row the values to add
   * @param sums the sums
   * @param base where row's first value is added
   */
  static void add(float[] row, float[] sums, int base) {
    int p = row.length;
    int c = 0;
    for (int end = SUMS.loopBound(p); c < end; c += SUMS.length()) {
      FloatVector.fromArray(SUMS, sums, base + c).add(FloatVector.fromArray(SUMS, row, c)).intoArray(sums, base + c);
    }
    for (; c < p; c++) {
      sums[base + c] += row[c];
    }
  }

  /**
   * dots[j] = row · vectors[j0 + j] for j &lt; g (at most 4).
   *
   * @param row the image, p values
   * @param vectors vectors of p values
   * @param j0 the first vector of the group
   * @param g the group's size, 1 to 4
   * @param dots receives the g dot products
   */
  static void dots(float[] row, double[][] vectors, int j0, int g, double[] dots) {
    double[] v0 = vectors[j0];
    double[] v1 = vectors[j0 + Math.min(1, g - 1)];
    double[] v2 = vectors[j0 + Math.min(2, g - 1)];
    double[] v3 = vectors[j0 + Math.min(3, g - 1)];
    DoubleVector a0 = DoubleVector.zero(DOUBLES);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    int p = row.length;
    int c = 0;
    for (int end = DOUBLES.loopBound(p); c < end; c += LANES) {
      DoubleVector x = (DoubleVector) FloatVector.fromArray(FLOATS, row, c).convertShape(VectorOperators.F2D, DOUBLES, 0);
      a0 = DoubleVector.fromArray(DOUBLES, v0, c).fma(x, a0);
      a1 = DoubleVector.fromArray(DOUBLES, v1, c).fma(x, a1);
      a2 = DoubleVector.fromArray(DOUBLES, v2, c).fma(x, a2);
      a3 = DoubleVector.fromArray(DOUBLES, v3, c).fma(x, a3);
    }
    double s0 = a0.reduceLanes(VectorOperators.ADD);
    double s1 = a1.reduceLanes(VectorOperators.ADD);
    double s2 = a2.reduceLanes(VectorOperators.ADD);
    double s3 = a3.reduceLanes(VectorOperators.ADD);
    for (; c < p; c++) {
      double x = row[c];
      s0 += x * v0[c];
      s1 += x * v1[c];
      s2 += x * v2[c];
      s3 += x * v3[c];
    }
    dots[0] = s0;
    dots[1] = s1;
    dots[2] = s2;
    dots[3] = s3;
  }
}
