package io.facerecon.nn;

import java.util.SplittableRandom;

/**
 * PyTorch's default parameter initialisation, drawn from a seeded generator: weights from
 * {@code kaiming_uniform_(a=√5)}, i.e. U(±1/√fan_in), biases from U(±1/√fan_in).
 *
 * <p>PyTorch's own random stream cannot be reproduced in Java, so the distributions match but the
 * numbers do not; to replay a PyTorch run, load its initial weights instead.
 */
public final class Init {
  private final SplittableRandom random;

  /**
   * An initialiser whose draws depend only on {@code seed} and the order of calls.
   *
   * @param seed the generator's seed
   */
  public Init(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** {@code kaiming_uniform_(w, a=√5)}: gain √(2/(1+5)), bound gain·√(3/fan_in) = 1/√fan_in. */
  void kaimingUniform(Parameter weight, int fanIn) {
    uniform(weight, 1.0 / Math.sqrt(fanIn));
  }

  /** PyTorch's bias initialisation, U(±1/√fan_in). */
  void biasUniform(Parameter bias, int fanIn) {
    uniform(bias, 1.0 / Math.sqrt(fanIn));
  }

  private void uniform(Parameter p, double bound) {
    float[] values = new float[p.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble(-bound, bound);
    }
    p.set(values);
  }
}
