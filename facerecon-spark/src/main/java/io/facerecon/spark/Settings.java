package io.facerecon.spark;

import io.facerecon.nmf.BetaLoss;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import java.io.Serializable;

/** The fit's settings in a form Spark can ship to executors: core's {@link NmfOptions}, Frobenius. */
record Settings(
    int k, Solver solver, InitMethod init, int maxIterations, double tol, long seed, double alphaW, double alphaH,
    double l1Ratio) implements Serializable {

  static Settings of(NmfOptions o) {
    return new Settings(
        o.components(), o.solver(), o.init(), o.maxIterations(), o.tol(), o.seed(), o.alphaW(), o.alphaH(),
        o.l1Ratio());
  }

  NmfOptions options() {
    return new NmfOptions(k, solver, BetaLoss.FROBENIUS, init, maxIterations, tol, seed, alphaW, alphaH, l1Ratio,
        false, false);
  }
}
