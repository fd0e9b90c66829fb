package io.facerecon.nmf;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mini-batch NMF (Lefèvre, Bach and Févotte 2011; Févotte and Idier 2011), exactly as
 * scikit-learn's {@code MiniBatchNMF} (1.1+): the data is visited a batch of images at a time, so a
 * fit can run over a {@link FaceStream} holding one batch in memory, not the data set.
 *
 * <h2>Layout</h2>
 *
 * V is pixels × images, W pixels × k (the basis images in its columns), H k × images (the codes),
 * as in {@link Nmf}. scikit-learn factorises X = Vᵀ ≈ W_sk·H_sk: its {@code components_} H_sk is our
 * Wᵀ and its codes W_sk (rows per image) our Hᵀ. Like scikit-learn, this estimator takes and returns
 * images as rows: {@link #fit(FloatMatrix)} and {@link #transform(FloatMatrix)} take X (images ×
 * pixels), {@link #transform} returns Hᵀ (images × k), {@link #components()} is Wᵀ (k × pixels).
 *
 * <h2>One step, on batch b</h2>
 *
 * With V_b (pixels × |b|) the batch's images, H_b their codes, ⊙ ⊘ and powers element-wise,
 * γ = 1/(2 − β) for β &lt; 1, 1/(β − 1) for β &gt; 2, else 1 ({@link BetaLoss#gamma}), ε float32's
 * machine epsilon:
 *
 * <ol>
 *   <li><b>Codes.</b> H_b ← H_b ⊙ (N_H ⊘ (Q_H + l1_H + l2_H·H_b))^γ once, from the codes the batch
 *       had ({@link MultiplicativeUpdate}), with
 *       <pre>
 * N_H = Wᵀ((WH_b)^(β−2) ⊙ V_b)      Q_H = Wᵀ(WH_b)^(β−1)      (β = 2: WᵀV_b and WᵀW·H_b)
 * </pre>
 *       or, with {@code freshRestarts} (and always in {@link #partialFit}), solved from scratch by
 *       those updates ({@link MiniBatchCodes}: start √(mean(V_b)/k), stop at ‖ΔH_b‖/‖H_b‖ ≤ tol or
 *       {@code freshRestartsMaxIter}). For β &lt; 1, codes below float64's ε become 0.
 *   <li><b>Cost.</b> cost_b = (D_β(V_b ‖ WH_b) + l1_H·ΣH_b + l2_H·ΣH_b² + l1_W·ΣW + l2_W·ΣW²) / |b|,
 *       W still the step's starting basis.
 *   <li><b>Basis</b>, through the accumulators A, B (k × pixels; A₀ = the initial Wᵀ, B₀ = ones)
 *       that decay by ρ = forgetFactor^(batch size / images) per step:
 *       <pre>
 * N = H_b((W H_b)^(β−2) ⊙ V_b)ᵀ      Q = H_b((W H_b)^(β−1))ᵀ + l1_W + l2_W·Wᵀ   (0 → ε)
 *                                    (β = 2: N = H_bV_bᵀ, Q = H_bH_bᵀWᵀ + …; β = 1: Q[t,·] = Σ_i H_b[t,i], 0 → 1)
 * Wᵀ ← Wᵀ^(1/γ)
 * A  ← ρ·A + Wᵀ ⊙ N
 * B  ← ρ·B + Q
 * Wᵀ ← (A ⊘ B)^γ
 * </pre>
 *       then, for β ≤ 1, entries below float64's ε become 0. With ρ = 0 this is one plain
 *       multiplicative update of W on the batch.
 * </ol>
 *
 * The penalties are those of {@link NmfOptions} scaled per step: l1_H = alphaH·l1Ratio·pixels,
 * l2_H = alphaH·(1 − l1Ratio)·pixels for the codes, l1_W = alphaW·l1Ratio·|b| and
 * l2_W = alphaW·(1 − l1Ratio)·|b| for the basis (scikit-learn's {@code alpha_W} is our alphaH, its
 * {@code alpha_H} our alphaW).
 *
 * <h2>The loop and its stopping rules</h2>
 *
 * Batches are the images [0, s), [s, 2s), … with s = min(batchSize, images), the last possibly
 * shorter, visited in that order and cycled (no shuffling: from the same start the path is
 * scikit-learn's), at most {@code maxIterations · ⌈images/s⌉} steps. After each step from the second
 * on, ewa ← cost (second step) or ewa·(1 − α) + cost·α with α = min(|b| / (images + 1), 1); the fit
 * stops when ‖Wᵀ − Wᵀ_previous‖/‖Wᵀ‖ ≤ tol (tol &gt; 0), or when ewa has set no new minimum for
 * {@code maxNoImprovement} steps ({@link MiniBatchStopping}). {@link #nSteps()} counts steps,
 * {@link #nIter()} the passes started, ⌈steps/⌈images/s⌉⌉. With fresh restarts the codes of all
 * images are then solved together with W fixed ({@code transformMaxIter}); without them they are
 * the codes the steps left. The reported error is √(2·D_β(V ‖ WH)) over all images
 * ({@code reconstruction_err_}), computed in a last pass.
 *
 * <h2>Starts and streams</h2>
 *
 * The initialisation is scikit-learn's {@code init} ({@link NmfOptions#effectiveInit}; its default
 * is nndsvda when k ≤ min(pixels, images)). A fit of data in memory ({@link #fit(FaceSet)},
 * {@link #fit(FloatMatrix)}) computes it from all images, as scikit-learn's {@code fit}, then runs
 * the same loop over {@link FaceStream#of(FaceSet)} as a streamed fit. A streamed fit
 * ({@link #fit(FaceStream)}) reads the data once first (to check it and take its mean) and starts
 * from {@code init} random (which needs only that mean) or from given factors: the SVD-based starts
 * need a randomized SVD of all images at once, which a stream does not hold, and are refused rather
 * than silently computed from part of the data. {@link #partialFit}, scikit-learn's out-of-core
 * path, starts from its first chunk with any {@code init}, as scikit-learn's {@code partial_fit}
 * does.
 *
 * <p>{@link #partialFit} runs one step on the given images as one batch: the codes are always
 * solved from scratch, ρ is that of the first call (forgetFactor^(min(batchSize, m) / m) for its m
 * images) or of the fit before it, whose basis and accumulators it continues.
 */
public final class MiniBatchNmf {
  private final MiniBatchNmfOptions options;
  private MiniBatchProgress progress = MiniBatchProgress.NONE;
  private MiniBatchNmfFit fit;
  /** The current basis Wᵀ and accumulators, shared by fit and partialFit; null before either. */
  private FloatMatrix wt;
  private MiniBatchStep.Accumulators accumulators;
  private int steps;
  private int height;
  private int width;
  private NmfModel model;
  /** The step of the last {@link #partialFit}, kept for the next chunk of the same size. */
  private MiniBatchStep partialStep;

  /**
   * A mini-batch NMF with these options ({@link MiniBatchNmfOptions#defaults} for scikit-learn's).
   *
   * @param options the settings
   */
  public MiniBatchNmf(MiniBatchNmfOptions options) {
    this.options = options;
  }

  /**
   * Reports each step of the fits that follow to {@code listener}.
   *
   * @param listener told of each step
   * @return this estimator
   */
  public MiniBatchNmf withProgress(MiniBatchProgress listener) {
    this.progress = listener;
    return this;
  }

  /**
   * The options.
   *
   * @return the options
   */
  public MiniBatchNmfOptions options() {
    return options;
  }

  /**
   * Fits the faces, the initialisation computed from all of them; the model records their size.
   *
   * @param faces the faces
   * @return this estimator
   */
  public MiniBatchNmf fit(FaceSet faces) {
    return fitInMemory(faces, null, null, true);
  }

  /**
   * Fits the faces from the starting factors (scikit-learn's {@code init='custom'}).
   *
   * @param faces the faces
   * @param w0 starting basis, pixels × k (scikit-learn's H transposed)
   * @param h0 starting codes, k × images (scikit-learn's W transposed)
   * @return this estimator
   */
  public MiniBatchNmf fit(FaceSet faces, FloatMatrix w0, FloatMatrix h0) {
    return fitInMemory(faces, w0, h0, true);
  }

  /**
   * Fits X (images × pixels, scikit-learn's layout).
   *
   * @param x the images, one per row, non-negative
   * @return this estimator
   */
  public MiniBatchNmf fit(FloatMatrix x) {
    return fitInMemory(rows(x), null, null, false);
  }

  /**
   * Fits X (images × pixels) from the starting factors.
   *
   * @param x the images, one per row, non-negative
   * @param w0 starting basis, pixels × k
   * @param h0 starting codes, k × images
   * @return this estimator
   */
  public MiniBatchNmf fit(FloatMatrix x, FloatMatrix w0, FloatMatrix h0) {
    return fitInMemory(rows(x), w0, h0, false);
  }

  /**
   * Fits the faces of a stream, reading one batch at a time; starts with {@code init} random (or
   * custom: use {@link #fit(FaceStream, FloatMatrix, FloatMatrix)}).
   *
   * @param faces the stream, read from start to end once per pass plus twice
   * @return this estimator
   * @throws IOException if the stream cannot be read
   * @throws InvalidParameterException ({@code init}) for an SVD-based initialisation, explicit or
   *     scikit-learn's default
   */
  public MiniBatchNmf fit(FaceStream faces) throws IOException {
    fitStream(faces, null, null, null, true);
    return this;
  }

  /**
   * Fits the faces of a stream from the starting factors, reading one batch at a time.
   *
   * @param faces the stream
   * @param w0 starting basis, pixels × k
   * @param h0 starting codes, k × images
   * @return this estimator
   * @throws IOException if the stream cannot be read
   */
  public MiniBatchNmf fit(FaceStream faces, FloatMatrix w0, FloatMatrix h0) throws IOException {
    fitStream(faces, w0, h0, null, true);
    return this;
  }

  /**
   * Fits the faces and returns their codes, images × k (scikit-learn's {@code fit_transform}).
   *
   * @param faces the faces
   * @return Hᵀ, images × k
   */
  public FloatMatrix fitTransform(FaceSet faces) {
    return fit(faces).codes().transpose();
  }

  /**
   * One step on the images {@code x} (images × pixels) as one batch (scikit-learn's
   * {@code partial_fit}); the first call, if no fit came before, initialises from {@code x}.
   *
   * @param x a chunk of images, one per row, non-negative
   * @return this estimator
   */
  public MiniBatchNmf partialFit(FloatMatrix x) {
    return partialFit(x, null, null);
  }

  /**
   * {@link #partialFit(FloatMatrix)} whose first call starts from given factors (scikit-learn's
   * {@code partial_fit(X, W=..., H=...)} with {@code init='custom'}); later calls ignore them.
   *
   * @param x a chunk of images, one per row, non-negative
   * @param w0 starting basis, pixels × k
   * @param h0 starting codes of the chunk, k × images (checked, then unused: the codes are solved)
   * @return this estimator
   */
  public MiniBatchNmf partialFit(FloatMatrix x, FloatMatrix w0, FloatMatrix h0) {
    NmfOptions o = options.nmf();
    int k = o.components();
    int images = x.rows();
    if (wt != null && x.cols() != wt.cols()) {
      throw new BadInputException("the images have " + x.cols() + " pixels, the model's basis images " + wt.cols());
    }
    MiniBatchScan scan = MiniBatchScan.of(x);
    FloatMatrix basis = wt;
    MiniBatchStep.Accumulators acc = accumulators;
    if (basis == null) {
      checkData(scan, options.batchSizeFor(images));
      basis = FloatMatrix.zeros(k, x.cols());
      if (w0 != null || h0 != null) {
        requireBoth(w0, h0);
        Nmf.checkStart("initial W", w0, x.cols(), k);
        Nmf.checkStart("initial H", h0, k, images);
        basis.copyFrom(w0.transpose());
      } else {
        InitMethod init = o.effectiveInit(x.cols(), images);
        requireCustomFactors(init);
        requireSvdRank(init, x.cols(), images);
        Initialization.initialize(NmfData.ofImagesByPixels(x), init, o.seed(), basis, FloatMatrix.zeros(k, images));
      }
      acc = new MiniBatchStep.Accumulators(basis, options.rho(images));
      steps = 0;
    }
    if (partialStep == null || partialStep.rows() != images) {
      partialStep = new MiniBatchStep(options, x.cols(), images, MiniBatchStep.workspace(options, x.cols(), images));
    }
    double cost = partialStep.run(x, scan.mean(), scan.squaredNorm(), null, basis, acc);
    requireFinite("the batch cost", cost, images, scan);
    requireFinite("the sum of the basis W", sum(basis), images, scan);
    wt = basis;
    accumulators = acc;
    steps++;
    model = null;
    return this;
  }

  /**
   * The codes of images with the basis fixed (scikit-learn's {@code transform}, its
   * {@code _solve_W}), images × k.
   *
   * @param x the images, one per row, non-negative
   * @return Hᵀ, images × k
   */
  public FloatMatrix transform(FloatMatrix x) {
    try {
      return transform(FaceStream.of(rows(x)));
    } catch (IOException e) {
      throw new UncheckedIOException("reading images in memory cannot fail", e);
    }
  }

  /**
   * The codes of a stream's images with the basis fixed, images × k, reading one batch at a time.
   *
   * @param faces the stream
   * @return Hᵀ, images × k
   * @throws IOException if the stream cannot be read
   */
  public FloatMatrix transform(FaceStream faces) throws IOException {
    NmfModel m = model();
    if (faces.pixelCount() != m.pixels()) {
      throw new BadInputException(
          "the model's basis images have " + m.pixels() + " pixels, the stream's images " + faces.pixelCount());
    }
    FloatMatrix batch = FloatMatrix.zeros(options.batchSizeFor(faces.size()), faces.pixelCount());
    MiniBatchScan scan = MiniBatchScan.of(faces, batch);
    Nmf.checkSettings(options.nmf(), faces.size(), faces.pixelCount(), scan.max(), false);
    return MiniBatchCodes.solve(faces, scan, m.components(), options.nmf(), batch, options.effectiveTransformMaxIter());
  }

  /**
   * The images (images × pixels) that codes (images × k) stand for: codes · components.
   *
   * @param codes Hᵀ, images × k
   * @return the images, images × pixels
   */
  public FloatMatrix inverseTransform(FloatMatrix codes) {
    if (codes.cols() != options.components()) {
      throw new BadInputException("codes have " + codes.cols() + " columns, expected k = " + options.components());
    }
    return Blas.multiply(false, codes, false, model().components());
  }

  /**
   * Wᵀ, k × pixels: row t is basis image t (scikit-learn's {@code components_}).
   *
   * @return the components
   */
  public FloatMatrix components() {
    return model().components();
  }

  /**
   * W, pixels × k: column t is basis image t (a copy).
   *
   * @return a copy of W
   */
  public FloatMatrix basis() {
    return model().basis();
  }

  /**
   * H, k × images: the codes of the last fit's images.
   *
   * @return H of the last fit
   */
  public FloatMatrix codes() {
    return lastFit().fit().codes();
  }

  /**
   * Passes over the data the last fit started (scikit-learn's {@code n_iter_}).
   *
   * @return the pass count
   */
  public int nIter() {
    return lastFit().fit().iterations();
  }

  /**
   * Mini-batches processed by the last fit and the {@link #partialFit} calls since (scikit-learn's
   * {@code n_steps_}).
   *
   * @return the step count
   */
  public int nSteps() {
    requireFitted();
    return steps;
  }

  /**
   * √(2·D_β(V ‖ WH)) after the last fit (scikit-learn's {@code reconstruction_err_}).
   *
   * @return the reconstruction error
   */
  public double reconstructionErr() {
    return lastFit().fit().reconstructionError();
  }

  /**
   * The current model, which transforms, reconstructs and saves without the estimator.
   *
   * @return the model
   */
  public NmfModel model() {
    requireFitted();
    if (model == null) {
      NmfModel m = new NmfModel(wt.copy(), options);
      model = height == 0 ? m : m.withImageSize(height, width);
    }
    return model;
  }

  /**
   * Everything the last fit reported.
   *
   * @return the last fit
   * @throws IllegalStateException before a fit
   */
  public MiniBatchNmfFit lastFit() {
    if (fit == null) {
      throw new IllegalStateException("this MiniBatchNMF is not fitted yet: call fit first");
    }
    return fit;
  }

  /**
   * The codes H (k × images) of a mini-batch model's images, as {@link NmfModel#transform} runs
   * them: {@link MiniBatchCodes} for complete data; data with missing entries is coded by the
   * weighted updates of {@link Nmf}, which MiniBatchNMF does not have.
   */
  static FloatMatrix transform(NmfModel model, MiniBatchNmfOptions options, NmfData data, NmfProgress progress) {
    if (data.hasMissing()) {
      return Nmf.transform(model, data, progress);
    }
    if (model.pixels() != data.pixels()) {
      throw new BadInputException(
          "the model's basis images have " + model.pixels() + " pixels, the data have " + data.pixels());
    }
    Nmf.checkSettings(options.nmf(), data, false);
    FaceStream faces = FaceStream.of(rows(data.vt()));
    FloatMatrix batch = FloatMatrix.zeros(options.batchSizeFor(data.images()), data.pixels());
    try {
      MiniBatchScan scan = MiniBatchScan.of(faces, batch);
      return MiniBatchCodes.solve(faces, scan, model.components(), options.nmf(), batch,
          options.effectiveTransformMaxIter()).transpose();
    } catch (IOException e) {
      throw new UncheckedIOException("reading images in memory cannot fail", e);
    }
  }

  private MiniBatchNmf fitInMemory(FaceSet faces, FloatMatrix w0, FloatMatrix h0, boolean imageSize) {
    try {
      fitStream(FaceStream.of(faces), w0, h0, faces, imageSize);
    } catch (IOException e) {
      throw new UncheckedIOException("reading images in memory cannot fail", e);
    }
    return this;
  }

  /**
   * The fit; {@code inMemory} holds the same images when they are in memory (SVD-based starts);
   * {@code imageSize}: the stream's height and width are those of real images, for the model.
   */
  private void fitStream(FaceStream stream, FloatMatrix w0, FloatMatrix h0, FaceSet inMemory, boolean imageSize)
      throws IOException {
    long start = System.nanoTime();
    NmfOptions o = options.nmf();
    int k = o.components();
    int n = stream.size();
    int pixels = stream.pixelCount();
    int batchSize = options.batchSizeFor(n);
    FloatMatrix batch = FloatMatrix.zeros(Math.max(1, batchSize), pixels);
    MiniBatchScan scan = MiniBatchScan.of(stream, batch);
    checkData(scan, batchSize);
    FloatMatrix basis = FloatMatrix.zeros(k, pixels);
    FloatMatrix h = FloatMatrix.zeros(k, n);
    start(scan, w0, h0, inMemory, basis, h);
    MiniBatchRun run = new MiniBatchRun(options, stream, scan, basis, h.transpose(), batch);
    List<MiniBatchNmfFit.CostPoint> costs = new ArrayList<>();
    boolean done = false;
    while (!done) {
      done = run.step();
      requireFinite("the batch cost of step " + run.steps(), run.lastCost(), batchSize, scan);
      progress.step(run.steps(), run.maxSteps(), run.lastCost(), run.ewa());
      if (done || run.steps() % run.stepsPerPass() == 0) {
        costs.add(new MiniBatchNmfFit.CostPoint(run.steps(), run.lastCost(), run.ewa(), seconds(start)));
      }
    }
    FloatMatrix codesT = options.freshRestarts()
        ? MiniBatchCodes.solve(stream, scan, basis, o, batch, options.effectiveTransformMaxIter())
        : run.codesT();
    requireFinite("the sum of the basis W", sum(basis), batchSize, scan);
    Divergence.Value error = error(stream, basis, codesT, batch);
    requireFinite("the error after step " + run.steps(), error.error(), batchSize, scan);
    boolean converged = !(run.passes() == o.maxIterations() && o.tol() > 0);
    List<String> warnings = converged ? List.of()
        : List.of("maximum number of iterations " + o.maxIterations() + " reached; increase it to improve convergence");
    wt = basis;
    accumulators = run.accumulators();
    steps = run.steps();
    height = imageSize ? stream.height() : 0;
    width = imageSize ? stream.width() : 0;
    model = null;
    NmfFit nmfFit = new NmfFit(model(), codesT.transpose(), run.passes(), error.beta(), error.error(),
        Math.sqrt(error.squaredFrobenius() / scan.squaredNorm()),
        List.of(new NmfFit.ErrorPoint(run.passes(), error.error(), seconds(start))), converged, warnings);
    fit = new MiniBatchNmfFit(nmfFit, run.steps(), run.stop(), List.copyOf(costs), scan.squaredNorm());
  }

  /**
   * Fills the starting Wᵀ and H of a fit: the given factors, scikit-learn's {@code init} computed
   * from all images in memory ({@code inMemory}), or for a stream the random start, which needs
   * only the data's mean.
   */
  private void start(MiniBatchScan scan, FloatMatrix w0, FloatMatrix h0, FaceSet inMemory, FloatMatrix basis,
      FloatMatrix h) {
    NmfOptions o = options.nmf();
    int pixels = basis.cols();
    int n = h.cols();
    if (w0 != null || h0 != null) {
      requireBoth(w0, h0);
      Nmf.checkStart("initial W", w0, pixels, o.components());
      Nmf.checkStart("initial H", h0, o.components(), n);
      basis.copyFrom(w0.transpose());
      h.copyFrom(h0);
      return;
    }
    InitMethod init = o.effectiveInit(pixels, n);
    requireCustomFactors(init);
    if (!init.usesSvd()) {
      // The random start needs only the data's mean: the scan's, as a float (scikit-learn's mean
      // of float32 data is a float32 too).
      Initialization.random((float) scan.mean(), o.seed(), basis, h);
      return;
    }
    if (inMemory == null) {
      throw new InvalidParameterException("init",
          init.name().toLowerCase(Locale.ROOT) + (o.init() == null ? " (scikit-learn's default for k <= min(pixels, images))" : "")
              + " needs a randomized SVD of all images at once, which a streamed fit does not hold;"
              + " start it with init random or from given factors (init custom), fit the images in memory,"
              + " or use partialFit, which initialises from its first chunk as scikit-learn's partial_fit does");
    }
    requireSvdRank(init, pixels, n);
    Initialization.initialize(NmfData.ofImagesByPixels(inMemory.pixels()), init, o.seed(), basis, h);
  }

  /** D_β(V ‖ WH) and ‖V − WH‖² over the stream, batch by batch. */
  private Divergence.Value error(FaceStream stream, FloatMatrix basis, FloatMatrix codesT, FloatMatrix batch)
      throws IOException {
    int n = stream.size();
    Divergence divergence = new Divergence(stream.pixelCount(), batch.rows());
    double beta = 0;
    double frobenius = 0;
    for (int first = 0; first < n; first += batch.rows()) {
      int rows = Math.min(batch.rows(), n - first);
      FloatMatrix x = batch.rowRange(0, rows);
      stream.read(first, x);
      Divergence.Value v = divergence.compute(x, basis, codesT.rowRange(first, first + rows), options.nmf().betaLoss());
      beta += v.beta();
      frobenius += v.squaredFrobenius();
    }
    return new Divergence.Value(beta, frobenius);
  }

  /** Data a β-divergence can take, and settings within float's range. */
  private void checkData(MiniBatchScan scan, int batchImages) {
    NmfOptions o = options.nmf();
    if (o.betaLoss().beta() <= 0 && scan.min() == 0) {
      throw new BadInputException(
          "beta loss " + o.betaLoss().label() + " (beta <= 0) needs strictly positive data, "
              + "but the images contain zeros; add a small value to them or use a beta loss > 0");
    }
    Nmf.checkSettings(o, batchImages, scan.pixels(), scan.max(), true);
  }

  /** Stops a fit whose numbers stopped being finite, naming the setting that most likely caused it. */
  private void requireFinite(String what, double value, int batchImages, MiniBatchScan scan) {
    if (!Double.isFinite(value)) {
      throw Nmf.diverged(options.nmf(), true, batchImages, scan.pixels(), scan.max(), what + " is " + value);
    }
  }

  /** Σ of a non-negative matrix in double: finite exactly when every entry is. */
  private static double sum(FloatMatrix m) {
    double s = 0;
    for (int i = 0, n = m.size(); i < n; i++) {
      s += m.get(i);
    }
    return s;
  }

  private static void requireBoth(FloatMatrix w0, FloatMatrix h0) {
    if (w0 == null || h0 == null) {
      throw new InvalidParameterException("init", "custom needs both starting factors, W (pixels x k) and H (k x images)");
    }
  }

  private static void requireCustomFactors(InitMethod init) {
    if (init == InitMethod.CUSTOM) {
      throw new InvalidParameterException("init", "custom needs starting W and H: pass them to fit or partialFit");
    }
  }

  private void requireSvdRank(InitMethod init, int pixels, int images) {
    int k = options.components();
    if (init.usesSvd() && k > Math.min(pixels, images)) {
      throw new InvalidParameterException("init",
          init.name().toLowerCase(Locale.ROOT) + " needs k <= min(pixels, images) = " + Math.min(pixels, images)
              + ", got k = " + k + "; use init random");
    }
  }

  private void requireFitted() {
    if (wt == null) {
      throw new IllegalStateException("this MiniBatchNMF is not fitted yet: call fit or partialFit first");
    }
  }

  /** Images as rows (images × pixels) seen as faces of one row of pixels each. */
  private static FaceSet rows(FloatMatrix x) {
    return FaceSet.unlabelled(x, 1, x.cols());
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
