package io.facerecon.testing;

/**
 * Lee and Seung's multiplicative rule for the Frobenius loss in double precision, codes first as
 * scikit-learn updates them: a plain reference for tests of the fitted factors.
 *
 * <pre>
 * H ← H ⊙ ((Wᵀ·V) ⊘ (Wᵀ·W·H)),  then  W ← W ⊙ ((V·Hᵀ) ⊘ (W·H·Hᵀ))
 * </pre>
 */
public final class PlainMultiplicativeRule {
  private PlainMultiplicativeRule() {}

  /** W (pixels × k) and H (k × images). */
  public record Factors(double[][] w, double[][] h) {}

  /**
   * One iteration of the rule from {@code w} and {@code h} for data {@code v} (pixels × images).
   *
   * @return the updated factors (the arguments are left as they were)
   */
  public static Factors iterate(double[][] v, double[][] w, double[][] h) {
    double[][] wt = transpose(w);
    double[][] h1 = scaled(h, product(wt, v), product(product(wt, w), h));
    double[][] h1t = transpose(h1);
    double[][] w1 = scaled(w, product(v, h1t), product(w, product(h1, h1t)));
    return new Factors(w1, h1);
  }

  /** a·b. */
  public static double[][] product(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int t = 0; t < b.length; t++) {
        for (int j = 0; j < b[0].length; j++) {
          c[i][j] += a[i][t] * b[t][j];
        }
      }
    }
    return c;
  }

  /** aᵀ. */
  public static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  /** factor ⊙ (numerator ⊘ denominator). */
  private static double[][] scaled(double[][] factor, double[][] numerator, double[][] denominator) {
    double[][] r = new double[factor.length][factor[0].length];
    for (int i = 0; i < r.length; i++) {
      for (int j = 0; j < r[0].length; j++) {
        r[i][j] = factor[i][j] * (numerator[i][j] / denominator[i][j]);
      }
    }
    return r;
  }
}
