package io.facerecon.spark;

import io.facerecon.nmf.NmfFit;
import java.lang.management.ManagementFactory;
import java.lang.management.BufferPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The cases of {@code bench/spark} that need more than the job's flags, run on a local master:
 *
 * <ul>
 *   <li>{@code als-ref PARQUET RANK REPEATS [REGPARAM]} and {@code als-nmf PARQUET RANK REPEATS SOLVER
 *       TARGET}: the two sides of the comparison with MLlib's {@code ALS(nonnegative = true, regParam
 *       = 0)} on the faces as (image, pixel, value) ratings, each timed to the relative error ALS
 *       reaches in 10 iterations. Each side runs in a JVM of its own: MLlib's BLAS runs on the same
 *       Vector API as facerecon's kernels, and once ALS has run, the JIT compiles those kernels
 *       without the API's intrinsics;
 *   <li>{@code augment PARQUET OUT COPIES}: writes COPIES shifted, flipped and rescaled copies of the
 *       faces as Parquet (a set larger than the heap);
 *   <li>{@code large PARQUET ITERATIONS}: SparkNmf (mu, k 30) on that Parquet, cached
 *       MEMORY_AND_DISK_SER, printing the time per iteration and the peak memory.
 * </ul>
 */
public final class SparkNmfBench {
  private SparkNmfBench() {}

  public static void main(String[] args) throws Exception {
    // MLlib's native BLAS would be the system's libblas.so.3, whose symbols clash with facerecon's
    // OpenBLAS in one process: MLlib gets its Java BLAS, as on a machine without native BLAS.
    for (String lib : new String[] {"blas", "lapack", "arpack"}) {
      System.setProperty("dev.ludovic.netlib." + lib + ".nativeLibPath", "/nonexistent/lib" + lib + ".so");
    }
    SparkSession spark = SparkSession.builder().master(System.getProperty("bench.master", "local[2]"))
        .appName("facerecon bench").config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.files.maxPartitionBytes", System.getProperty("bench.maxPartitionBytes", String.valueOf(24 << 20)))
        // Wide rows (one image each): Parquet's default batch of 4096 rows is ~48 MB per task.
        .config("spark.sql.parquet.columnarReaderBatchSize", "256")
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    try {
      switch (args[0]) {
        case "als-ref" -> alsReference(spark, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
            args.length > 4 ? Double.valueOf(args[4]) : null);
        case "als-nmf" -> alsSparkNmf(spark, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4],
            Double.parseDouble(args[5]));
        case "augment" -> augment(spark, args[1], args[2], Integer.parseInt(args[3]));
        case "large" -> large(spark, args[1], Integer.parseInt(args[2]));
        default -> throw new IllegalArgumentException("unknown case " + args[0]);
      }
    } finally {
      spark.stop();
    }
  }

  /** The faces of a Parquet file, cached in one partition per task slot, and ‖V‖_F. */
  private record Faces(Dataset<Row> rows, long images, double norm) {
    static Faces read(SparkSession spark, String parquet) {
      Dataset<Row> faces = spark.read().parquet(parquet).select("id", "pixels")
          .repartition(spark.sparkContext().defaultParallelism()).cache();
      long images = faces.count();
      double norm = Math.sqrt(faces.javaRDD().map(r -> {
        double s = 0;
        for (Object x : r.getList(1)) {
          s += ((Number) x).doubleValue() * ((Number) x).doubleValue();
        }
        return s;
      }).reduce(Double::sum));
      return new Faces(faces, images, norm);
    }
  }

  /**
   * ALS's side: MLlib ALS(nonnegative, 10 iterations) on the faces as (image, pixel, value) ratings,
   * timed {@code repeats} times after an untimed fit. regParam 0 first, as asked; if its factors
   * collapse to zero (relative error 1), the smallest of the fallbacks that does not; a
   * {@code regParam} given skips that search. Prints {@code als-ref REGPARAM ERROR RATINGS IMAGES SECONDS...}.
   */
  private static void alsReference(SparkSession spark, String parquet, int rank, int repeats, Double regParam) {
    Faces faces = Faces.read(spark, parquet);
    Dataset<Row> ratings = faces.rows()
        .select(functions.col("id").cast("int").as("image"),
            functions.posexplode(functions.col("pixels")).as(new String[] {"pixel", "value"}))
        .repartition(spark.sparkContext().defaultParallelism()).cache();
    long count = ratings.count();
    ALS als = new ALS().setRank(rank).setNonnegative(true).setMaxIter(10).setSeed(0)
        .setUserCol("image").setItemCol("pixel").setRatingCol("value");
    double reg = regParam == null ? 0 : regParam;
    double error = alsError(als.setRegParam(reg).fit(ratings), faces.rows(), faces.norm());
    for (double fallback : new double[] {1e-4, 1e-3, 1e-2}) {
      if (regParam != null || error < 0.999) {
        break;
      }
      System.err.printf(Locale.ROOT, "als: ALS(nonnegative, regParam %s) 10 it: rel err %.6f (all-zero factors)%n",
          reg, error);
      reg = fallback;
      error = alsError(als.setRegParam(reg).fit(ratings), faces.rows(), faces.norm());
    }
    als.setRegParam(reg);
    StringBuilder seconds = new StringBuilder();
    for (int r = 0; r < repeats; r++) {
      long t = System.nanoTime();
      als.fit(ratings).userFactors().count();
      seconds.append(String.format(Locale.ROOT, " %.3f", (System.nanoTime() - t) / 1e9));
    }
    System.out.printf(Locale.ROOT, "als-ref %s %.6f %d %d%s%n", reg, error, count, faces.images(), seconds);
  }

  /**
   * SparkNmf's side: the iterations ({@code solver}, nndsvda) it needs to reach {@code target}
   * (its error history has every 10th), found by an untimed fit that also warms its code up; then
   * that many, timed {@code repeats} times. Prints {@code als-nmf ITERATIONS ERROR SECONDS...}.
   */
  private static void alsSparkNmf(SparkSession spark, String parquet, int rank, int repeats, String solver,
      double target) {
    Faces faces = Faces.read(spark, parquet);
    int probeIterations = 500;
    int reach = -1;
    for (NmfFit.ErrorPoint p : nmf(rank, solver, probeIterations).fit(faces.rows()).history()) {
      if (p.error() / faces.norm() <= target) {
        reach = p.iteration();
        break;
      }
    }
    if (reach < 0) {
      throw new IllegalStateException(
          "SparkNmf (" + solver + ") did not reach ALS's error " + target + " in " + probeIterations + " iterations");
    }
    StringBuilder seconds = new StringBuilder();
    double error = Double.NaN;
    for (int r = 0; r < repeats; r++) {
      long t = System.nanoTime();
      SparkNmfModel fit = nmf(rank, solver, reach).fit(faces.rows());
      seconds.append(String.format(Locale.ROOT, " %.3f", (System.nanoTime() - t) / 1e9));
      error = fit.reconstructionErr() / faces.norm();
    }
    System.out.printf(Locale.ROOT, "als-nmf %d %.6f%s%n", reach, error, seconds);
  }

  private static SparkNmf nmf(int rank, String solver, int iterations) {
    return new SparkNmf().setK(rank).setSolver(solver).setInit("nndsvda").setMaxIter(iterations).setTol(0)
        .setInputCol("pixels");
  }

  /** ‖V − U·Pᵀ‖_F / ‖V‖_F from ALS's image and pixel factors, on the driver. */
  private static double alsError(ALSModel model, Dataset<Row> faces, double norm) {
    float[][] u = factors(model.userFactors());
    float[][] p = factors(model.itemFactors());
    double s = 0;
    for (Row r : faces.collectAsList()) {
      float[] ui = u[(int) r.getLong(0)];
      List<Object> pixels = r.getList(1);
      for (int j = 0; j < pixels.size(); j++) {
        double x = ((Number) pixels.get(j)).doubleValue();
        double y = 0;
        if (ui != null && p[j] != null) {
          for (int t = 0; t < ui.length; t++) {
            y += (double) ui[t] * p[j][t];
          }
        }
        s += (x - y) * (x - y);
      }
    }
    return Math.sqrt(s) / norm;
  }

  private static float[][] factors(Dataset<Row> f) {
    List<Row> rows = f.collectAsList();
    int max = rows.stream().mapToInt(r -> r.getInt(0)).max().orElse(-1);
    float[][] out = new float[max + 1][];
    for (Row r : rows) {
      List<Object> v = r.getList(1);
      float[] a = new float[v.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = ((Number) v.get(i)).floatValue();
      }
      out[r.getInt(0)] = a;
    }
    return out;
  }

  /** Copies of each face, each shifted by up to 2 pixels, maybe mirrored and rescaled in brightness. */
  private static void augment(SparkSession spark, String parquet, String out, int copies) {
    // The faces are one Parquet file: spread them over the task slots before copying.
    Dataset<Row> faces = spark.read().parquet(parquet).select("id", "pixels")
        .repartition(2 * spark.sparkContext().defaultParallelism());
    int height = Integer.getInteger("bench.height", 62);
    JavaRDD<Row> rows = faces.javaRDD().flatMap(r -> {
      long id = r.getLong(0);
      List<Object> src = r.getList(1);
      int n = src.size();
      int width = n / height;
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = ((Number) src.get(i)).floatValue();
      }
      List<Row> made = new ArrayList<>(copies);
      for (int c = 0; c < copies; c++) {
        SplittableRandom random = new SplittableRandom(id * 1_000_003L + c);
        int dy = random.nextInt(-2, 3);
        int dx = random.nextInt(-2, 3);
        boolean flip = random.nextBoolean();
        float gain = 0.8f + 0.4f * (float) random.nextDouble();
        float[] y = new float[n];
        for (int i = 0; i < height; i++) {
          int si = Math.min(height - 1, Math.max(0, i + dy));
          for (int j = 0; j < width; j++) {
            int sj = Math.min(width - 1, Math.max(0, (flip ? width - 1 - j : j) + dx));
            y[i * width + j] = Math.min(1f, gain * x[si * width + sj]);
          }
        }
        made.add(RowFactory.create(id * copies + c, y));
      }
      return made.iterator();
    });
    StructType schema = new StructType().add("id", DataTypes.LongType, false)
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    // Small row groups: a row group is the least a task reads, and the Parquet reader holds a row
    // group's pages on the heap while it decodes them; 128 MB groups, two tasks at a time, would
    // crowd a 1 GB heap.
    spark.createDataFrame(rows, schema).write().option("parquet.block.size", String.valueOf(8 << 20)).parquet(out);
  }

  private static void large(SparkSession spark, String parquet, int iterations) throws Exception {
    Dataset<Row> frame = spark.read().parquet(parquet);
    long bytes = Files.walk(Path.of(parquet)).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    long heap = Runtime.getRuntime().maxMemory();
    PeakMemory peak = PeakMemory.start();
    long t = System.nanoTime();
    SparkNmfModel model = new SparkNmf().setK(30).setSolver("mu").setInit("random").setMaxIter(iterations).setTol(0)
        .setStorageLevel("MEMORY_AND_DISK_SER").setInputCol("pixels").fit(frame);
    double seconds = (System.nanoTime() - t) / 1e9;
    peak.stop();
    List<NmfFit.ErrorPoint> h = model.history();
    // Per iteration: from the start (after the caching pass and the init) to the last iteration.
    NmfFit.ErrorPoint first = h.get(0);
    NmfFit.ErrorPoint last = h.get(h.size() - 1);
    double perIteration = (last.seconds() - first.seconds()) / Math.max(1, last.iteration() - first.iteration());
    long pixels = model.basis().rows();
    long images = frame.count();
    int slots = spark.sparkContext().defaultParallelism();
    double matrixBytes = 4.0 * pixels * images;
    // The products of an iteration, 4·k·pixels·images flops, per second and task slot.
    double rate = 4.0 * 30 * pixels * images / perIteration / slots / 1e9;
    System.out.printf(Locale.ROOT,
        "large %d images x %d px (%.2f GB as float32, %.1fx the heap of %.0f MB; Parquet %.2f GB) mu k30 %d it "
            + "MEMORY_AND_DISK_SER, %d partitions: fit %.1f s (of it iterations %.1f s), %.2f s per iteration "
            + "(%.0f images/s, %.1f GFLOP/s per task slot), rel err %.6f; peak (driver and executor, one JVM): "
            + "RSS %.0f MB, heap %.0f MB, off-heap buffers %.0f MB%n",
        images, pixels, matrixBytes / 1e9, matrixBytes / heap, heap / 1048576.0, bytes / 1e9, iterations,
        frame.rdd().getNumPartitions(), seconds, last.seconds() - first.seconds(), perIteration, images / perIteration / slots, rate,
        model.relativeError(), peak.rss / 1048576.0, peak.heap / 1048576.0, peak.direct / 1048576.0);
  }

  /**
   * The peak resident set of the process (the kernel's high-water mark) and the most heap in use
   * and direct-buffer memory seen while a fit runs, sampled every 50 ms (the JVM keeps no peak of
   * these two; the heap pools' separate peaks do not add up).
   */
  private static final class PeakMemory {
    private final Thread thread;
    private volatile boolean running = true;
    volatile long rss;
    volatile long heap;
    volatile long direct;

    private PeakMemory() {
      thread = new Thread(this::sample, "peak-memory");
      thread.setDaemon(true);
    }

    static PeakMemory start() {
      PeakMemory p = new PeakMemory();
      p.thread.start();
      return p;
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
      rss = status("VmHWM:");
    }

    private void sample() {
      Runtime runtime = Runtime.getRuntime();
      BufferPoolMXBean buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
          .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
      while (running) {
        heap = Math.max(heap, runtime.totalMemory() - runtime.freeMemory());
        direct = Math.max(direct, buffers.getMemoryUsed());
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** A size in /proc/self/status, in bytes (0 where there is none). */
    private static long status(String field) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith(field)) {
            return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (java.io.IOException e) {
        // Not Linux: nothing to report.
      }
      return 0;
    }
  }
}
