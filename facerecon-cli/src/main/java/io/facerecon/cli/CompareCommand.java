package io.facerecon.cli;

import io.facerecon.study.NmfMethod;
import io.facerecon.study.StudyGrid;

import io.facerecon.io.BadInputException;
import io.facerecon.data.DataFormat;
import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LfwArchive;
import io.facerecon.data.LfwFetcher;
import io.facerecon.data.LoadOptions;
import io.facerecon.data.LoadReport;
import io.facerecon.data.Occlusion;
import io.facerecon.data.Split;
import io.facerecon.study.Phases;
import io.facerecon.eval.Ssim;
import io.facerecon.study.Study;
import io.facerecon.study.StudyRunner;
import io.facerecon.study.StudySetup;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.Nmf;
import io.facerecon.nmf.Solver;
import io.facerecon.nn.Autoencoder;
import io.facerecon.report.OutputDirectory;
import io.facerecon.report.ProgressBarPhases;
import io.facerecon.report.StudyReport;
import io.facerecon.report.SummaryTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facerecon compare}: the whole study in one command. Loads the faces, splits them into
 * training and held-out test faces, fits every run of the grid, measures each on both parts and
 * writes report.html, results.json, results.csv and the figures into a new output directory,
 * which appears complete or not at all.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    defaultValueProvider = CompareCommand.Defaults.class,
    description = {
      "Compare NMF and the autoencoder on held-out faces: the study's grid (NMF k = 10, 20, 30 at"
          + " 1000 iterations and k = 30 at 100; the autoencoder after 10, 20 and 30 epochs; the"
          + " bottleneck autoencoder and NMF at equal code size), with MSE, PSNR and SSIM on"
          + " training and test faces, fit times, code sizes and compression.",
      "Prints a summary table and writes report.html (self-contained), results.json, results.csv"
          + " and the PNG figures into --out."
    })
final class CompareCommand implements Callable<Integer>, ParameterFlags {
  private static final int DEFAULT_MIN_FACES = 75;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description = "LFW folder or .tgz, image folder, or .npy file (default: LFW as fetch-lfw finds"
          + " it: $FACERECON_LFW, an earlier download, scikit-learn's cache; downloaded if absent).")
  Path data;

  @Mixin LoaderOptions loader;

  @Option(names = "--out", paramLabel = "DIR",
      description = "New or empty output directory (default: results/compare-<yyyyMMdd-HHmmss>).")
  Path out;

  @Option(names = "--overwrite",
      description = "Replace the earlier output in --out (only a folder facerecon wrote, which holds "
          + OutputDirectory.MARKER + ").")
  boolean overwrite;

  @Option(names = "--nmf-k", split = ",", defaultValue = "10,20,30", paramLabel = "K",
      description = "NMF numbers of components (default: ${DEFAULT-VALUE}).")
  List<Integer> nmfK;

  @Option(names = "--nmf-iters", split = ",", defaultValue = "1000,100", paramLabel = "N",
      description = "NMF iteration limits: every k runs at the first, the largest k also at the others"
          + " (default: ${DEFAULT-VALUE}).")
  List<Integer> nmfIters;

  @Option(names = "--nmf-solver", defaultValue = "cd", paramLabel = "mu|cd",
      description = "NMF solver: cd (Fast-HALS) or mu (multiplicative updates) (default: ${DEFAULT-VALUE}).")
  String nmfSolver;

  @Option(names = "--nmf-init", paramLabel = "INIT",
      description = "random, nndsvd, nndsvda or nndsvdar (default: scikit-learn's, nndsvda when"
          + " k <= min(pixels, images), else random).")
  String nmfInit;

  @Option(names = "--nmf-tol", defaultValue = "1e-4", paramLabel = "TOL",
      description = "NMF stopping tolerance; 0 runs every iteration (default: ${DEFAULT-VALUE}).")
  double nmfTol;

  @Option(names = "--pca-k", split = ",", paramLabel = "K",
      description = "PCA numbers of components (eigenfaces); 0 for no PCA run (default: the --nmf-k values"
          + " up to min(pixels, training images)).")
  List<Integer> pcaK;

  @Option(names = "--vq-k", split = ",", paramLabel = "K",
      description = "Vector quantisation (k-means) numbers of clusters; 0 for no VQ run (default: the --nmf-k"
          + " values up to the number of training images).")
  List<Integer> vqK;

  @Option(names = "--ae-epochs", split = ",", defaultValue = "10,20,30", paramLabel = "N",
      description = "Evaluate the autoencoder after these epochs, snapshots of one training"
          + " (default: ${DEFAULT-VALUE}).")
  List<Integer> aeEpochs;

  @Option(names = "--ae-batch-size", defaultValue = "32", paramLabel = "N",
      description = "Autoencoder minibatch size (default: ${DEFAULT-VALUE}).")
  int aeBatchSize;

  @Option(names = "--ae-lr", defaultValue = "1e-3", paramLabel = "RATE",
      description = "Autoencoder learning rate, Adam (default: ${DEFAULT-VALUE}).")
  double aeLr;

  @Option(names = "--bottleneck-code-size", defaultValue = "30", paramLabel = "K",
      description = "Code size of the bottleneck autoencoder, trained for the largest --ae-epochs;"
          + " 0 for none (default: ${DEFAULT-VALUE}).")
  int bottleneckCodeSize;

  @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F",
      description = "Share of the faces (or persons) held out for testing (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--split-by", defaultValue = "image", paramLabel = "image|person",
      description = "image: hold out a share of each person's images (stratified); person: hold out"
          + " whole persons (default: ${DEFAULT-VALUE}).")
  String splitBy;

  @Option(names = "--ssim", defaultValue = "skimage", paramLabel = "PRESET",
      description = "skimage (scikit-image's defaults: 7x7 uniform window, sample covariance) or"
          + " gaussian (Wang et al. 2004: Gaussian sigma 1.5) (default: ${DEFAULT-VALUE}).")
  String ssim;

  @Option(names = "--gallery", defaultValue = "10", paramLabel = "N",
      description = "Test faces shown with every reconstruction (default: ${DEFAULT-VALUE}).")
  int gallery;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "Seed of the split, NMF's initialisation and the autoencoders (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--occlusion", split = ",", paramLabel = "SPEC",
      description = "Also reconstruct the test faces occluded by each SPEC (block:F, rows:A:B,"
          + " half:lower|upper|left|right, pixels:F; masks seeded by --seed, the same for every run):"
          + " NMF by masked transform, autoencoders from the input with hidden pixels set to the"
          + " training mean; measured on the whole face and on the hole.")
  List<String> occlusion;

  @Option(names = "--ae-denoising",
      description = "With --occlusion: also train a denoising version of each autoencoder, its inputs"
          + " occluded by the --occlusion specs in turn.")
  boolean aeDenoising;

  @Mixin ThreadOptions threads;

  @Mixin ProgressOptions progressBars;

  @Override
  public Integer call() throws Exception {
    Instant started = Instant.now();
    StudyGrid grid = grid();
    Ssim ssimPreset = ssimPreset(ssim);
    SplitRule rule = SplitRule.parse(splitBy);
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new BadInputException("--test-fraction must be between 0 and 1 (exclusive), got " + testFraction);
    }
    if (gallery < 1) {
      throw new BadInputException("--gallery must be >= 1, got " + gallery);
    }
    List<Occlusion> occlusions = occlusions();
    if (aeDenoising && occlusions.isEmpty()) {
      throw new BadInputException("--ae-denoising needs --occlusion: it trains on the occlusions listed there");
    }
    threads.apply();
    LoadOptions loadOptions = loader.options();
    Path target = out != null ? out : Paths.get("results", "compare-" + LocalDateTime.now().format(STAMP));

    try (OutputDirectory dir = OutputDirectory.prepare(target, OutputFolder.policy("compare", overwrite))) {
      LfwFetcher.Located source = locate();
      long t0 = System.nanoTime();
      // The JIT compiles the kernels of both methods while the images are read, the autoencoder's
      // first: compiled after the product kernels had run, its stores lost the Vector API's
      // intrinsics (an object per stored vector) and its epochs took up to a third longer.
      CompletableFuture<Void> warmUp = CompletableFuture.runAsync(() -> {
        Autoencoder.warmUp();
        Nmf.warmUp();
      });
      LoadReport loaded = FaceSetLoader.loadReport(source.path(), loadOptions);
      FaceSet faces = loaded.faces();
      System.err.printf(Locale.ROOT, "loaded %d faces of %d persons (%dx%d) from %s in %.1f s%s%n",
          faces.size(), faces.personCount(), faces.height(), faces.width(), source.path(),
          (System.nanoTime() - t0) / 1e9,
          loaded.skipped().isEmpty() ? "" : "; skipped " + loaded.skipped().size() + " unreadable image(s)");
      warmUp.join();
      Split split = rule.split(faces, testFraction, seed);
      MemoryBudget.check("compare", faces.size(), (long) faces.height() * faces.width(), 4);
      // The checkpoints that hand a training on to its next snapshot are not outputs: they go into
      // the staging directory's scratch folder, deleted before the outputs appear, and with the
      // staging directory if the run is stopped.
      Path checkpoints = dir.scratch();
      StudyGrid.Plan plan = grid.plan(
          faces.height(), faces.width(), split.train().size(), checkpoints, split.test(),
          aeDenoising ? occlusions : List.of());
      Phases phases = progressBars.shown() ? ProgressBarPhases.console() : Phases.NONE;
      StudyRunner runner = new StudyRunner(ssimPreset, phases, gallery);
      runner.check(split.train(), split.test(), plan.methods());
      StudySetup setup = new StudySetup(
          describeData(loaded, source, loadOptions), rule.describe(split, testFraction, seed), seed,
          details(plan, loaded, source, started));
      Study study = runner.run(setup, split.train(), split.test(), plan.methods(), occlusions, seed);
      plan.methods().stream()
          .filter(m -> m instanceof NmfMethod)
          .forEach(m -> ((NmfMethod) m).warnings().forEach(w -> System.err.println("warning: " + m.name() + ": " + w)));
      StudyReport.write(study, dir);
      System.out.print(SummaryTable.render(study));
      System.out.printf(Locale.ROOT, "%d runs in %.1f s; wrote %s%n", study.runs().size(),
          ChronoUnit.MILLIS.between(started, Instant.now()) / 1e3, dir.target().resolve("report.html"));
    }
    return 0;
  }

  /** The parsed {@code --occlusion} specs, none twice. */
  private List<Occlusion> occlusions() {
    if (occlusion == null) {
      return List.of();
    }
    List<Occlusion> parsed = new java.util.ArrayList<>();
    for (String text : occlusion) {
      Occlusion o = Occlusion.parse(text);
      if (parsed.stream().anyMatch(p -> p.spec().equals(o.spec()))) {
        throw new BadInputException("--occlusion lists " + o.spec() + " twice");
      }
      parsed.add(o);
    }
    return List.copyOf(parsed);
  }

  private StudyGrid grid() {
    Solver solver = NmfNames.solver("--nmf-solver", nmfSolver);
    InitMethod init = nmfInit == null ? null : NmfNames.init("--nmf-init", nmfInit, false);
    return new StudyGrid(
        nmfK, nmfIters, solver, init, nmfTol, aeEpochs, aeBatchSize, aeLr, bottleneckCodeSize, seed,
        linearKs(pcaK), linearKs(vqK));
  }

  /** A --pca-k or --vq-k list: null (the NMF k's that fit) when not given, none for a lone 0. */
  private static List<Integer> linearKs(List<Integer> given) {
    if (given == null) {
      return null;
    }
    return given.equals(List.of(0)) ? List.of() : given;
  }

  /** {@code skimage} and {@code gaussian}, or a preset's own name. */
  static Ssim ssimPreset(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "skimage", "skimage-default" -> Ssim.SKIMAGE_DEFAULT;
      case "gaussian", "wang2004" -> Ssim.WANG2004;
      default -> throw new BadInputException(
          "--ssim must be skimage (scikit-image's defaults) or gaussian (Wang et al. 2004), got '" + name + "'");
    };
  }

  /** The {@code --data} path, else LFW wherever {@code fetch-lfw} would find or put it. */
  private LfwFetcher.Located locate() throws IOException {
    LfwArchive archive = LfwArchive.FUNNELED;
    LfwFetcher.Request request = new LfwFetcher.Request(
        archive, Optional.ofNullable(data), LfwFetcher.defaultOutDir(), archive.url(), archive.sha256(), false);
    return LfwFetcher.system().obtain(request, new DownloadProgressBar(archive.fileName()));
  }

  private static String describeData(LoadReport loaded, LfwFetcher.Located source, LoadOptions o) {
    FaceSet f = loaded.faces();
    String what = loaded.format() == DataFormat.LFW
        ? "LFW" + (o.minFaces() > 0 ? ", persons with at least " + o.minFaces() + " images" : "")
        : loaded.format().name().toLowerCase(Locale.ROOT) + " " + source.path().getFileName()
            + (o.minFaces() > 0 ? ", persons with at least " + o.minFaces() + " images" : "");
    return what + " (" + f.size() + " faces of " + f.personCount() + " persons, " + f.height() + "×"
        + f.width() + ")";
  }

  private Map<String, String> details(
      StudyGrid.Plan plan, LoadReport loaded, LfwFetcher.Located source, Instant started) {
    Map<String, String> d = new LinkedHashMap<>();
    LoadOptions o = loader.options();
    d.put("Source", source.path() + " (" + source.origin().description() + "; read as "
        + loaded.format().name().toLowerCase(Locale.ROOT) + ")");
    if (loaded.format() == DataFormat.LFW) {
      d.put("Preprocessing", "scikit-learn's fetch_lfw_people: crop rows 70–195 and columns 78–172,"
          + " resize by " + o.resize() + " (Pillow's bicubic), gray levels / 255");
    }
    if (!loaded.skipped().isEmpty()) {
      d.put("Skipped", loaded.skipped().size() + " unreadable image(s), e.g. " + loaded.skipped().get(0));
    }
    d.putAll(plan.notes());
    d.put("Command", "facerecon " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    d.put("Started", started.truncatedTo(ChronoUnit.SECONDS).toString());
    d.put("Machine", Runtime.getRuntime().availableProcessors() + " cores; Java "
        + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch"));
    return d;
  }

  /** How the faces are split into training and test faces. */
  private enum SplitRule {
    IMAGE,
    PERSON;

    static SplitRule parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "image" -> IMAGE;
        case "person" -> PERSON;
        default -> throw new BadInputException("--split-by must be image or person, got '" + text + "'");
      };
    }

    Split split(FaceSet faces, double testFraction, long seed) {
      return this == IMAGE ? Split.byImage(faces, testFraction, seed) : Split.byPerson(faces, testFraction, seed);
    }

    String describe(Split split, double testFraction, long seed) {
      String pct = percent(1 - testFraction) + " % training / " + percent(testFraction) + " % test";
      if (this == IMAGE) {
        return pct + " of each person's images (stratified by person), seeded random choice (seed "
            + seed + ")";
      }
      long testPersons = Arrays.stream(split.test().labels()).distinct().count();
      long trainPersons = Arrays.stream(split.train().labels()).distinct().count();
      return pct + " of the persons: " + testPersons + " of " + (testPersons + trainPersons)
          + " persons held out whole, unseen in training (seed " + seed + ")";
    }

    private static String percent(double f) {
      return BigDecimal.valueOf(100 * f).setScale(1, RoundingMode.HALF_UP)
          .stripTrailingZeros().toPlainString();
    }
  }

  /** compare's own defaults for shared loader flags: the study's set of persons with 75 faces. */
  static final class Defaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
      if (arg instanceof OptionSpec o && o.longestName().equals("--min-faces")) {
        return Integer.toString(DEFAULT_MIN_FACES);
      }
      return null;
    }
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader(
        Map.entry("nmfKs", "--nmf-k"), Map.entry("nmfIterations", "--nmf-iters"), Map.entry("nmfSolver", "--nmf-solver"),
        Map.entry("nmfInit", "--nmf-init"), Map.entry("nmfTol", "--nmf-tol"), Map.entry("aeEpochs", "--ae-epochs"),
        Map.entry("aeBatchSize", "--ae-batch-size"), Map.entry("aeLr", "--ae-lr"), Map.entry("lr", "--ae-lr"),
        Map.entry("bottleneckCodeSize", "--bottleneck-code-size"), Map.entry("gallerySize", "--gallery"),
        Map.entry("occlusion", "--occlusion"), Map.entry("pcaKs", "--pca-k"), Map.entry("vqKs", "--vq-k"));
  }
}
