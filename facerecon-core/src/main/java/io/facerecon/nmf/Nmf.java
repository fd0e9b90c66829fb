package io.facerecon.nmf;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.NumpyRandomState;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.ParallelGemm;
import java.util.ArrayList;
import java.util.List;

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
 *
 * <p><b>Finite numbers.</b> Settings whose arithmetic would overflow float are refused before the
 * fit starts: a penalty that, scaled by the other dimension, exceeds
 * float's range, or a β whose powers of the data do. During the fit every error check (each
 * {@link #CHECK_EVERY} iterations, and the start) tests the error, and the end tests the factors,
 * for NaN and infinity; a fit that diverges stops with an {@link InvalidParameterException}
 * naming the setting that most likely caused it ({@code alphaW} or {@code alphaH} when
 * regularised, {@code betaLoss} when not Frobenius), else a {@link BadInputException} about the
 * data. A non-finite factor is never returned.
 *
 * <p><b>Missing values.</b> Data with missing entries ({@link NmfData#withMissing}) is fitted by
 * the weighted multiplicative updates of {@link MaskedMultiplicativeUpdate} (solver {@code mu},
 * any β, the same order, penalties and safeguards), and the error, its history and the stopping
 * test count observed entries only ({@link Divergence}; for β = 2 from the updates' own products,
 * {@link MaskedMultiplicativeUpdate#squaredError}). The {@code cd} solver cannot fit such
 * data (every pixel and every image would need its own Gram matrix each iteration) and is refused,
 * naming {@code mu}. {@link NmfModel#transform} of such data codes each image from its observed
 * pixels with the basis fixed — which is inpainting: {@link NmfModel#inverseTransform} of the codes
 * fills the missing pixels — by the weighted updates (mu) or by exact coordinate descent with
 * each image's own Gram matrix (cd, {@link MaskedCodes}).
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
   * Checks, without fitting, that these options can fit {@code data}: what {@link #fit(NmfData)}
   * checks before its first iteration (data a β-divergence can take, settings whose arithmetic stays
   * within float). For callers that show progress or start other work only for a fit that can run.
   *
   * @param data the data to fit
   * @throws io.facerecon.io.BadInputException naming the data or the parameter that cannot be used
   */
  public void validate(NmfData data) {
    checkData(data);
    checkSettings(options, data, true);
  }

  /**
   * Gets NMF's SIMD kernels compiled by the JIT ahead of the first fit, on the calling thread: the
   * products' ({@link Blas#warmUp}) and the multiplicative update's element-wise
   * step; a no-op without the Vector API. Run it beside work that does not compute (reading
   * images), so that a fit's first iterations do not run interpreted; otherwise the first fit runs
   * it. Results do not change.
   */
  public static void warmUp() {
    Blas.warmUp();
    MultiplicativeUpdate.warmUp();
  }

  /**
   * Gets the SIMD kernels of the weighted updates for data with missing values compiled by the JIT
   * ahead of the first fit or transform of such data, on the calling thread; a no-op without the
   * Vector API. Run it beside work that does not compute (reading images), as {@link
   * io.facerecon.linalg.Blas#warmUp}, so that a fit's first iterations do not run interpreted.
   * Results do not change.
   */
  public static void warmUpMasked() {
    MaskedCorrection.warmUp();
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
    checkSettings(options, data, true);
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
    checkSettings(options, data, true);
    int k = options.components();
    checkStart("initial W", w0, data.pixels(), k);
    checkStart("initial H", h0, k, data.images());
    return run(data, w0.transpose(), h0.copy(), InitMethod.CUSTOM, System.nanoTime());
  }

  private void checkData(NmfData data) {
    if (data.hasMissing() && options.solver() == Solver.CD) {
      throw new InvalidParameterException("solver",
          "cd cannot fit data with missing values (" + (data.pixels() * (long) data.images() - data.observedCount())
              + " missing entries): use the mu solver, whose weighted multiplicative updates skip them");
    }
    if (options.betaLoss().beta() <= 0 && data.min() == 0) {
      throw new BadInputException(
          "beta loss " + options.betaLoss().label() + " (beta <= 0) needs strictly positive data, "
              + "but V contains zeros; add a small value to V or use a beta loss > 0");
    }
  }

  static void checkStart(String name, FloatMatrix m, int rows, int cols) {
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
    requireFinite(options, true, data, wt, "the basis W", outcome.iterations());
    requireFinite(options, true, data, h, "the codes H", outcome.iterations());
    Divergence.Value last = new Divergence(data.pixels(), data.images()).compute(data, wt, h, options.betaLoss());
    if (!Double.isFinite(last.error())) {
      throw diverged(options, true, data, "the error is " + last.error() + " after iteration " + outcome.iterations());
    }
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
    checkSettings(o, data, false);
    FloatMatrix h = FloatMatrix.zeros(o.components(), data.images());
    if (data.hasMissing() && o.solver() == Solver.CD) {
      MaskedCodes.solve(wt, data, o, h);
      requireFinite(o, false, data, h, "the codes H", 0);
      return h;
    }
    if (o.solver() == Solver.MU) {
      h.fill((float) Math.sqrt(data.mean() / o.components()));
    }
    Iterations.Outcome outcome = new Iterations(data, o, false, progress).run(wt, h, System.nanoTime());
    requireFinite(o, false, data, h, "the codes H", outcome.iterations());
    return h;
  }

  /**
   * Refuses settings whose arithmetic overflows float on this data, naming the setting: a
   * penalty that, scaled as scikit-learn scales it (the basis penalty by the number of images, the
   * codes penalty by the number of pixels), exceeds float's largest value; a β &gt; 2 whose power
   * β − 1 of values up to twice the data's largest (at least 2) does; a β &lt; 1 whose power β − 2
   * of EPSILON (the smallest value the updates put in place of a zero) does.
   *
   * @param o the settings
   * @param data the data the fit or transform runs on
   * @param updateBasis whether the basis is fitted too (else only the codes' penalty matters)
   */
  static void checkSettings(NmfOptions o, NmfData data, boolean updateBasis) {
    checkSettings(o, data.images(), data.pixels(), max(data.vt()), updateBasis);
  }

  /**
   * {@link #checkSettings(NmfOptions, NmfData, boolean)} for data known by its size and largest
   * value (a stream); {@code images} is the count the basis penalty is scaled by.
   */
  static void checkSettings(NmfOptions o, int images, int pixels, float largest, boolean updateBasis) {
    if (updateBasis) {
      checkPenalty("alphaW", o.alphaW(), images, "images");
    }
    double alphaH = o.effectiveAlphaH();
    checkPenalty(Double.isNaN(o.alphaH()) ? "alphaW" : "alphaH", alphaH, pixels, "pixels");
    double beta = o.betaLoss().beta();
    if (beta > 2) {
      double top = 2 * Math.max(1, largest);
      double power = Math.pow(top, beta - 1);
      if (!(power <= Float.MAX_VALUE)) {
        throw new InvalidParameterException("betaLoss",
            o.betaLoss().label() + " is too large: the multiplicative updates raise WH to the power "
                + (beta - 1) + ", which overflows float already at " + top
                + " (twice the data's largest value, at least 2); use a beta loss of at most "
                + (1 + Math.floor(Math.log(Float.MAX_VALUE) / Math.log(top))));
      }
    } else if (beta < 1) {
      double power = Math.pow(FactorUpdate.EPSILON, beta - 2);
      if (!(power <= Float.MAX_VALUE)) {
        throw new InvalidParameterException("betaLoss",
            o.betaLoss().label() + " is too small: the multiplicative updates raise WH to the power "
                + (beta - 2) + ", which overflows float at " + FactorUpdate.EPSILON
                + " (the value that stands in for zero); use a beta loss of at least "
                + (2 + Math.ceil(Math.log(Float.MAX_VALUE) / Math.log(FactorUpdate.EPSILON))));
      }
    }
  }

  private static void checkPenalty(String name, double alpha, int scale, String what) {
    double scaled = alpha * scale;
    if (!(scaled <= Float.MAX_VALUE)) {
      throw new InvalidParameterException(name,
          alpha + " is too large: scaled by the " + scale + " " + what + " as scikit-learn scales it, "
              + "the penalty is " + scaled + ", beyond float's largest value " + Float.MAX_VALUE);
    }
  }

  private static float max(FloatMatrix m) {
    float top = 0;
    for (int i = 0, n = m.size(); i < n; i++) {
      top = Math.max(top, m.get(i));
    }
    return top;
  }

  /** Throws {@link #diverged} if {@code m} holds a NaN or infinity. */
  private static void requireFinite(
      NmfOptions o, boolean updateBasis, NmfData data, FloatMatrix m, String name, int iterations) {
    for (int i = 0, n = m.size(); i < n; i++) {
      if (!Float.isFinite(m.get(i))) {
        throw diverged(o, updateBasis, data, name + " holds " + m.get(i) + " after iteration " + iterations);
      }
    }
  }

  /**
   * The error for a fit whose numbers stopped being finite, naming the setting that most likely
   * caused it: the penalty when regularised, β when not Frobenius, else the data.
   */
  static BadInputException diverged(NmfOptions o, boolean updateBasis, NmfData data, String what) {
    return diverged(o, updateBasis, data.images(), data.pixels(), max(data.vt()), what);
  }

  /** {@link #diverged(NmfOptions, boolean, NmfData, String)} for data known by its size and largest value. */
  static BadInputException diverged(
      NmfOptions o, boolean updateBasis, int images, int pixels, float largest, String what) {
    String fit = updateBasis ? "the fit" : "the transform";
    double alphaW = updateBasis ? o.alphaW() : 0;
    double alphaH = o.effectiveAlphaH();
    if (alphaW > 0 || alphaH > 0) {
      boolean basis = alphaW * images >= alphaH * pixels;
      String name = basis || Double.isNaN(o.alphaH()) ? "alphaW" : "alphaH";
      double value = basis ? alphaW : alphaH;
      return new InvalidParameterException(name,
          value + " is too large: " + fit + " diverged (" + what + "); try a smaller value");
    }
    if (!o.betaLoss().isFrobenius()) {
      return new InvalidParameterException("betaLoss",
          o.betaLoss().label() + " made " + fit + " diverge (" + what
              + "); try a beta loss closer to 1 or 2");
    }
    return new BadInputException(
        "NMF: " + fit + " diverged (" + what + ") with no regularisation and the frobenius loss: the data"
            + " (largest value " + largest + ") or the starting factors are too large for float"
            + " arithmetic; scale them to [0, 1]");
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
    /** The data as the basis step reads it ({@link NmfData#basisData}); null when only the codes are fitted. */
    private final FloatMatrix basisData;
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
      if (data.hasMissing()) {
        codesStep = new MaskedMultiplicativeUpdate(k, Side.CODES, data, codesPenalty, o.betaLoss());
        basisStep = new MaskedMultiplicativeUpdate(k, Side.BASIS, data, basisPenalty, o.betaLoss());
      } else if (o.solver() == Solver.CD) {
        NumpyRandomState shuffler = o.shuffle() ? new NumpyRandomState(o.seed()) : null;
        codesStep = new HalsUpdate(k, m, n, Side.CODES, false, codesPenalty, o.accelerated(), shuffler);
        basisStep = new HalsUpdate(
            k, n, m, Side.BASIS, data.basisDataTransposed(k), basisPenalty, o.accelerated(), shuffler);
      } else {
        MultiplicativeUpdate.Workspace w = MultiplicativeUpdate.workspaceFor(o.betaLoss(), m, n);
        codesStep = new MultiplicativeUpdate(
            k, m, n, Side.CODES, false, codesPenalty, o.betaLoss(), o.accelerated(), w);
        basisStep = new MultiplicativeUpdate(
            k, n, m, Side.BASIS, data.basisDataTransposed(k), basisPenalty, o.betaLoss(), o.accelerated(), w);
      }
      basisData = updateBasis ? data.basisData(k) : null;
      divergence = new Divergence(m, n);
    }

    Outcome run(FloatMatrix wt, FloatMatrix h, long startNanos) {
      boolean masked = data.hasMissing();
      boolean mu = o.solver() == Solver.MU || masked;
      double errorAtInit;
      if (o.betaLoss().isFrobenius()) {
        // The codes' first update needs these products anyway; they give the error for free.
        codesStep.computeProducts(wt, data.vt());
        errorAtInit = Math.sqrt(codesStep.squaredError(data.squaredNorm(), h));
      } else {
        errorAtInit = divergence.compute(data, wt, h, o.betaLoss()).error();
      }
      if (!Double.isFinite(errorAtInit)) {
        throw diverged(o, updateBasis, data, "the error at the start is " + errorAtInit);
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
        boolean productsValid = masked
            ? !updateBasis
            : o.betaLoss().isFrobenius() && (iteration == 1 || !updateBasis);
        double violation = codesStep.update(wt, data.vt(), h, productsValid);
        if (updateBasis) {
          violation += basisStep.update(h, basisData, wt, false);
        }
        if (iteration % CHECK_EVERY == 0) {
          error = currentError(wt, h);
          if (!Double.isFinite(error)) {
            throw diverged(o, updateBasis, data, "the error is " + error + " at iteration " + iteration);
          }
          history.add(new NmfFit.ErrorPoint(iteration, error, seconds(startNanos)));
          if (mu && o.tol() > 0) {
            stopped = (previousError - error) / errorAtInit < o.tol();
            previousError = error;
          }
        }
        if (!mu) {
          if (!Double.isFinite(violation)) {
            throw diverged(o, updateBasis, data,
                "the projected gradient is " + violation + " at iteration " + iteration);
          }
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
