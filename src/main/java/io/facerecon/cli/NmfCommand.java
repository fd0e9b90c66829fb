package io.facerecon.cli;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
          + "into --out."
    })
final class NmfCommand implements Callable<Integer> {
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
      description = "random, nndsvd, nndsvda or nndsvdar (default: nndsvda when k <= min(pixels, images), else random).")
  String init;

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

  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores).")
  Integer threads;

  @Option(names = "--no-progress", description = "Do not show the progress bar.")
  boolean noProgress;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (threads != null) {
      Parallel.setThreads(threads);
    }
    NmfOptions options = options();
    FaceSet faces = data.load();
    Files.createDirectories(out);
    long start = System.nanoTime();
    NmfData matrix = NmfData.ofImagesByPixels(faces.pixels());
    NmfFit fit;
    try (ProgressBar bar = noProgress ? null : progressBar(options.maxIterations())) {
      NmfProgress listener = bar == null ? NmfProgress.NONE : (it, max, error) -> {
        bar.stepTo(it);
        if (!Double.isNaN(error)) {
          bar.setExtraMessage(String.format(Locale.ROOT, "error %.5g", error));
        }
      };
      fit = new Nmf(options).withProgress(listener).fit(matrix);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    fit.warnings().forEach(w -> System.err.println("warning: " + w));
    writeOutputs(faces, matrix, fit, options, seconds);
    System.out.printf(Locale.ROOT,
        "k %d  solver %s  iterations %d  fit %.3f s  relative error %.6f  reconstruction error %.6g%nwrote %s%n",
        k, solver, fit.iterations(), seconds, fit.relativeError(), fit.reconstructionError(), out);
    return 0;
  }

  private NmfOptions options() {
    Solver s;
    try {
      s = Solver.valueOf(solver.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--solver must be mu or cd, got '" + solver + "'");
    }
    InitMethod i = null;
    if (init != null) {
      try {
        i = InitMethod.valueOf(init.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        i = InitMethod.CUSTOM;
      }
      if (i == InitMethod.CUSTOM) {
        throw new IllegalArgumentException(
            "--init must be random, nndsvd, nndsvda or nndsvdar, got '" + init + "'");
      }
    }
    double aH;
    try {
      aH = alphaH.equalsIgnoreCase("same") ? Double.NaN : Double.parseDouble(alphaH);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--alpha-h must be a number or 'same', got '" + alphaH + "'");
    }
    return NmfOptions.defaults(k).withSolver(s).withBetaLoss(BetaLoss.parse(betaLoss)).withInit(i)
        .withMaxIterations(maxIter).withTol(tol).withSeed(seed).withRegularization(alphaW, aH, l1Ratio)
        .withShuffle(shuffle).withAccelerated(accelerated);
  }

  private static ProgressBar progressBar(int max) {
    return new ProgressBarBuilder().setTaskName("nmf").setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build();
  }

  private void writeOutputs(FaceSet faces, NmfData matrix, NmfFit fit, NmfOptions options, double seconds)
      throws Exception {
    int h = faces.height();
    int w = faces.width();
    FloatMatrix components = fit.model().components();
    ImageGrid.writePng(out.resolve("basis.png"),
        ImageGrid.render(components, h, w, Math.min(10, k), ImageGrid.Scaling.PER_IMAGE, ZOOM));
    int shown = Math.min(RECONSTRUCTED, faces.size());
    FloatMatrix originals = matrix.vt().rowRange(0, shown);
    FloatMatrix codes = fit.codes().transpose().rowRange(0, shown);
    FloatMatrix reconstructions = Blas.multiply(false, codes, false, components);
    ImageGrid.writePng(out.resolve("reconstructions.png"),
        ImageGrid.rows(List.of(originals, reconstructions), h, w, ZOOM));
    Npy.write(out.resolve("W.npy"), fit.basis());
    Npy.write(out.resolve("H.npy"), fit.codes());
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("height", Integer.toString(h));
    meta.put("width", Integer.toString(w));
    fit.model().save(out.resolve("model.safetensors"), meta);
    AtomicFiles.write(out.resolve("results.json"),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(results(faces, matrix, fit, options, seconds)));
  }

  private Map<String, Object> results(FaceSet faces, NmfData matrix, NmfFit fit, NmfOptions options, double seconds) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("k", k);
    r.put("solver", solver.toLowerCase(Locale.ROOT));
    r.put("beta_loss", options.betaLoss().label());
    r.put("init", options.effectiveInit(matrix.pixels(), matrix.images()).name().toLowerCase(Locale.ROOT));
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
}
