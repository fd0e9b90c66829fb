package io.facerecon.decomposition;

import io.facerecon.io.InvalidParameterException;

/**
 * How many components a fit keeps, as scikit-learn's {@code n_components}: a number k, the fewest
 * components whose explained variance ratios add up to more than a fraction f in (0, 1) (PCA with
 * the full solver), or all of them (min(images, pixels)).
 */
public final class ComponentCount {
  private final int count;
  private final double fraction;

  private ComponentCount(int count, double fraction) {
    this.count = count;
    this.fraction = fraction;
  }

  /**
   * Exactly {@code k} components.
   *
   * @param k the number of components, at least 1
   * @return the count
   * @throws InvalidParameterException if {@code k} is below 1
   */
  public static ComponentCount of(int k) {
    if (k < 1) {
      throw new InvalidParameterException("k", "(number of components) must be >= 1, got " + k);
    }
    return new ComponentCount(k, Double.NaN);
  }

  /**
   * The fewest components whose explained variance ratios add up to more than {@code fraction}
   * (scikit-learn: {@code searchsorted(cumsum(ratios), fraction, side='right') + 1}).
   *
   * @param fraction the share of the variance to explain, strictly between 0 and 1
   * @return the count
   * @throws InvalidParameterException if {@code fraction} is not in (0, 1)
   */
  public static ComponentCount varianceFraction(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new InvalidParameterException(
          "varianceFraction", "must be strictly between 0 and 1, got " + fraction);
    }
    return new ComponentCount(0, fraction);
  }

  /**
   * All min(images, pixels) components (scikit-learn's {@code n_components=None}).
   *
   * @return the count
   */
  public static ComponentCount all() {
    return new ComponentCount(0, Double.NaN);
  }

  /**
   * Whether this is a fixed number of components.
   *
   * @return true for {@link #of}
   */
  public boolean isFixed() {
    return count > 0;
  }

  /**
   * Whether this is a variance fraction.
   *
   * @return true for {@link #varianceFraction}
   */
  public boolean isFraction() {
    return !Double.isNaN(fraction);
  }

  /**
   * The fixed number of components.
   *
   * @return k, or 0 if this count is not fixed
   */
  public int fixed() {
    return count;
  }

  /**
   * The variance fraction.
   *
   * @return the fraction, or NaN if this count is not a fraction
   */
  public double fraction() {
    return fraction;
  }

  /**
   * The number of components a matrix of the given size allows at most: all of them for {@link
   * #all}, else the fixed k (which must not exceed it) or the bound for a fraction.
   *
   * @param images rows of the data
   * @param pixels columns of the data
   * @return the number of components to compute
   * @throws InvalidParameterException if a fixed k exceeds min(images, pixels)
   */
  int upperBound(int images, int pixels) {
    int min = Math.min(images, pixels);
    if (isFixed() && count > min) {
      throw new InvalidParameterException(
          "k", "(number of components) must be at most min(images, pixels) = " + min + " for "
              + images + " images of " + pixels + " pixels, got " + count);
    }
    return isFixed() ? count : min;
  }

  @Override
  public String toString() {
    return isFixed() ? Integer.toString(count) : isFraction() ? Double.toString(fraction) : "all";
  }
}
