package io.facerecon.cli;

import io.facerecon.data.NpyLoader;
import io.facerecon.data.Occlusion;
import java.nio.file.Files;
import io.facerecon.io.BadInputException;

import io.facerecon.data.FaceSet;
import io.facerecon.io.AtomicFiles;
import io.facerecon.io.Npy;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import io.facerecon.nmf.BetaLoss;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.Nmf;
import io.facerecon.nmf.NmfData;
import io.facerecon.nmf.NmfFit;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.NmfProgress;
import io.facerecon.nmf.Solver;
import io.facerecon.report.ImageGrid;
import io.facerecon.report.OutputDirectory;
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
          + "scikit-learn's NMF (whose X is V transposed and components_ is W transposed).",
      "Writes results.json, basis.png, reconstructions.png, W.npy, H.npy and model.safetensors "
          + "into --out, which must be new or empty (or, with --overwrite, an earlier facerecon output)."
    })
final class NmfCommand implements Callable<Integer>, ParameterFlags {
  private static final int RECONSTRUCTED = 10;
  private static final int ZOOM = 2;

  @Mixin DataOptions data;

  @Option(names = "--k", defaultValue = "30", paramLabel = "K", description = "Number of basis images (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--solver", defaultValue = "cd", paramLabel = "mu|cd",
      description = "mu: multiplicative updates; cd: Fast-HALS coordinate descent (default: ${DEFAULT-VALUE}).")
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
    CustomStart custom = options.init() == InitMethod.CUSTOM ? CustomStart.read(w0, h0) : null;
    try (OutputDirectory dir = out.open("nmf")) {
      // The JIT compiles the products' kernels (and, given a mask, the weighted updates') while the
      // images are read.
      CompletableFuture<Void> warmUp = CompletableFuture.runAsync(mask == null ? Blas::warmUp : () -> {
        Blas.warmUp();
        Nmf.warmUpMasked();
      });
      FaceSet faces = loadKeepingNaN();
      warmUp.join();
      MemoryBudget.check("nmf", faces.size(), (long) faces.height() * faces.width(), 2);
      FloatMatrix basis0 = custom == null ? null : custom.basis(faces.height(), faces.width(), k);
      FloatMatrix codes0 = custom == null ? null : custom.codes(k, faces.size());
      long start = System.nanoTime();
      FloatMatrix missing = mask == null ? null : Occlusion.read(mask, faces.size(), faces.height(), faces.width());
      NmfData matrix = NmfData.withMissing(faces.pixels(), missing);
      if (matrix.hasMissing()) {
        System.err.printf(Locale.ROOT, "missing values: %,d of %,d pixels; the weighted %s solver skips them%n",
            (long) matrix.pixels() * matrix.images() - matrix.observedCount(), (long) matrix.pixels() * matrix.images(),
            solver);
      }
      NmfFit fit;
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
        fit = custom == null ? nmf.fit(matrix) : nmf.fit(matrix, basis0, codes0);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      fit.warnings().forEach(w -> System.err.println("warning: " + w));
      writeOutputs(dir.staging(), faces, matrix, fit, options, seconds);
      dir.commit();
      System.out.printf(Locale.ROOT,
          "k %d  solver %s  iterations %d  fit %.3f s  relative error %.6f  reconstruction error %.6g%nwrote %s%n",
          k, solver, fit.iterations(), seconds, fit.relativeError(), fit.reconstructionError(), out.dir());
    }
    return 0;
  }

  /** The faces; from an .npy file NaN pixels are kept as missing values. */
  private FaceSet loadKeepingNaN() throws java.io.IOException {
    Path file = data.data;
    if (file != null && Files.isRegularFile(file) && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
      return NpyLoader.loadWithMissing(file, data.options()).faces();
    }
    return data.load();
  }

  private NmfOptions options() {
    Solver s = NmfNames.solver("--solver", solver);
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

  private void writeOutputs(Path dir, FaceSet faces, NmfData matrix, NmfFit fit, NmfOptions options, double seconds)
      throws Exception {
    int h = faces.height();
    int w = faces.width();
    FloatMatrix components = fit.model().components();
    ImageGrid.writePng(dir.resolve("basis.png"),
        ImageGrid.render(components, h, w, Math.min(10, k), ImageGrid.Scaling.PER_IMAGE, ZOOM));
    int shown = Math.min(RECONSTRUCTED, faces.size());
    FloatMatrix originals = matrix.vt().rowRange(0, shown);
    FloatMatrix codes = fit.codes().transpose().rowRange(0, shown);
    FloatMatrix reconstructions = Blas.multiply(false, codes, false, components);
    ImageGrid.writePng(dir.resolve("reconstructions.png"),
        ImageGrid.rows(List.of(originals, reconstructions), h, w, ZOOM));
    Npy.write(dir.resolve("W.npy"), fit.basis());
    Npy.write(dir.resolve("H.npy"), fit.codes());
    fit.model().withImageSize(h, w).save(dir.resolve("model.safetensors"));
    AtomicFiles.write(dir.resolve("results.json"),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(results(faces, matrix, fit, options, seconds)));
  }

  private Map<String, Object> results(FaceSet faces, NmfData matrix, NmfFit fit, NmfOptions options, double seconds) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("k", k);
    r.put("solver", solver.toLowerCase(Locale.ROOT));
    r.put("beta_loss", options.betaLoss().label());
    r.put("init", options.effectiveInit(matrix.pixels(), matrix.images()).name().toLowerCase(Locale.ROOT));
    if (options.init() == InitMethod.CUSTOM) {
      r.put("w0", w0.toString());
      r.put("h0", h0.toString());
    }
    r.put("missing_values", (long) matrix.pixels() * matrix.images() - matrix.observedCount());
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
    r.put("images", faces.size());
    r.put("height", faces.height());
    r.put("width", faces.width());
    r.put("iterations", fit.iterations());
    r.put("converged", fit.converged());
    r.put("fit_seconds", seconds);
    r.put("relative_error", fit.relativeError());
    r.put("reconstruction_error", fit.reconstructionError());
    r.put("beta_divergence", fit.betaDivergence());
    r.put("warnings", fit.warnings());
    List<Map<String, Object>> history = new ArrayList<>();
    double norm = Math.sqrt(matrix.squaredNorm());
    for (NmfFit.ErrorPoint p : fit.history()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("iteration", p.iteration());
      e.put("error", p.error());
      e.put("seconds", p.seconds());
      if (options.betaLoss().isFrobenius()) {
        e.put("relative_error", p.error() / norm);
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
        Map.entry("alphaH", "--alpha-h"), Map.entry("l1Ratio", "--l1-ratio"));
  }
}
