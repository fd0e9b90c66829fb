package io.facerecon.nmf;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;

import java.util.Locale;

/**
 * The β-divergence that NMF minimises: β = 2 is (half) the squared Frobenius distance, β = 1 the
 * generalised Kullback–Leibler divergence, β = 0 the Itakura–Saito divergence; any other real β
 * is allowed with the multiplicative-update solver.
 *
 * @param beta the β of the divergence
 */
public record BetaLoss(double beta) {
  /** β = 2: {@code ½‖V − WH‖²_F}. */
  public static final BetaLoss FROBENIUS = new BetaLoss(2);
  /** β = 1: generalised Kullback–Leibler. */
  public static final BetaLoss KULLBACK_LEIBLER = new BetaLoss(1);
  /** β = 0: Itakura–Saito. */
  public static final BetaLoss ITAKURA_SAITO = new BetaLoss(0);

  /**
   * Checks that β is finite.
   *
   * @param beta the β of the divergence
   * @throws InvalidParameterException if {@code beta} is NaN or infinite
   */
  public BetaLoss {
    if (!Double.isFinite(beta)) {
      throw new InvalidParameterException("betaLoss", "must be a finite number, got " + beta);
    }
  }

  /**
   * Parses scikit-learn's names ({@code frobenius}, {@code kullback-leibler},
   * {@code itakura-saito}) or a number.
   *
   * @param text a name or a number, e.g. "frobenius" or "1.5"
   * @return the loss
   */
  public static BetaLoss parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "frobenius":
        return FROBENIUS;
      case "kullback-leibler":
      case "kl":
        return KULLBACK_LEIBLER;
      case "itakura-saito":
      case "is":
        return ITAKURA_SAITO;
      default:
        try {
          return new BetaLoss(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
          throw new InvalidParameterException("betaLoss",
              "must be frobenius, kullback-leibler, itakura-saito or a number, got '"
                  + text + "'");
        }
    }
  }

  /**
   * True for β = 2, the only loss coordinate descent handles.
   *
   * @return true if β is 2
   */
  public boolean isFrobenius() {
    return beta == 2;
  }

  /**
   * The exponent of the multiplicative update (Févotte and Idier 2011) that guarantees a
   * monotone decrease: 1/(2−β) for β &lt; 1, 1/(β−1) for β &gt; 2, otherwise 1.
   *
   * @return the update exponent
   */
  public double gamma() {
    if (beta < 1) {
      return 1 / (2 - beta);
    }
    if (beta > 2) {
      return 1 / (beta - 1);
    }
    return 1;
  }

  /**
   * scikit-learn's name for this loss, or the number.
   *
   * @return the name, or β as a number
   */
  public String label() {
    if (beta == 2) {
      return "frobenius";
    }
    if (beta == 1) {
      return "kullback-leibler";
    }
    if (beta == 0) {
      return "itakura-saito";
    }
    return Double.toString(beta);
  }
}
