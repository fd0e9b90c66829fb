package io.facerecon.cli;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.data.NpyLoader;
import io.facerecon.data.Occlusion;
import io.facerecon.io.BadInputException;
import io.facerecon.io.AtomicFiles;
import io.facerecon.io.Npy;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import io.facerecon.nmf.BetaLoss;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.MiniBatchNmf;
import io.facerecon.nmf.MiniBatchNmfFit;
import io.facerecon.nmf.MiniBatchNmfOptions;
import io.facerecon.nmf.MiniBatchProgress;
import io.facerecon.nmf.Nmf;
import io.facerecon.nmf.NmfData;
import io.facerecon.nmf.NmfFit;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.NmfProgress;
import io.facerecon.nmf.Solver;
import io.facerecon.report.ImageGrid;
import io.facerecon.report.OutputDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facerecon nmf}: factorises a face set and writes the factors, figures and results. */
@Command(
    name = "nmf",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Factorise faces V (pixels x images) ~ W (pixels x k) H (k x images), all non-negative, as "
          + "scikit-learn's NMF (whose X is V transposed and components_ is W transposed), or with --minibatch "
          + "as its MiniBatchNMF; with --minibatch --stream the images are read from --data batch by batch, "
          + "never all at once.",
      "Writes results.json, basis.png, reconstructions.png, W.npy, H.npy and model.safetensors "
          + "into --out, which must be new or empty (or, with --overwrite, an earlier facerecon output)."
    })
final class NmfCommand implements Callable<Integer>, ParameterFlags {
  private static final int RECONSTRUCTED = 10;
  private static final int ZOOM = 2;

  @Mixin DataOptions data;

  @Option(names = "--k", defaultValue = "30", paramLabel = "K", description = "Number of basis images (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--solver", paramLabel = "mu|cd",
      description = "mu: multiplicative updates; cd: Fast-HALS coordinate descent (default: cd; mu, the only one, "
          + "with --minibatch).")
  String solver;

  @Option(names = "--beta-loss", defaultValue = "frobenius", paramLabel = "LOSS",
      description = "frobenius, kullback-leibler, itakura-saito or a number (mu only unless frobenius; default: ${DEFAULT-VALUE}).")
  String betaLoss;

  @Option(names = "--init", paramLabel = "INIT",
      description = "random, nndsvd, nndsvda, nndsvdar or custom (start from --w0 and --h0) (default: custom "
          + "when --w0 and --h0 are given, else nndsvda when k <= min(pixels, images), else random).")
  String init;

  @Option(names = "--w0", paramLabel = "FILE.npy",
      description = "Starting basis W0 for --init custom: float32 or float64, shape pixels x k (one basis image "
          + "per column, its pixels row by row), the layout of W.npy. scikit-learn's components_ is its transpose.")
  Path w0;

  @Option(names = "--h0", paramLabel = "FILE.npy",
      description = "Starting codes H0 for --init custom: float32 or float64, shape k x images (one column per "
          + "image, in the order --data loads them), the layout of H.npy. scikit-learn's W is its transpose.")
  Path h0;

  @Option(names = "--max-iter", defaultValue = "200", paramLabel = "N", description = "Iteration limit (default: ${DEFAULT-VALUE}).")
  int maxIter;

  @Option(names = "--tol", defaultValue = "1e-4", paramLabel = "TOL",
      description = "Stopping tolerance; 0 runs exactly --max-iter iterations (default: ${DEFAULT-VALUE}).")
  double tol;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--alpha-w", defaultValue = "0", paramLabel = "A", description = "Regularisation of the basis W (scikit-learn's alpha_H; default: ${DEFAULT-VALUE}).")
  double alphaW;

  @Option(names = "--alpha-h", defaultValue = "same", paramLabel = "A|same",
      description = "Regularisation of the codes H (scikit-learn's alpha_W; default: ${DEFAULT-VALUE} as --alpha-w).")
  String alphaH;

  @Option(names = "--l1-ratio", defaultValue = "0", paramLabel = "R", description = "Share of L1 in the regularisation, 0..1 (default: ${DEFAULT-VALUE}).")
  double l1Ratio;

  @Option(names = "--shuffle", description = "cd: visit the components in a random order each sweep.")
  boolean shuffle;

  @Option(names = "--accelerated",
      description = "Repeat each factor's cheap inner update while it still improves (Gillis and Glineur 2012); frobenius only.")
  boolean accelerated;

  @Option(names = "--minibatch",
      description = "Fit scikit-learn's MiniBatchNMF: multiplicative updates on batches of --batch-size images taken "
          + "in order, the basis through accumulators that forget the past by --forget-factor per pass; --max-iter counts "
          + "passes over the data. Stops when the basis changes by at most --tol in a step, or the smoothed batch cost "
          + "has not improved for --max-no-improvement steps.")
  boolean minibatch;

  @Option(names = "--batch-size", paramLabel = "N", description = "--minibatch: images per batch (default: 1024).")
  Integer batchSize;

  @Option(names = "--forget-factor", paramLabel = "F",
      description = "--minibatch: share of the past the basis keeps per pass over the data, 0..1 (default: 0.7).")
  Double forgetFactor;

  @Option(names = "--fresh-restarts",
      description = "--minibatch: solve each batch's codes from scratch instead of one update of their last values.")
  boolean freshRestarts;

  @Option(names = "--fresh-restarts-max-iter", paramLabel = "N",
      description = "--minibatch: iteration limit of each of those solves (default: 30).")
  Integer freshRestartsMaxIter;

  @Option(names = "--max-no-improvement", paramLabel = "N|none",
      description = "--minibatch: steps without a new minimum of the smoothed cost that stop the fit; none: never "
          + "(default: 10).")
  String maxNoImprovement;

  @Option(names = "--transform-max-iter", paramLabel = "N",
      description = "--minibatch: iteration limit when coding images with the basis fixed (default: --max-iter).")
  Integer transformMaxIter;

  @Option(names = "--stream",
      description = "--minibatch: read the images from --data batch by batch (an .npy in place through memory maps, "
          + "images decoded as each batch is read) instead of loading them, so memory holds one batch, the basis and "
          + "the codes (k x images), not the data; the same numbers as without it. Needs --init random or custom: the "
          + "SVD-based starts need all images at once.")
  boolean stream;

  @Option(names = "--mask", paramLabel = "FILE.npy",
      description = "Missing pixels: a bool or uint8 .npy of shape N x h x w, true (1) = missing, numpy's "
          + "masked-array convention; NaN pixels of an .npy --data are missing too (the union). The mu solver "
          + "then runs its weighted updates over the observed pixels only.")
  Path mask;

  @Mixin ThreadOptions threads;

  @Mixin ProgressOptions progressBars;

  @Mixin OutputFolder out;

  @Override
  public Integer call() throws Exception {
    threads.apply();
    NmfOptions options = options();
    MiniBatchNmfOptions miniBatchOptions = miniBatchOptions(options);
    CustomStart custom = options.init() == InitMethod.CUSTOM ? CustomStart.read(w0, h0) : null;
    try (OutputDirectory dir = out.open("nmf")) {
      // The JIT compiles the updates' kernels (and, given a mask, the weighted updates') while the
      // images are read.
      CompletableFuture<Void> warmUp = CompletableFuture.runAsync(mask == null ? Nmf::warmUp : () -> {
        Nmf.warmUp();
        Nmf.warmUpMasked();
      });
      Fitted fitted = stream
          ? fitStreamed(miniBatchOptions, custom, warmUp) : fitLoaded(options, miniBatchOptions, custom, warmUp);
      NmfFit fit = fitted.fit();
      MiniBatchNmfFit miniBatchFit = fitted.miniBatchFit();
      fit.warnings().forEach(w -> System.err.println("warning: " + w));
      writeOutputs(dir.staging(), fitted, options);
      dir.commit();
      String steps = miniBatchFit == null ? ""
          : String.format(Locale.ROOT, "  minibatch steps %d (%s)", miniBatchFit.steps(),
              miniBatchFit.stop().name().toLowerCase(Locale.ROOT));
      System.out.printf(Locale.ROOT,
          "k %d  solver %s  iterations %d%s  fit %.3f s  relative error %.6f  reconstruction error %.6g%nwrote %s%n",
          k, solverName(), fit.iterations(), steps, fitted.seconds(), fit.relativeError(), fit.reconstructionError(),
          out.dir());
    }
    return 0;
  }

  /**
   * A finished fit with what the outputs need of the data: its size, the first images (for the
   * reconstructions picture), missing values and ‖V‖.
   */
  private record Fitted(NmfFit fit, MiniBatchNmfFit miniBatchFit, double seconds, int images, int height, int width,
      FloatMatrix firstImages, long missingValues, double norm) {}

  /** The fit of the faces loaded into memory, by NMF or MiniBatchNMF. */
  private Fitted fitLoaded(NmfOptions options, MiniBatchNmfOptions miniBatchOptions, CustomStart custom,
      CompletableFuture<Void> warmUp) throws IOException {
    FaceSet faces = loadKeepingNaN();
    warmUp.join();
    MemoryBudget.check("nmf", faces.size(), (long) faces.height() * faces.width(), 2,
        "fit them batch by batch with --minibatch --stream (scikit-learn's MiniBatchNMF)");
    FloatMatrix basis0 = custom == null ? null : custom.basis(faces.height(), faces.width(), k);
    FloatMatrix codes0 = custom == null ? null : custom.codes(k, faces.size());
    long start = System.nanoTime();
    FloatMatrix missing = mask == null ? null : Occlusion.read(mask, faces.size(), faces.height(), faces.width());
    // MiniBatchNMF needs complete images: checked (NaN counted and located) without the copies
    // that data with missing values takes.
    NmfData matrix = miniBatchOptions != null
        ? NmfData.ofImagesByPixels(faces.pixels()) : NmfData.withMissing(faces.pixels(), missing);
    NmfFit fit;
    MiniBatchNmfFit miniBatchFit = null;
    double norm;
    if (miniBatchOptions != null) {
      miniBatchFit = fitMiniBatch(miniBatchOptions, nmf -> basis0 == null ? nmf.fit(faces) : nmf.fit(faces, basis0, codes0));
      fit = miniBatchFit.fit();
      norm = Math.sqrt(miniBatchFit.squaredNorm());
    } else {
      fit = fitNmf(options, matrix, basis0, codes0);
      norm = Math.sqrt(matrix.squaredNorm());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int shown = Math.min(RECONSTRUCTED, faces.size());
    return new Fitted(fit, miniBatchFit, seconds, faces.size(), faces.height(), faces.width(),
        matrix.vt().rowRange(0, shown), (long) matrix.pixels() * matrix.images() - matrix.observedCount(), norm);
  }

  /**
   * MiniBatchNMF over the faces of --data read batch by batch: memory holds a batch, the factors and
   * per-image sums, never the data set; the first faces are read again for the picture.
   */
  private Fitted fitStreamed(MiniBatchNmfOptions o, CustomStart custom, CompletableFuture<Void> warmUp)
      throws IOException {
    try (FaceStream faces = data.openStream()) {
      warmUp.join();
      int n = faces.size();
      FloatMatrix basis0 = custom == null ? null : custom.basis(faces.height(), faces.width(), k);
      FloatMatrix codes0 = custom == null ? null : custom.codes(k, n);
      long start = System.nanoTime();
      MiniBatchNmfFit miniBatchFit =
          fitMiniBatch(o, nmf -> basis0 == null ? nmf.fit(faces) : nmf.fit(faces, basis0, codes0));
      double seconds = (System.nanoTime() - start) / 1e9;
      FloatMatrix first = FloatMatrix.zeros(Math.min(RECONSTRUCTED, n), faces.pixelCount());
      faces.read(0, first);
      return new Fitted(miniBatchFit.fit(), miniBatchFit, seconds, n, faces.height(), faces.width(), first, 0,
          Math.sqrt(miniBatchFit.squaredNorm()));
    }
  }

  /** The faces; from an .npy file NaN pixels are kept as missing values. */
  private FaceSet loadKeepingNaN() throws IOException {
    Path file = data.data;
    if (file != null && Files.isRegularFile(file) && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
      return NpyLoader.loadWithMissing(file, data.options()).faces();
    }
    return data.load();
  }

  /** scikit-learn's NMF, with the weighted updates where pixels are missing. */
  private NmfFit fitNmf(NmfOptions options, NmfData matrix, FloatMatrix basis0, FloatMatrix codes0) {
    if (matrix.hasMissing()) {
      System.err.printf(Locale.ROOT, "missing values: %,d of %,d pixels; the weighted %s solver skips them%n",
          (long) matrix.pixels() * matrix.images() - matrix.observedCount(), (long) matrix.pixels() * matrix.images(),
          solverName());
    }
    // Refuse unusable settings before a progress bar is drawn.
    new Nmf(options).validate(matrix);
    try (ProgressBar bar = progressBars.shown() ? progressBar(options.maxIterations()) : null) {
      NmfProgress listener = bar == null ? NmfProgress.NONE : (it, max, error) -> {
        bar.stepTo(it);
        if (!Double.isNaN(error)) {
          bar.setExtraMessage(String.format(Locale.ROOT, "error %.5g", error));
        }
      };
      Nmf nmf = new Nmf(options).withProgress(listener);
      return basis0 == null ? nmf.fit(matrix) : nmf.fit(matrix, basis0, codes0);
    }
  }

  /** One of MiniBatchNmf's fits, of faces in memory or streamed. */
  private interface MiniBatchFitter {
    MiniBatchNmf fit(MiniBatchNmf nmf) throws IOException;
  }

  /**
   * The MiniBatchNMF fit (complete images only: it has no weighted updates) that {@code fitter} runs,
   * with a progress bar.
   */
  private MiniBatchNmfFit fitMiniBatch(MiniBatchNmfOptions o, MiniBatchFitter fitter) throws IOException {
    // The bar appears with the first step, after the fit has checked the data and settings.
    ProgressBar[] bar = {null};
    MiniBatchProgress listener = !progressBars.shown() ? MiniBatchProgress.NONE : (step, max, cost, ewa) -> {
      if (bar[0] == null) {
        bar[0] = progressBar(max);
      }
      bar[0].stepTo(step);
      bar[0].setExtraMessage(String.format(Locale.ROOT, "batch cost %.5g", cost));
    };
    try {
      MiniBatchNmf nmf = new MiniBatchNmf(o).withProgress(listener);
      return fitter.fit(nmf).lastFit();
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
    }
  }

  /** The MiniBatchNMF settings with --minibatch, else null (and then no mini-batch flag may be given). */
  private MiniBatchNmfOptions miniBatchOptions(NmfOptions options) {
    if (!minibatch) {
      String given = batchSize != null ? "--batch-size" : forgetFactor != null ? "--forget-factor"
          : freshRestarts ? "--fresh-restarts" : freshRestartsMaxIter != null ? "--fresh-restarts-max-iter"
          : maxNoImprovement != null ? "--max-no-improvement" : transformMaxIter != null ? "--transform-max-iter"
          : stream ? "--stream" : null;
      if (given != null) {
        throw new BadInputException(given + " applies to --minibatch only; add --minibatch or leave it out");
      }
      return null;
    }
    if (stream && (options.init() == null || options.init().usesSvd())) {
      throw new BadInputException("--stream starts from --init random or --init custom (--w0, --h0); "
          + (options.init() == null ? "without --init scikit-learn's default is nndsvda, which" : "--init " + init)
          + " needs an SVD of all images at once, which a streamed fit does not hold: give --init random, or leave out --stream");
    }
    if (mask != null) {
      throw new BadInputException("--mask needs the weighted updates of the full-batch mu solver, which --minibatch "
          + "does not have; leave out one of them");
    }
    MiniBatchNmfOptions d = MiniBatchNmfOptions.defaults(k);
    int noImprovement = d.maxNoImprovement();
    if (maxNoImprovement != null) {
      try {
        noImprovement = maxNoImprovement.equalsIgnoreCase("none")
            ? MiniBatchNmfOptions.NO_IMPROVEMENT_LIMIT_OFF : Integer.parseInt(maxNoImprovement);
      } catch (NumberFormatException e) {
        throw new BadInputException("--max-no-improvement must be a whole number or 'none', got '" + maxNoImprovement + "'");
      }
    }
    return new MiniBatchNmfOptions(options, batchSize != null ? batchSize : d.batchSize(),
        forgetFactor != null ? forgetFactor : d.forgetFactor(), freshRestarts,
        freshRestartsMaxIter != null ? freshRestartsMaxIter : d.freshRestartsMaxIter(), noImprovement,
        transformMaxIter != null ? transformMaxIter : d.transformMaxIter());
  }

  /** The solver's name: as given, else cd (mu with --minibatch). */
  private String solverName() {
    return solver != null ? solver.toLowerCase(Locale.ROOT) : minibatch ? "mu" : "cd";
  }

  private NmfOptions options() {
    Solver s = NmfNames.solver("--solver", solverName());
    double aH;
    try {
      aH = alphaH.equalsIgnoreCase("same") ? Double.NaN : Double.parseDouble(alphaH);
    } catch (NumberFormatException e) {
      throw new BadInputException("--alpha-h must be a number or 'same', got '" + alphaH + "'");
    }
    return NmfOptions.defaults(k).withSolver(s).withBetaLoss(BetaLoss.parse(betaLoss)).withInit(initMethod())
        .withMaxIterations(maxIter).withTol(tol).withSeed(seed).withRegularization(alphaW, aH, l1Ratio)
        .withShuffle(shuffle).withAccelerated(accelerated);
  }

  /**
   * The --init choice; --w0 and --h0 imply custom, which needs both. Null leaves the choice to
   * {@link NmfOptions#effectiveInit}.
   */
  private InitMethod initMethod() {
    boolean filesGiven = w0 != null || h0 != null;
    InitMethod method;
    if (init != null) {
      method = NmfNames.init("--init", init, true);
    } else {
      method = filesGiven ? InitMethod.CUSTOM : null;
    }
    if (method == InitMethod.CUSTOM && (w0 == null || h0 == null)) {
      String missing = w0 == null && h0 == null ? "neither is given" : (w0 == null ? "--w0" : "--h0") + " is missing";
      throw new BadInputException(
          "--init custom needs both --w0 FILE.npy (pixels x k) and --h0 FILE.npy (k x images); " + missing);
    }
    if (method != InitMethod.CUSTOM && filesGiven) {
      throw new BadInputException((w0 != null ? "--w0" : "--h0") + " gives a starting factor, which only "
          + "--init custom uses; got --init " + init + " (leave out --init, or give custom)");
    }
    return method;
  }

  private static ProgressBar progressBar(int max) {
    return new ProgressBarBuilder().setTaskName("nmf").setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build();
  }

  private void writeOutputs(Path dir, Fitted fitted, NmfOptions options) throws Exception {
    int h = fitted.height();
    int w = fitted.width();
    NmfFit fit = fitted.fit();
    FloatMatrix components = fit.model().components();
    ImageGrid.writePng(dir.resolve("basis.png"),
        ImageGrid.render(components, h, w, Math.min(10, k), ImageGrid.Scaling.PER_IMAGE, ZOOM));
    FloatMatrix originals = fitted.firstImages();
    FloatMatrix codes = fit.codes().transpose().rowRange(0, originals.rows());
    FloatMatrix reconstructions = Blas.multiply(false, codes, false, components);
    ImageGrid.writePng(dir.resolve("reconstructions.png"),
        ImageGrid.rows(List.of(originals, reconstructions), h, w, ZOOM));
    Npy.write(dir.resolve("W.npy"), fit.basis());
    // H is k x images: small next to the images, so it is held and written whole even when streamed.
    Npy.write(dir.resolve("H.npy"), fit.codes());
    fit.model().withImageSize(h, w).save(dir.resolve("model.safetensors"));
    AtomicFiles.write(dir.resolve("results.json"),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(results(fitted, options)));
  }

  private Map<String, Object> results(Fitted fitted, NmfOptions options) {
    NmfFit fit = fitted.fit();
    MiniBatchNmfFit miniBatchFit = fitted.miniBatchFit();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("k", k);
    r.put("solver", solverName());
    r.put("minibatch", miniBatchFit != null);
    r.put("streamed", stream);
    r.put("beta_loss", options.betaLoss().label());
    r.put("init", options.effectiveInit(fitted.height() * fitted.width(), fitted.images()).name()
        .toLowerCase(Locale.ROOT));
    if (options.init() == InitMethod.CUSTOM) {
      r.put("w0", w0.toString());
      r.put("h0", h0.toString());
    }
    r.put("missing_values", fitted.missingValues());
    if (mask != null) {
      r.put("mask", mask.toString());
    }
    r.put("max_iter", options.maxIterations());
    r.put("tol", options.tol());
    r.put("seed", options.seed());
    r.put("alpha_w", options.alphaW());
    r.put("alpha_h", options.effectiveAlphaH());
    r.put("l1_ratio", options.l1Ratio());
    r.put("shuffle", options.shuffle());
    r.put("accelerated", options.accelerated());
    r.put("threads", Parallel.threads());
    r.put("images", fitted.images());
    r.put("height", fitted.height());
    r.put("width", fitted.width());
    r.put("iterations", fit.iterations());
    if (miniBatchFit != null) {
      MiniBatchNmfOptions o = fit.model().miniBatch().orElseThrow();
      r.put("batch_size", o.batchSize());
      r.put("forget_factor", o.forgetFactor());
      r.put("fresh_restarts", o.freshRestarts());
      r.put("fresh_restarts_max_iter", o.freshRestartsMaxIter());
      r.put("max_no_improvement", o.maxNoImprovement() == MiniBatchNmfOptions.NO_IMPROVEMENT_LIMIT_OFF ? null
          : o.maxNoImprovement());
      r.put("transform_max_iter", o.effectiveTransformMaxIter());
      r.put("n_steps", miniBatchFit.steps());
      r.put("stopped_by", miniBatchFit.stop().name().toLowerCase(Locale.ROOT));
    }
    r.put("converged", fit.converged());
    r.put("fit_seconds", fitted.seconds());
    r.put("relative_error", fit.relativeError());
    r.put("reconstruction_error", fit.reconstructionError());
    r.put("beta_divergence", fit.betaDivergence());
    r.put("warnings", fit.warnings());
    List<Map<String, Object>> history = new ArrayList<>();
    for (NmfFit.ErrorPoint p : fit.history()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("iteration", p.iteration());
      e.put("error", p.error());
      e.put("seconds", p.seconds());
      if (options.betaLoss().isFrobenius()) {
        e.put("relative_error", p.error() / fitted.norm());
      }
      history.add(e);
    }
    r.put("history", history);
    return r;
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader(
        Map.entry("k", "--k"), Map.entry("solver", "--solver"), Map.entry("betaLoss", "--beta-loss"),
        Map.entry("maxIterations", "--max-iter"), Map.entry("tol", "--tol"), Map.entry("alphaW", "--alpha-w"),
        Map.entry("alphaH", "--alpha-h"), Map.entry("l1Ratio", "--l1-ratio"), Map.entry("init", "--init"),
        Map.entry("shuffle", "--shuffle"), Map.entry("accelerated", "--accelerated"),
        Map.entry("batchSize", "--batch-size"), Map.entry("forgetFactor", "--forget-factor"),
        Map.entry("freshRestartsMaxIter", "--fresh-restarts-max-iter"),
        Map.entry("maxNoImprovement", "--max-no-improvement"), Map.entry("transformMaxIter", "--transform-max-iter"));
  }
}
