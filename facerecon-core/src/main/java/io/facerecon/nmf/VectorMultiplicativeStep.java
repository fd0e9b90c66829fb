package io.facerecon.nmf;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise multiplicative update with the Vector API, for γ = 1 when the size of the change
 * is not wanted (plain MU, as scikit-learn's). Per entry it is {@link MultiplicativeUpdate#updated}:
 *
 * <pre>
 * q = d[i] (+ l1 when l1 &gt; 0) (+ l2·b[i] when l2 &gt; 0), then EPSILON in place of 0
 * b[i] ← b[i] · (n[i] / q), then 0 in place of values below float64's ε when clipSmall
 * </pre>
 *
 * with the same float operations in the same order (no fused multiply-add), so the results are the
 * same bits. The plain loop summed ‖ΔB‖² in double, a chain of dependent additions that held each
 * entry to one at a time; without that sum the divisions run a vector at a time. Load this class
 * only when {@link io.facerecon.linalg.VectorSupport#AVAILABLE} is true.
 */
final class VectorMultiplicativeStep {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Adding it changes no value; it gives the JIT a vector of known class to store (see {@link io.facerecon.linalg.VectorSupport}). */
  private static final FloatVector NEG_ZERO = FloatVector.broadcast(SPECIES, -0f);

  /** Calls of the warm-up: enough for the JIT to compile {@link #update} with its intrinsics. */
  private static final int WARM_UP_CALLS = 2000;

  private VectorMultiplicativeStep() {}

  /**
   * Runs the kernel on small arrays, with and without each penalty and the clipping, until the JIT
   * has had reason to compile it: before that the Vector API runs interpreted, allocating an object
   * per vector operation, and a fit's first updates would pay for it. Results do not change.
   */
  static void warmUp() {
    int size = 64 * SPECIES.length() + 3;
    float[] b = new float[size];
    float[] n = new float[size];
    float[] d = new float[size];
    for (int call = 0; call < WARM_UP_CALLS; call++) {
      Arrays.fill(b, 1f);
      Arrays.fill(n, 0.5f);
      Arrays.fill(d, call % 7 == 0 ? 0f : 2f);
      update(b, n, d, 0, size, call % 5 == 1 ? 0.25f : 0f, call % 5 == 2 ? 0.5f : 0f, call % 3 == 0);
    }
  }

  /**
   * Updates {@code b[from, to)} in place from the numerator {@code n} and the denominator {@code d}
   * (before the penalty), as the class comment says.
   */
  static void update(float[] b, float[] n, float[] d, int from, int to, float l1, float l2, boolean clipSmall) {
    int i = from;
    for (int end = from + SPECIES.loopBound(to - from); i < end; i += SPECIES.length()) {
      FloatVector old = FloatVector.fromArray(SPECIES, b, i);
      FloatVector q = FloatVector.fromArray(SPECIES, d, i);
      if (l1 > 0) {
        q = q.lanewise(VectorOperators.ADD, l1);
      }
      if (l2 > 0) {
        q = q.lanewise(VectorOperators.ADD, old.lanewise(VectorOperators.MUL, l2));
      }
      q = q.blend(FactorUpdate.EPSILON, q.compare(VectorOperators.EQ, 0f));
      FloatVector ratio = FloatVector.fromArray(SPECIES, n, i).lanewise(VectorOperators.DIV, q);
      FloatVector updated = old.lanewise(VectorOperators.MUL, ratio);
      if (clipSmall) {
        updated = updated.blend(0f, updated.compare(VectorOperators.LT, FactorUpdate.FLOAT64_EPSILON));
      }
      NEG_ZERO.add(updated).intoArray(b, i);
    }
    for (; i < to; i++) {
      b[i] = MultiplicativeUpdate.updated(b[i], n[i], d[i], l1, l2, 1, clipSmall);
    }
  }
}
