package io.facerecon.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.facerecon.cli.LoaderOptions;
import io.facerecon.cli.Main;
import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.io.BadInputException;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.NmfFit;
import io.facerecon.report.ImageGrid;
import io.facerecon.report.OutputDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code spark-submit} job of {@link SparkNmf}, with the flags and outputs of
 * {@code facerecon nmf}: {@code results.json}, {@code basis.png}, {@code W.npy} and the codes as
 * Parquet ({@code codes.parquet}: index, code). Faces come through facerecon's loaders on the
 * driver (LFW folder or .tgz, image folders, .npy), or from Parquet with a {@code pixels} column
 * ({@code --parquet}, for data larger than the driver holds). {@code --save-parquet FILE} writes
 * the loaded faces as Parquet (id, person, source, pixels) and exits.
 */
@Command(
    name = "spark-nmf",
    mixinStandardHelpOptions = true,
    description = "Fits NMF on Apache Spark: the numbers of 'facerecon nmf' from the same start.")
public final class SparkNmfJob implements Callable<Integer> {
  private static final int ZOOM = 2;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2] (default: spark-submit's).")
  String master;

  @Option(names = "--data", paramLabel = "PATH",
      description = "LFW folder or .tgz, image folder, or .npy file, read on the driver.")
  Path data;

  @Option(names = "--parquet", paramLabel = "PATH",
      description = "Parquet with a pixels column (array<float>), read by Spark; --height and --width give the image size.")
  String parquet;

  @Option(names = "--height", defaultValue = "0", paramLabel = "H", description = "Image height for --parquet.")
  int height;

  @Option(names = "--width", defaultValue = "0", paramLabel = "W", description = "Image width for --parquet.")
  int width;

  @Mixin LoaderOptions loader;

  @Option(names = "--save-parquet", paramLabel = "FILE",
      description = "Write the faces of --data as one Parquet file (id, person, source, pixels) and exit.")
  Path saveParquet;

  @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
      description = "Partitions of the images (default: Spark's default parallelism).")
  int partitions;

  @Option(names = "--k", defaultValue = "30", paramLabel = "K", description = "Number of basis images (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--solver", defaultValue = "mu", paramLabel = "mu|hals", description = "mu or hals (cd) (default: ${DEFAULT-VALUE}).")
  String solver;

  @Option(names = "--init", paramLabel = "INIT", description = "random, nndsvda, nndsvd or custom (default: nndsvda; custom with --w0/--h0).")
  String init;

  @Option(names = "--w0", paramLabel = "FILE.npy", description = "Starting basis for --init custom, pixels x k.")
  Path w0;

  @Option(names = "--h0", paramLabel = "FILE.npy", description = "Starting codes for --init custom, k x images.")
  Path h0;

  @Option(names = "--max-iter", defaultValue = "200", paramLabel = "N", description = "Iteration limit (default: ${DEFAULT-VALUE}).")
  int maxIter;

  @Option(names = "--tol", defaultValue = "1e-4", paramLabel = "TOL", description = "Stopping tolerance; 0 runs all iterations (default: ${DEFAULT-VALUE}).")
  double tol;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--alpha-w", defaultValue = "0", paramLabel = "A", description = "Regularisation of W (default: ${DEFAULT-VALUE}).")
  double alphaW;

  @Option(names = "--alpha-h", defaultValue = "same", paramLabel = "A|same", description = "Regularisation of H (default: ${DEFAULT-VALUE}).")
  String alphaH;

  @Option(names = "--l1-ratio", defaultValue = "0", paramLabel = "R", description = "Share of L1 (default: ${DEFAULT-VALUE}).")
  double l1Ratio;

  @Option(names = "--storage-level", defaultValue = "MEMORY_AND_DISK", paramLabel = "LEVEL",
      description = "Storage level of the cached images, e.g. MEMORY_AND_DISK_SER (default: ${DEFAULT-VALUE}).")
  String storageLevel;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder: new or empty.")
  Path out;

  @Option(names = "--overwrite", description = "Replace the earlier output in --out, or the file of --save-parquet.")
  boolean overwrite;

  /**
   * Runs the job.
   *
   * @param args the flags
   */
  public static void main(String[] args) {
    System.exit(Main.execute(new SparkNmfJob(), args));
  }

  @Override
  public Integer call() throws Exception {
    if ((data == null) == (parquet == null)) {
      throw new BadInputException("give one of --data PATH or --parquet PATH");
    }
    SparkSession.Builder builder = SparkSession.builder().appName("facerecon spark-nmf");
    if (master != null) {
      builder.master(master).config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4");
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      return run(spark);
    } finally {
      spark.stop();
    }
  }

  private int run(SparkSession spark) throws Exception {
    FaceSet faces = null;
    Dataset<Row> frame;
    int h;
    int w;
    if (data != null) {
      // As 'facerecon nmf': the kernels are compiled while the images load, not in the fit.
      CompletableFuture<Void> warmUp = CompletableFuture.runAsync(Workspace::warmUp);
      faces = FaceSetLoader.load(data, loader.options());
      warmUp.join();
      h = faces.height();
      w = faces.width();
      if (saveParquet != null) {
        if (Files.exists(saveParquet) && !overwrite) {
          throw new BadInputException("--save-parquet: " + saveParquet + " exists; add --overwrite to replace it");
        }
        FaceParquet.write(spark, faces, saveParquet);
        System.out.printf(Locale.ROOT, "wrote %d faces of %dx%d to %s%n", faces.size(), h, w, saveParquet);
        return 0;
      }
      frame = FaceParquet.frame(spark, faces, partitions);
    } else {
      frame = spark.read().parquet(parquet);
      if (partitions > 0) {
        frame = frame.repartition(partitions);
      }
      h = height;
      w = width;
    }
    if (out == null) {
      throw new BadInputException("--out DIR is required");
    }
    SparkNmf nmf = new SparkNmf().setK(k).setSolver(solver).setMaxIter(maxIter).setTol(tol).setSeed(seed)
        .setAlphaW(alphaW).setL1Ratio(l1Ratio).setStorageLevel(storageLevel).setInputCol("pixels");
    nmf.setAlphaH(alphaH.equalsIgnoreCase("same") ? Double.NaN : Double.parseDouble(alphaH));
    String initName = init != null ? init : (w0 != null || h0 != null ? "custom" : "nndsvda");
    nmf.setInit(initName);
    if (initName.equalsIgnoreCase("custom")) {
      if (w0 == null || h0 == null) {
        throw new BadInputException("--init custom needs both --w0 FILE.npy (pixels x k) and --h0 FILE.npy (k x images)");
      }
      nmf.setInitialFactors(Npy.read(w0).values(), Npy.read(h0).values());
    }
    OutputDirectory dir = OutputDirectory.prepare(out, OutputDirectory.Policy.of("spark-nmf").withLabel("--out")
        .withReplace(overwrite, "add --overwrite to replace it"));
    try (dir) {
      long start = System.nanoTime();
      SparkNmfModel model = nmf.fit(frame);
      double seconds = (System.nanoTime() - start) / 1e9;
      Path staging = dir.staging();
      FloatMatrix basis = model.basis();
      if (h > 0 && w > 0 && h * w == basis.rows()) {
        ImageGrid.writePng(staging.resolve("basis.png"),
            ImageGrid.render(basis.transpose(), h, w, Math.min(10, k), ImageGrid.Scaling.PER_IMAGE, ZOOM));
      }
      Npy.write(staging.resolve("W.npy"), basis);
      model.trainingCodes(spark).write().parquet(staging.resolve("codes.parquet").toUri().toString());
      // Faces loaded here are counted here: counting the frame again would ship their rows to the tasks.
      long images = faces != null ? faces.size() : frame.count();
      Map<String, Object> r = results(model, initName, images, h, w, seconds, JavaSparkContext
          .fromSparkContext(spark.sparkContext()).defaultParallelism());
      Files.write(staging.resolve("results.json"),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(r));
      dir.commit();
      System.out.printf(Locale.ROOT,
          "k %d  solver %s  iterations %d  fit %.3f s  relative error %.6f  reconstruction error %.6g%nwrote %s%n",
          k, solver, model.nIter(), seconds, model.relativeError(), model.reconstructionErr(), out);
    }
    return 0;
  }

  private Map<String, Object> results(
      SparkNmfModel model, String initName, long images, int h, int w, double seconds, int parallelism) {
    var o = model.options();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("k", k);
    r.put("solver", solver.toLowerCase(Locale.ROOT));
    r.put("beta_loss", "frobenius");
    r.put("init", initName.toLowerCase(Locale.ROOT));
    if (w0 != null) {
      r.put("w0", w0.toString());
      r.put("h0", h0.toString());
    }
    r.put("max_iter", o.maxIterations());
    r.put("tol", o.tol());
    r.put("seed", o.seed());
    r.put("alpha_w", o.alphaW());
    r.put("alpha_h", o.effectiveAlphaH());
    r.put("l1_ratio", o.l1Ratio());
    r.put("engine", "spark");
    r.put("parallelism", parallelism);
    r.put("images", images);
    r.put("height", h);
    r.put("width", w);
    r.put("iterations", model.nIter());
    r.put("converged", model.converged());
    r.put("fit_seconds", seconds);
    r.put("relative_error", model.relativeError());
    r.put("reconstruction_error", model.reconstructionErr());
    double norm = model.reconstructionErr() / model.relativeError();
    List<Map<String, Object>> history = new ArrayList<>();
    for (NmfFit.ErrorPoint p : model.history()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("iteration", p.iteration());
      e.put("error", p.error());
      e.put("seconds", p.seconds());
      e.put("relative_error", p.error() / norm);
      history.add(e);
    }
    r.put("history", history);
    return r;
  }
}
