package io.facerecon.nn;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;

import io.facerecon.linalg.FloatMatrix;
import java.util.List;

/**
 * Adam exactly as {@code torch.optim.Adam} (amsgrad off, not maximising). At step t = 1, 2, … each
 * parameter value θ with gradient g moves as
 *
 * <pre>
 * g ← g + λ·θ                                 (only when the weight decay λ ≠ 0)
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g²
 * θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * with m and v starting at 0. ε is added after the bias correction of v, as PyTorch does; the
 * corrections are computed in double, the updates in float.
 */
public final class Adam {
  /** The largest weight decay λ: (λ·1)² is then still a finite float. */
  private static final double MAX_WEIGHT_DECAY = Math.sqrt(Float.MAX_VALUE);

  /**
   * Hyper-parameters.
   *
   * @param lr learning rate, &gt; 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator, ≥ 0
   * @param weightDecay L2 penalty added to the gradient, ≥ 0
   */
  public record Settings(double lr, double beta1, double beta2, double eps, double weightDecay) {
    /**
     * Checks the ranges.
     *
     * @param lr learning rate, &gt; 0 and at most float's largest value
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps added to the denominator, ≥ 0
     * @param weightDecay L2 penalty added to the gradient, ≥ 0 and at most √(float's largest
     *     value) ≈ 1.8e19, beyond which the squared gradient of a weight of 1 overflows
     * @throws io.facerecon.io.InvalidParameterException naming the first value out of range
     */
    public Settings {
      if (!(lr > 0) || Double.isInfinite(lr)) {
        throw new InvalidParameterException("lr", "(learning rate) must be > 0, got " + lr);
      }
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new InvalidParameterException("betas", "must be in [0, 1), got " + beta1 + ", " + beta2);
      }
      if (!(eps >= 0) || !(weightDecay >= 0)) {
        throw new InvalidParameterException(eps >= 0 ? "weightDecay" : "eps",
            "must be >= 0, got " + (eps >= 0 ? weightDecay : eps));
      }
      if (lr > Float.MAX_VALUE) {
        throw new InvalidParameterException("lr",
            "(learning rate) must be at most " + Float.MAX_VALUE + " (float's largest value: the updates"
                + " are computed in float), got " + lr);
      }
      if (weightDecay > MAX_WEIGHT_DECAY) {
        throw new InvalidParameterException("weightDecay",
            "must be at most " + (float) MAX_WEIGHT_DECAY + ": the squared gradient (λ·θ)² of a weight of 1"
                + " would overflow float, got " + weightDecay);
      }
    }

    /**
     * PyTorch's defaults (β = (0.9, 0.999), ε = 1e-8, no weight decay) with learning rate
     * {@code lr}.
     *
     * @param lr learning rate, &gt; 0
     * @return the settings
     */
    public static Settings defaults(double lr) {
      return new Settings(lr, 0.9, 0.999, 1e-8, 0);
    }
  }

  private final List<Parameter> parameters;
  private final Settings settings;
  private final FloatMatrix[] firstMoments;
  private final FloatMatrix[] secondMoments;
  private long step;

  /**
   * An optimiser of {@code parameters} with zero moments, at step 0.
   *
   * @param parameters the parameters it updates, in the order of their moments
   * @param settings the hyper-parameters
   */
  public Adam(List<Parameter> parameters, Settings settings) {
    this.parameters = List.copyOf(parameters);
    this.settings = settings;
    this.firstMoments = new FloatMatrix[parameters.size()];
    this.secondMoments = new FloatMatrix[parameters.size()];
    for (int i = 0; i < parameters.size(); i++) {
      firstMoments[i] = FloatMatrix.zeros(1, parameters.get(i).size());
      secondMoments[i] = FloatMatrix.zeros(1, parameters.get(i).size());
    }
  }

  /**
   * The hyper-parameters.
   *
   * @return the settings given at construction
   */
  public Settings settings() {
    return settings;
  }

  /**
   * Steps taken so far (PyTorch's {@code state['step']}).
   *
   * @return t, the exponent of the bias corrections at the last step
   */
  public long stepCount() {
    return step;
  }

  /**
   * The parameters, in the order of {@link #firstMoment(int)}.
   *
   * @return an unmodifiable list
   */
  public List<Parameter> parameters() {
    return parameters;
  }

  /**
   * PyTorch's {@code exp_avg} of parameter {@code i} (shared, for checkpoints).
   *
   * @param i the parameter's index in {@link #parameters()}
   * @return m, one value per parameter value
   */
  public FloatMatrix firstMoment(int i) {
    return firstMoments[i];
  }

  /**
   * PyTorch's {@code exp_avg_sq} of parameter {@code i} (shared, for checkpoints).
   *
   * @param i the parameter's index in {@link #parameters()}
   * @return v, one value per parameter value
   */
  public FloatMatrix secondMoment(int i) {
    return secondMoments[i];
  }

  /**
   * Restores the step count (with the moments, to continue a checkpointed run).
   *
   * @param steps the steps taken before the checkpoint, ≥ 0
   */
  public void restoreStepCount(long steps) {
    if (steps < 0) {
      throw new BadInputException("Adam step count must be >= 0, got " + steps);
    }
    this.step = steps;
  }

  /** One update of every parameter from its current gradient: t grows by one, then the formulas above. */
  public void step() {
    step++;
    float beta1 = (float) settings.beta1();
    float beta2 = (float) settings.beta2();
    float oneMinusBeta1 = (float) (1 - settings.beta1());
    float oneMinusBeta2 = (float) (1 - settings.beta2());
    float decay = (float) settings.weightDecay();
    double biasCorrection1 = 1 - Math.pow(settings.beta1(), step);
    double biasCorrection2 = 1 - Math.pow(settings.beta2(), step);
    float stepSize = (float) -(settings.lr() / biasCorrection1);
    float correction2Sqrt = (float) Math.sqrt(biasCorrection2);
    float eps = (float) settings.eps();
    for (int p = 0; p < parameters.size(); p++) {
      FloatMatrix theta = parameters.get(p).value();
      FloatMatrix grad = parameters.get(p).grad();
      FloatMatrix m = firstMoments[p];
      FloatMatrix v = secondMoments[p];
      for (int i = 0, n = theta.size(); i < n; i++) {
        float g = grad.get(i);
        float t = theta.get(i);
        if (decay != 0f) {
          g = g + decay * t;
        }
        float mi = m.get(i) * beta1 + oneMinusBeta1 * g;
        float vi = v.get(i) * beta2 + oneMinusBeta2 * g * g;
        m.set(i, mi);
        v.set(i, vi);
        float denom = (float) Math.sqrt(vi) / correction2Sqrt + eps;
        theta.set(i, t + stepSize * mi / denom);
      }
    }
  }
}
