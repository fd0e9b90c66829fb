package io.facerecon.study;

import java.util.Arrays;

/**
 * A training history: a quantity (e.g. training loss per epoch, reconstruction error every 10
 * iterations) at a sequence of steps.
 *
 * @param name what is measured, e.g. "training loss (MSE)"
 * @param stepUnit what a step is, e.g. "epoch" or "iteration"
 * @param steps the step at which each value was recorded, increasing
 * @param values the recorded values
 */
public record Curve(String name, String stepUnit, double[] steps, double[] values) {
  /**
   * Checks that steps and values pair up, and keeps private copies.
   *
   * @param name what is measured
   * @param stepUnit what a step is
   * @param steps the steps, as many as values
   * @param values the recorded values
   */
  public Curve {
    if (steps.length != values.length) {
      throw new IllegalArgumentException(
          "curve '" + name + "' has " + steps.length + " steps but " + values.length + " values");
    }
    steps = steps.clone();
    values = values.clone();
  }

  /**
   * A curve with one value per step 1, 2, 3, ...
   *
   * @param name what is measured
   * @param stepUnit what a step is
   * @param values the value at each step
   * @return the curve
   */
  public static Curve perStep(String name, String stepUnit, double[] values) {
    double[] steps = new double[values.length];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = i + 1;
    }
    return new Curve(name, stepUnit, steps, values);
  }

  /**
   * The steps (a copy).
   *
   * @return a copy of the steps
   */
  @Override
  public double[] steps() {
    return steps.clone();
  }

  /**
   * The values (a copy).
   *
   * @return a copy of the values
   */
  @Override
  public double[] values() {
    return values.clone();
  }

  /**
   * Number of points.
   *
   * @return the number of points
   */
  public int length() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Curve c
        && name.equals(c.name)
        && stepUnit.equals(c.stepUnit)
        && Arrays.equals(steps, c.steps)
        && Arrays.equals(values, c.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + Arrays.hashCode(steps)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Curve[" + name + ", " + values.length + " points per " + stepUnit + "]";
  }
}
