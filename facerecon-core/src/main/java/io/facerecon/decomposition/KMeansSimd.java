package io.facerecon.decomposition;

import io.facerecon.linalg.VectorSupport;
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
 *   <li>{@link #dots}: the float64 dot products of {@link KMeansUpcastDistances}, two float32
 *       image rows widened a vector at a time against up to six float64 vectors, twelve
 *       accumulators, each load feeding two fused multiply-adds (the order of a float64 sum does
 *       not reach the float32 results);
 *   <li>{@link #add}: s ← s + x elementwise in float32, the M-step's centre sums (the same
 *       roundings as one element at a time).
 * </ul>
 */
final class KMeansSimd {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** Adding it changes no value; it gives the JIT a vector of known class to store (see {@link VectorSupport}). */
  private static final DoubleVector NEG_ZERO = DoubleVector.broadcast(DOUBLES, -0d);
  /** Floats of the same lane count, which widen to one vector of doubles. */
  private static final VectorSpecies<Float> FLOATS =
      FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
  private static final int LANES = DOUBLES.length();
  private static final VectorSpecies<Float> SUMS = FloatVector.SPECIES_PREFERRED;

  private KMeansSimd() {}

  /** Scratch for {@link #dots}: the lanes of its twelve accumulators. */
  static double[] laneScratch() {
    return new double[2 * KMeansUpcastDistances.GROUP * LANES];
  }

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
      FloatVector.fromArray(SUMS, sums, base + c).lanewise(VectorOperators.ADD, FloatVector.fromArray(SUMS, row, c)).intoArray(sums, base + c);
    }
    for (; c < p; c++) {
      sums[base + c] += row[c];
    }
  }

  /**
   * first[j] = a · vectors[j0 + j] and second[j] = b · vectors[j0 + j] for j &lt; g (at most
   * {@link KMeansUpcastDistances#GROUP}): two images at once, so that each load of a vector feeds
   * two fused multiply-adds.
   *
   * @param a an image, p values
   * @param b another image (or {@code a} again), p values
   * @param vectors vectors of p values
   * @param j0 the first vector of the group
   * @param g the group's size, 1 to 6
   * @param first receives a's g dot products
   * @param second receives b's g dot products
   * @param lanes scratch for the accumulators' lanes, from {@link #laneScratch}
   */
  static void dots(
      float[] a, float[] b, double[][] vectors, int j0, int g, double[] first, double[] second, double[] lanes) {
    double[] v0 = vectors[j0];
    double[] v1 = vectors[j0 + Math.min(1, g - 1)];
    double[] v2 = vectors[j0 + Math.min(2, g - 1)];
    double[] v3 = vectors[j0 + Math.min(3, g - 1)];
    double[] v4 = vectors[j0 + Math.min(4, g - 1)];
    double[] v5 = vectors[j0 + Math.min(5, g - 1)];
    DoubleVector a0 = DoubleVector.zero(DOUBLES);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    DoubleVector a4 = a0;
    DoubleVector a5 = a0;
    DoubleVector b0 = a0;
    DoubleVector b1 = a0;
    DoubleVector b2 = a0;
    DoubleVector b3 = a0;
    DoubleVector b4 = a0;
    DoubleVector b5 = a0;
    int p = a.length;
    int c = 0;
    for (int end = DOUBLES.loopBound(p); c < end; c += LANES) {
      DoubleVector x = (DoubleVector) FloatVector.fromArray(FLOATS, a, c).convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector y = (DoubleVector) FloatVector.fromArray(FLOATS, b, c).convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector v = DoubleVector.fromArray(DOUBLES, v0, c);
      a0 = v.lanewise(VectorOperators.FMA, x, a0);
      b0 = v.lanewise(VectorOperators.FMA, y, b0);
      v = DoubleVector.fromArray(DOUBLES, v1, c);
      a1 = v.lanewise(VectorOperators.FMA, x, a1);
      b1 = v.lanewise(VectorOperators.FMA, y, b1);
      v = DoubleVector.fromArray(DOUBLES, v2, c);
      a2 = v.lanewise(VectorOperators.FMA, x, a2);
      b2 = v.lanewise(VectorOperators.FMA, y, b2);
      v = DoubleVector.fromArray(DOUBLES, v3, c);
      a3 = v.lanewise(VectorOperators.FMA, x, a3);
      b3 = v.lanewise(VectorOperators.FMA, y, b3);
      v = DoubleVector.fromArray(DOUBLES, v4, c);
      a4 = v.lanewise(VectorOperators.FMA, x, a4);
      b4 = v.lanewise(VectorOperators.FMA, y, b4);
      v = DoubleVector.fromArray(DOUBLES, v5, c);
      a5 = v.lanewise(VectorOperators.FMA, x, a5);
      b5 = v.lanewise(VectorOperators.FMA, y, b5);
    }
    // Stored one by one (an array of vectors would make the JIT box them), then each summed in lane order.
    NEG_ZERO.add(a0).intoArray(lanes, 0);
    NEG_ZERO.add(a1).intoArray(lanes, LANES);
    NEG_ZERO.add(a2).intoArray(lanes, 2 * LANES);
    NEG_ZERO.add(a3).intoArray(lanes, 3 * LANES);
    NEG_ZERO.add(a4).intoArray(lanes, 4 * LANES);
    NEG_ZERO.add(a5).intoArray(lanes, 5 * LANES);
    NEG_ZERO.add(b0).intoArray(lanes, 6 * LANES);
    NEG_ZERO.add(b1).intoArray(lanes, 7 * LANES);
    NEG_ZERO.add(b2).intoArray(lanes, 8 * LANES);
    NEG_ZERO.add(b3).intoArray(lanes, 9 * LANES);
    NEG_ZERO.add(b4).intoArray(lanes, 10 * LANES);
    NEG_ZERO.add(b5).intoArray(lanes, 11 * LANES);
    for (int j = 0; j < KMeansUpcastDistances.GROUP; j++) {
      first[j] = VectorSupport.sumLanes(lanes, j * LANES, LANES);
      second[j] = VectorSupport.sumLanes(lanes, (KMeansUpcastDistances.GROUP + j) * LANES, LANES);
    }
    for (int j = 0; j < g; j++) {
      double[] v = vectors[j0 + j];
      double s = first[j];
      double t = second[j];
      for (int e = c; e < p; e++) {
        s += a[e] * v[e];
        t += b[e] * v[e];
      }
      first[j] = s;
      second[j] = t;
    }
  }
}
