package io.facerecon.nmf;

/**
 * The L1 and L2 penalties on one factor, already scaled as scikit-learn scales them.
 *
 * @param l1 weight of the factor's L1 norm
 * @param l2 weight of half its squared L2 norm
 */
record Penalty(double l1, double l2) {
  static final Penalty NONE = new Penalty(0, 0);

  /**
   * The penalty of a factor regularised by {@code alpha}, whose other dimension (the one it is
   * not indexed by) has {@code otherSize} entries.
   */
  static Penalty of(double alpha, double l1Ratio, int otherSize) {
    return new Penalty(otherSize * alpha * l1Ratio, otherSize * alpha * (1 - l1Ratio));
  }
}
