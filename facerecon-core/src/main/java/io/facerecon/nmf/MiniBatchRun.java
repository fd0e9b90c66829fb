package io.facerecon.nmf;

import io.facerecon.data.FaceStream;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;

/**
 * The loop of a mini-batch fit over a stream (scikit-learn's {@code MiniBatchNMF._fit_transform}),
 * one {@link #step} at a time: batches are the images [0, b), [b, 2b), …, the last possibly
 * shorter, taken in that order and cycled, at most {@code maxIterations · ⌈n/b⌉} steps. Memory is
 * one batch, the factors and the accumulators; the codes Hᵀ (images × k) are kept only without
 * fresh restarts, where each step continues its batch's codes.
 */
final class MiniBatchRun {
  private final FaceStream stream;
  private final MiniBatchScan scan;
  private final FloatMatrix wt;
  private final FloatMatrix codesT;
  private final MiniBatchStep.Accumulators accumulators;
  private final MiniBatchStep full;
  private final MiniBatchStep last;
  private final MiniBatchStopping stopping;
  private final FloatMatrix batch;
  private final FloatMatrix previous;
  private final int batchSize;
  private final int stepsPerPass;
  private final int maxSteps;
  private int steps;
  private double lastCost = Double.NaN;
  private MiniBatchNmfFit.Stop stop;

  /**
   * A run from the basis {@code wt} (k × pixels, updated in place) and the codes {@code codesT}
   * (images × k, updated in place; ignored with fresh restarts), reading into {@code batch}
   * (batch size × pixels).
   */
  MiniBatchRun(MiniBatchNmfOptions options, FaceStream stream, MiniBatchScan scan, FloatMatrix wt,
      FloatMatrix codesT, FloatMatrix batch) {
    int n = stream.size();
    int pixels = stream.pixelCount();
    this.stream = stream;
    this.scan = scan;
    this.wt = wt;
    this.codesT = options.freshRestarts() ? null : codesT;
    this.batchSize = options.batchSizeFor(n);
    this.batch = batch;
    this.accumulators = new MiniBatchStep.Accumulators(wt, options.rho(n));
    MultiplicativeUpdate.Workspace workspace = MiniBatchStep.workspace(options, pixels, batchSize);
    this.full = new MiniBatchStep(options, pixels, batchSize, workspace);
    this.last = n % batchSize == 0 ? full : new MiniBatchStep(options, pixels, n % batchSize, workspace);
    this.stopping = new MiniBatchStopping(options.nmf().tol(), options.maxNoImprovement(), n);
    this.previous = wt.copy();
    this.stepsPerPass = (n + batchSize - 1) / batchSize;
    this.maxSteps = Math.multiplyExact(options.nmf().maxIterations(), stepsPerPass);
  }

  /**
   * Runs the next step.
   *
   * @return true when the fit is over: a stopping rule fired or the last step ran
   */
  boolean step() throws IOException {
    int n = stream.size();
    int first = (steps % stepsPerPass) * batchSize;
    int rows = Math.min(batchSize, n - first);
    FloatMatrix x = batch.rowRange(0, rows);
    stream.read(first, x);
    FloatMatrix codes = codesT == null ? null : codesT.rowRange(first, first + rows);
    lastCost = (rows == batchSize ? full : last)
        .run(x, scan.mean(first, rows), scan.squaredNorm(first, rows), codes, wt, accumulators);
    steps++;
    stop = stopping.after(steps, rows, lastCost, MiniBatchCodes.relativeChange(wt, previous));
    previous.copyFrom(wt);
    if (stop == null && steps == maxSteps) {
      stop = MiniBatchNmfFit.Stop.MAX_ITER;
    }
    return stop != null;
  }

  /** Steps run (scikit-learn's {@code n_steps_}). */
  int steps() {
    return steps;
  }

  /** Passes over the data started (scikit-learn's {@code n_iter_}): ⌈steps / steps per pass⌉. */
  int passes() {
    return (steps + stepsPerPass - 1) / stepsPerPass;
  }

  int maxSteps() {
    return maxSteps;
  }

  int stepsPerPass() {
    return stepsPerPass;
  }

  /** The last step's batch cost. */
  double lastCost() {
    return lastCost;
  }

  /** The exponentially weighted cost; NaN before the second step. */
  double ewa() {
    return stopping.ewa();
  }

  /** Why the run ended, or null while it goes on. */
  MiniBatchNmfFit.Stop stop() {
    return stop;
  }

  FloatMatrix wt() {
    return wt;
  }

  /** Hᵀ, images × k; null with fresh restarts. */
  FloatMatrix codesT() {
    return codesT;
  }

  MiniBatchStep.Accumulators accumulators() {
    return accumulators;
  }
}
