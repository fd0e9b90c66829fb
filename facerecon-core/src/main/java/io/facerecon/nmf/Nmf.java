package io.facerecon.nmf;

import io.facerecon.io.BadInputException;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.ParallelGemm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Non-negative matrix factorisation V ≈ W·H with everything scikit-learn's {@code NMF} does and
 * the same numbers: solvers {@code mu} (any β-divergence) and {@code cd} (Fast-HALS),
 * initialisations random, NNDSVD, NNDSVDa, NNDSVDar and custom, L1/L2 regularisation, and
 * scikit-learn's stopping tests.
 *
 * <p><b>Layout.</b> V is pixels × images (one image per column), W is pixels × k (its columns are
 * the basis images) and H is k × images (the codes), as in Lee and Seung and the study.
 * scikit-learn factorises X = Vᵀ ≈ W_sk·H_sk, so its {@code components_} (H_sk) is our Wᵀ and its
 * {@code fit_transform} / {@code transform} result (W_sk) is our Hᵀ. Each iteration updates the
 * codes first, then the basis, as scikit-learn updates its W then its H.
 *
 * <p>The data is held as Vᵀ, and also as V when small ({@link NmfData}); the basis reads V when held.
 * The products with the data are split by rows of their results across the threads of the
 * caller's {@link ExecutionContext} (see {@link ParallelGemm}). Results are deterministic for a
 * given seed and thread count.
 */
public final class Nmf {
  /** Errors are computed (and MU's tolerance tested) every this many iterations, as scikit-learn. */
  public static final int CHECK_EVERY = 10;

  private static final System.Logger LOG = System.getLogger(Nmf.class.getName());

  private final NmfOptions options;
  private final NmfProgress progress;

  /**
   * An NMF with these options and no progress reporting.
   *
   * @param options the fit's settings
   */
  public Nmf(NmfOptions options) {
    this(options, NmfProgress.NONE);
  }

  private Nmf(NmfOptions options, NmfProgress progress) {
    this.options = options;
    this.progress = progress;
  }

  /**
   * The same NMF reporting its progress to {@code listener}.
   *
   * @param listener told of each iteration
   * @return a new NMF with the same options
   */
  public Nmf withProgress(NmfProgress listener) {
    return new Nmf(options, listener);
  }

  /**
   * The options.
   *
   * @return the options
   */
  public NmfOptions options() {
    return options;
  }

  /**
   * Fits V with the options' initialisation (which must not be {@code CUSTOM}).
   *
   * @param data V, pixels × images, non-negative
   * @return the fit
   */
  public NmfFit fit(NmfData data) {
    return fitWithInit(data);
  }

  private NmfFit fitWithInit(NmfData data) {
    InitMethod init = options.effectiveInit(data.pixels(), data.images());
    if (init == InitMethod.CUSTOM) {
      throw new BadInputException("init custom needs starting W and H: use fit(data, w0, h0)");
    }
    long start = System.nanoTime();
    checkData(data);
    int k = options.components();
    if (init.usesSvd() && k > Math.min(data.pixels(), data.images())) {
      throw new BadInputException(
          "init " + init.name().toLowerCase() + " needs k <= min(pixels, images) = "
              + Math.min(data.pixels(), data.images()) + ", got k = " + k + "; use init random");
    }
    FloatMatrix wt = FloatMatrix.zeros(k, data.pixels());
    FloatMatrix h = FloatMatrix.zeros(k, data.images());
    Initialization.initialize(data, init, options.seed(), wt, h);
    return run(data, wt, h, init, start);
  }

  /**
   * Fits V from the given starting factors (scikit-learn's {@code init='custom'}).
   *
   * @param data V, pixels × images, non-negative
   * @param w0 starting basis, pixels × k, non-negative, not all zero
   * @param h0 starting codes, k × images, non-negative, not all zero
   * @return the fit
   */
  public NmfFit fit(NmfData data, FloatMatrix w0, FloatMatrix h0) {
    checkData(data);
    int k = options.components();
    checkStart("initial W", w0, data.pixels(), k);
    checkStart("initial H", h0, k, data.images());
    return run(data, w0.transpose(), h0.copy(), InitMethod.CUSTOM, System.nanoTime());
  }

  private void checkData(NmfData data) {
    if (options.betaLoss().beta() <= 0 && data.min() == 0) {
      throw new BadInputException(
          "beta loss " + options.betaLoss().label() + " (beta <= 0) needs strictly positive data, "
              + "but V contains zeros; add a small value to V or use a beta loss > 0");
    }
  }

  private static void checkStart(String name, FloatMatrix m, int rows, int cols) {
    if (m.rows() != rows || m.cols() != cols) {
      throw new BadInputException(
          name + " has shape " + m.rows() + "x" + m.cols() + ", expected " + rows + "x" + cols);
    }
    long bad = 0;
    int first = -1;
    boolean anyPositive = false;
    for (int i = 0, n = m.size(); i < n; i++) {
      float v = m.get(i);
      if (!(v >= 0) || Float.isInfinite(v)) {
        bad++;
        first = first < 0 ? i : first;
      } else if (v > 0) {
        anyPositive = true;
      }
    }
    if (bad > 0) {
      throw new BadInputException(
          name + " must be finite and non-negative, but has " + bad + " bad values; the first is "
              + m.get(first) + " at row " + first / cols + ", column " + first % cols);
    }
    if (!anyPositive) {
      throw new BadInputException(name + " is all zeros");
    }
  }

  private NmfFit run(NmfData data, FloatMatrix wt, FloatMatrix h, InitMethod init, long startNanos) {
    List<String> warnings = new ArrayList<>();
    if (options.solver() == Solver.MU && init == InitMethod.NNDSVD) {
      warnings.add(
          "the mu solver cannot update the zeros of an nndsvd initialisation, which gives poorer "
              + "results; try init nndsvda or nndsvdar");
    }
    Iterations loop = new Iterations(data, options, true, progress);
    Iterations.Outcome outcome = loop.run(wt, h, startNanos);
    if (!outcome.converged()) {
      warnings.add(
          "maximum number of iterations " + options.maxIterations()
              + " reached; increase it to improve convergence");
    }
    // Said where a user sees it, as scikit-learn's ConvergenceWarning, and kept in the fit.
    warnings.forEach(w -> LOG.log(System.Logger.Level.WARNING, "NMF: " + w));
    Divergence.Value last = new Divergence(data.pixels(), data.images()).compute(data, wt, h, options.betaLoss());
    NmfModel model = new NmfModel(wt, options);
    return new NmfFit(
        model, h, outcome.iterations(), last.beta(), last.error(),
        Math.sqrt(last.squaredFrobenius() / data.squaredNorm()), outcome.history(),
        outcome.converged(), List.copyOf(warnings));
  }

  /**
   * The codes of new images with the basis fixed (scikit-learn's {@code transform}): starts from
   * √(mean(V)/k) everywhere (mu) or zeros (cd) and updates only H, with the model's solver,
   * loss, regularisation, tolerance and iteration limit.
   */
  static FloatMatrix transform(NmfModel model, NmfData data, NmfProgress progress) {
    NmfOptions o = model.options();
    FloatMatrix wt = model.components();
    if (wt.cols() != data.pixels()) {
      throw new BadInputException(
          "the model's basis images have " + wt.cols() + " pixels, the data have " + data.pixels());
    }
    FloatMatrix h = FloatMatrix.zeros(o.components(), data.images());
    if (o.solver() == Solver.MU) {
      h.fill((float) Math.sqrt(data.mean() / o.components()));
    }
    new Iterations(data, o, false, progress).run(wt, h, System.nanoTime());
    return h;
  }

  /** The iteration loop shared by fit (both factors) and transform (codes only). */
  private static final class Iterations {
    record Outcome(int iterations, List<NmfFit.ErrorPoint> history, boolean converged) {}

    private final NmfData data;
    private final NmfOptions o;
    private final boolean updateBasis;
    private final NmfProgress progress;
    private final FactorUpdate codesStep;
    private final FactorUpdate basisStep;
    private final Divergence divergence;

    Iterations(NmfData data, NmfOptions o, boolean updateBasis, NmfProgress progress) {
      this.data = data;
      this.o = o;
      this.updateBasis = updateBasis;
      this.progress = progress;
      int m = data.pixels();
      int n = data.images();
      int k = o.components();
      Penalty codesPenalty = Penalty.of(o.effectiveAlphaH(), o.l1Ratio(), m);
      Penalty basisPenalty = Penalty.of(o.alphaW(), o.l1Ratio(), n);
      if (o.solver() == Solver.CD) {
        SplittableRandom shuffler = o.shuffle() ? new SplittableRandom(o.seed()) : null;
        codesStep = new HalsUpdate(k, m, n, Side.CODES, false, codesPenalty, o.accelerated(), shuffler);
        basisStep = new HalsUpdate(
            k, n, m, Side.BASIS, data.basisDataTransposed(), basisPenalty, o.accelerated(), shuffler);
      } else {
        MultiplicativeUpdate.Workspace w = MultiplicativeUpdate.workspaceFor(o.betaLoss(), m, n);
        codesStep = new MultiplicativeUpdate(
            k, m, n, Side.CODES, false, codesPenalty, o.betaLoss(), o.accelerated(), w);
        basisStep = new MultiplicativeUpdate(
            k, n, m, Side.BASIS, data.basisDataTransposed(), basisPenalty, o.betaLoss(), o.accelerated(), w);
      }
      divergence = new Divergence(m, n);
    }

    Outcome run(FloatMatrix wt, FloatMatrix h, long startNanos) {
      boolean mu = o.solver() == Solver.MU;
      double errorAtInit;
      if (o.betaLoss().isFrobenius()) {
        // The codes' first update needs these products anyway; they give the error for free.
        codesStep.computeProducts(wt, data.vt());
        errorAtInit = Math.sqrt(codesStep.squaredError(data.squaredNorm(), h));
      } else {
        errorAtInit = divergence.compute(data, wt, h, o.betaLoss()).error();
      }
      List<NmfFit.ErrorPoint> history = new ArrayList<>();
      history.add(new NmfFit.ErrorPoint(0, errorAtInit, seconds(startNanos)));
      double previousError = errorAtInit;
      double error = Double.NaN;
      double firstViolation = 0;
      int iteration = 0;
      boolean stopped = false;
      while (iteration < o.maxIterations() && !stopped) {
        iteration++;
        boolean productsValid = o.betaLoss().isFrobenius() && (iteration == 1 || !updateBasis);
        double violation = codesStep.update(wt, data.vt(), h, productsValid);
        if (updateBasis) {
          violation += basisStep.update(h, data.basisData(), wt, false);
        }
        if (iteration % CHECK_EVERY == 0) {
          error = currentError(wt, h);
          history.add(new NmfFit.ErrorPoint(iteration, error, seconds(startNanos)));
          if (mu && o.tol() > 0) {
            stopped = (previousError - error) / errorAtInit < o.tol();
            previousError = error;
          }
        }
        if (!mu) {
          if (iteration == 1) {
            firstViolation = violation;
          }
          stopped = firstViolation == 0 || violation / firstViolation <= o.tol();
        }
        progress.iteration(iteration, o.maxIterations(), error);
      }
      boolean converged = !(iteration == o.maxIterations() && o.tol() > 0);
      return new Outcome(iteration, List.copyOf(history), converged);
    }

    private static double seconds(long startNanos) {
      return (System.nanoTime() - startNanos) / 1e9;
    }

    /** √(2·D_β) now: from the last update's products for β = 2, else by a pass over the data. */
    private double currentError(FloatMatrix wt, FloatMatrix h) {
      if (o.betaLoss().isFrobenius()) {
        double squared =
            updateBasis
                ? basisStep.squaredError(data.squaredNorm(), wt)
                : codesStep.squaredError(data.squaredNorm(), h);
        return Math.sqrt(squared);
      }
      return divergence.compute(data, wt, h, o.betaLoss()).error();
    }
  }
}
