package io.facerecon.spark;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.FactorSteps;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.NmfFit;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * The fit loop of {@link SparkNmf}: blocks of V_pᵀ and H_p per partition, W on the driver. The
 * formulas are in {@link SparkNmf}'s documentation.
 */
final class DistributedNmf {
  private static final System.Logger LOG = System.getLogger(DistributedNmf.class.getName());
  /** Errors enter the history (and mu's tolerance test) every this many iterations, as core's. */
  static final int CHECK_EVERY = io.facerecon.nmf.Nmf.CHECK_EVERY;
  /** The codes are checkpointed (their lineage cut) every this many iterations, and at the last. */
  static final int CHECKPOINT_EVERY = 10;

  private final NmfOptions options;
  private final String column;
  private final StorageLevel level;
  private final int depth;

  DistributedNmf(NmfOptions options, String column, StorageLevel level, int depth) {
    FactorSteps.requireSupported(options);
    this.options = options;
    this.column = column;
    this.level = level;
    this.depth = depth;
  }

  /** What a fit returns; {@code codes} is the cached RDD of each partition's H_p. */
  record Result(
      FloatMatrix basis, int iterations, double error, double relativeError, List<NmfFit.ErrorPoint> history,
      boolean converged, JavaRDD<Codes> codes, long[] offsets, Timings timings) {}

  /** Where the iterations' time went, in nanoseconds summed over iterations. */
  record Timings(int iterations, long broadcast, long job, long cleanup, long driver) {
    @Override
    public String toString() {
      double n = Math.max(iterations, 1) * 1e6;
      return String.format(java.util.Locale.ROOT, "per iteration: broadcast %.2f ms, job %.2f ms, cleanup %.2f ms, driver %.2f ms",
          broadcast / n, job / n, cleanup / n, driver / n);
    }
  }

  /** One partition's codes H_p (k × rows, row-major) and its share of the products. */
  static final class Codes implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    final int k;
    final int rows;
    final float[] h;
    /** This iteration's share of the products; the aggregation takes it and drops it from the cache. */
    Partial partial;

    Codes(int partition, int k, int rows, float[] h, Partial partial) {
      this.partition = partition;
      this.k = k;
      this.rows = rows;
      this.h = h;
      this.partial = partial;
    }
  }

  /**
   * A sum over partitions: V·Hᵀ (pixels × k) and H·Hᵀ (k × k) in float32, as core's products, the
   * HALS violation, and at the first iteration the start's ⟨H₀, W₀ᵀV⟩ and H₀·H₀ᵀ for the error
   * at the start.
   */
  static final class Partial implements Serializable {
    private static final long serialVersionUID = 2L;
    final float[] vht;
    final float[] hht;
    double violation;
    double startCross;
    final float[] startHht;

    Partial(float[] vht, float[] hht, float[] startHht) {
      this.vht = vht;
      this.hht = hht;
      this.startHht = startHht;
    }

    Partial add(Partial o) {
      addTo(vht, o.vht);
      addTo(hht, o.hht);
      if (startHht != null) {
        addTo(startHht, o.startHht);
      }
      violation += o.violation;
      startCross += o.startCross;
      return this;
    }

    private static void addTo(float[] sum, float[] x) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += x[i];
      }
    }
  }

  Result fit(Dataset<?> dataset, FloatMatrix w0, FloatMatrix h0) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    Blocks.Read read = Blocks.of(dataset, column);
    JavaRDD<Blocks.Block> v = read.blocks().persist(level);
    // Once cached, the images stand on their own: a task carries the description of its
    // partition's lineage, and a Dataset made from rows on the driver (createDataFrame of a list,
    // parallelize) describes a partition by its rows, so every iteration's tasks would carry all
    // the images. (As the codes' checkpoints, a lost executor then fails the fit.)
    v.rdd().localCheckpoint();
    // Reads and caches every block; the statistics come with it, not from a pass over the cache.
    v.foreachPartition(it -> { });
    Blocks.Summary summary;
    try {
      summary = Blocks.check(read.collect(), column);
    } catch (RuntimeException e) {
      v.unpersist(false);
      throw e;
    }
    int k = options.components();
    int m = summary.pixels();
    long nLong = summary.images();
    if (nLong > Integer.MAX_VALUE) {
      v.unpersist(false);
      throw new BadInputException("at most " + Integer.MAX_VALUE + " images, got " + nLong);
    }
    int n = (int) nLong;
    InitMethod init = options.init() == null ? options.effectiveInit(m, n) : options.init();
    if (init.usesSvd() && k > Math.min(m, n)) {
      v.unpersist(false);
      throw new BadInputException(
          "k = " + k + " is out of range for init " + init.name().toLowerCase() + ": it needs k <= min(pixels, images) = "
              + Math.min(m, n) + "; use init random");
    }
    try {
      if (init == InitMethod.CUSTOM) {
        if (w0 == null || h0 == null) {
          throw new BadInputException("init custom needs starting factors: call setInitialFactors(w0, h0)");
        }
        checkStart("initial W", w0, m, k);
        checkStart("initial H", h0, k, n);
      }
      checkPenalty("alphaW", options.alphaW(), n);
      checkPenalty(Double.isNaN(options.alphaH()) ? "alphaW" : "alphaH", options.effectiveAlphaH(), m);
    } catch (RuntimeException e) {
      v.unpersist(false);
      throw e;
    }
    long start = System.nanoTime();
    long[] offsets = summary.offsets();
    FloatMatrix wt;
    JavaRDD<Codes> codes;
    Broadcast<float[]> h0b = null;
    if (init == InitMethod.CUSTOM) {
      wt = w0.transpose();
      h0b = jsc.broadcast(h0.toArray());
      Broadcast<float[]> all = h0b;
      codes = v.map(b -> {
        int rows = b.rows;
        float[] h = new float[k * rows];
        int from = (int) offsets[b.partition];
        for (int t = 0; t < k; t++) {
          System.arraycopy(all.value(), t * n + from, h, t * rows, rows);
        }
        return new Codes(b.partition, k, rows, h, null);
      });
    } else if (init == InitMethod.RANDOM) {
      float scale = (float) Math.sqrt(summary.mean() / k);
      wt = FloatMatrix.zeros(k, m);
      SplittableRandom random = new SplittableRandom(options.seed());
      for (int i = 0; i < wt.size(); i++) {
        wt.set(i, scale * (float) Math.abs(random.nextGaussian()));
      }
      long seed = options.seed();
      codes = v.map(b -> {
        int rows = b.rows;
        float[] h = new float[k * rows];
        for (int j = 0; j < rows; j++) {
          SplittableRandom r = imageRandom(seed, offsets[b.partition] + j);
          for (int t = 0; t < k; t++) {
            h[t * rows + j] = scale * (float) Math.abs(r.nextGaussian());
          }
        }
        return new Codes(b.partition, k, rows, h, null);
      });
    } else {
      Nndsvd.Start s = new Nndsvd(jsc, v, m, n, k, offsets, depth).start(options.seed(), init, (float) summary.mean());
      wt = s.wt();
      codes = s.codes();
    }
    codes = codes.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return iterate(jsc, v, codes, h0b, wt, summary, n, start);
    } finally {
      v.unpersist(false);
    }
  }

  /** The generator of image {@code index}'s random start: a function of the seed and the index only. */
  static SplittableRandom imageRandom(long seed, long index) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
  }

  /**
   * One partition's share of an iteration, on its executor: H_p updated from Wᵀ·V_p and Wᵀ·W
   * (whose products at the first iteration also give the start's share of the error), then
   * V_p·H_pᵀ and H_p·H_pᵀ of the updated codes. V_p·H_pᵀ (pixels × k) is what core computes from
   * Vᵀ, read column by column where it lies; H_p·V_pᵀ would have OpenBLAS pack all of V_p.
   */
  static Codes step(Blocks.Block b, Codes c, float[] w, Settings settings, int m, boolean first) {
    int k = settings.k();
    if (b.rows == 0) {
      return new Codes(c.partition, k, 0, c.h, new Partial(new float[k * m], new float[k * k], first ? new float[k * k] : null));
    }
    return ExecutionContext.serial().call(() -> {
      Workspace ws = Workspace.of(settings, m, c.rows);
      FloatMatrix vt = b.matrix();
      ws.wt.setAll(w);
      ws.h.setAll(c.h);
      float[] startHht = null;
      double startCross = 0;
      if (first) {
        ws.step.computeProducts(ws.wt, vt);
        startCross = ws.step.cross(ws.h);
        Blas.gemm(false, true, 1f, ws.h, ws.h, 0f, ws.hht);
        startHht = ws.hht.toArray();
      }
      double violation = ws.step.update(ws.wt, vt, ws.h, first);
      Blas.gemm(true, true, 1f, vt, ws.h, 0f, ws.vht);
      Blas.gemm(false, true, 1f, ws.h, ws.h, 0f, ws.hht);
      Partial p = new Partial(ws.vht.toArray(), ws.hht.toArray(), startHht);
      p.violation = violation;
      p.startCross = startCross;
      return new Codes(c.partition, k, c.rows, ws.h.toArray(), p);
    });
  }

  private Result iterate(
      JavaSparkContext jsc, JavaRDD<Blocks.Block> v, JavaRDD<Codes> codes0, Broadcast<float[]> h0b, FloatMatrix wt,
      Blocks.Summary summary, int n, long startNanos) {
    NmfOptions o = options;
    Settings settings = Settings.of(o);
    int k = o.components();
    int m = summary.pixels();
    double squaredNorm = summary.squaredNorm();
    List<NmfFit.ErrorPoint> history = new ArrayList<>();
    boolean mu = o.solver() == Solver.MU;
    FactorSteps.Basis basisStep = new FactorSteps.Basis(o, m, n);
    double errorAtInit = Double.NaN;
    double previousError = Double.NaN;
    double error = Double.NaN;
    double firstViolation = 0;
    int iteration = 0;
    boolean stopped = false;
    JavaRDD<Codes> codes = codes0;
    long tBroadcast = 0;
    long tJob = 0;
    long tCleanup = 0;
    long tDriver = 0;
    // The codes since the last checkpoint are recomputable from it (the broadcasts they read are
    // kept until the next one): a lineage of at most CHECKPOINT_EVERY steps.
    JavaRDD<Codes> anchor = codes0;
    List<Broadcast<float[]>> live = new ArrayList<>();
    if (h0b != null) {
      live.add(h0b);
    }
    while (iteration < o.maxIterations() && !stopped) {
      iteration++;
      boolean first = iteration == 1;
      long t0 = System.nanoTime();
      FloatMatrix wtBefore = first ? wt.copy() : null;
      Broadcast<float[]> wb = jsc.broadcast(wt.toArray());
      live.add(wb);
      long t1 = System.nanoTime();
      JavaRDD<Codes> next = v.zipPartitions(codes,
          (vi, ci) -> List.of(step(vi.next(), ci.next(), wb.value(), settings, m, first)).iterator());
      boolean checkpoint = iteration % CHECKPOINT_EVERY == 0 || iteration == o.maxIterations();
      if (checkpoint) {
        next.rdd().localCheckpoint();
      } else {
        next.persist(StorageLevel.MEMORY_AND_DISK());
      }
      // Spark inspects the closures of every job it is handed (its own included): no map before the sum.
      Partial total = OrderedSum.of(next, DistributedNmf::takePartial, Partial::add, depth);
      long t2 = System.nanoTime();
      if (codes != anchor) {
        codes.unpersist(false);
      }
      codes = next;
      if (checkpoint) {
        anchor = release(anchor, live);
        anchor = next;
      }
      long t3 = System.nanoTime();
      if (first) {
        // ‖V − W₀H₀‖² = ‖V‖² − 2⟨H₀, W₀ᵀV⟩ + ⟨H₀H₀ᵀ, W₀ᵀW₀⟩, from the first iteration's products.
        FloatMatrix wtw = FloatMatrix.zeros(k, k);
        Blas.gemm(false, true, 1f, wtBefore, wtBefore, 0f, wtw);
        errorAtInit = Math.sqrt(Math.max(0, squaredNorm - 2 * total.startCross + dot(total.startHht, wtw)));
        if (!Double.isFinite(errorAtInit)) {
          throw new BadInputException("NMF diverged: the error at the start is " + errorAtInit);
        }
        // Its time is that of the start, as core's: before the first iteration.
        history.add(new NmfFit.ErrorPoint(0, errorAtInit, (t0 - startNanos) / 1e9));
        previousError = errorAtInit;
      }
      double violation = total.violation
          + basisStep.update(FloatMatrix.of(m, k, total.vht).transpose(), FloatMatrix.of(k, k, total.hht), wt);
      error = Math.sqrt(basisStep.squaredError(squaredNorm, wt));
      if (!Double.isFinite(error)) {
        throw new BadInputException("NMF diverged: the error is " + error + " at iteration " + iteration);
      }
      long t4 = System.nanoTime();
      tBroadcast += t1 - t0;
      tJob += t2 - t1;
      tCleanup += t3 - t2;
      tDriver += t4 - t3;
      if (iteration % CHECK_EVERY == 0) {
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
    }
    if (codes != anchor) {
      // Stopped between checkpoints (hals): the codes handed to the model stand on their own.
      // (An RDD is checkpointed by the first job that runs on it after it is marked, so a copy.)
      JavaRDD<Codes> last = codes.map(c -> c);
      last.rdd().localCheckpoint();
      last.foreachPartition(it -> { });
      codes.unpersist(false);
      release(anchor, live);
      codes = last;
    }
    Timings timings = new Timings(iteration, tBroadcast, tJob, tCleanup, tDriver);
    LOG.log(System.Logger.Level.DEBUG, () -> "SparkNmf " + timings);
    boolean converged = !(iteration == o.maxIterations() && o.tol() > 0);
    if (!converged) {
      LOG.log(System.Logger.Level.WARNING,
          "SparkNmf: maximum number of iterations " + o.maxIterations() + " reached; increase it to improve convergence");
    }
    return new Result(
        wt.transpose(), iteration, error, error / Math.sqrt(squaredNorm), List.copyOf(history), converged, codes,
        summary.offsets(), timings);
  }

  /** A partition's share of the products, dropped from the cached codes once taken. */
  private static Partial takePartial(Codes c) {
    Partial p = c.partial;
    if (p == null) {
      throw new IllegalStateException("the products of partition " + c.partition + " were taken already");
    }
    c.partial = null;
    return p;
  }

  /** Unpersists the codes of the last checkpoint and destroys the broadcasts their successors read. */
  private static JavaRDD<Codes> release(JavaRDD<Codes> anchor, List<Broadcast<float[]>> live) {
    anchor.unpersist(false);
    for (Broadcast<float[]> b : live) {
      b.destroy();
    }
    live.clear();
    return null;
  }

  private static double dot(float[] a, FloatMatrix b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b.get(i);
    }
    return s;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** A penalty that, scaled as scikit-learn scales it, exceeds float's range, as core refuses it. */
  private static void checkPenalty(String name, double alpha, int scale) {
    if (!(alpha * scale <= Float.MAX_VALUE)) {
      throw new io.facerecon.io.InvalidParameterException(name,
          alpha + " is too large: scaled by " + scale + " as scikit-learn scales it, it exceeds float's range");
    }
  }

  private static void checkStart(String name, FloatMatrix f, int rows, int cols) {
    if (f.rows() != rows || f.cols() != cols) {
      throw new BadInputException(
          name + " has shape " + f.rows() + "x" + f.cols() + ", expected " + rows + "x" + cols);
    }
    boolean positive = false;
    for (int i = 0; i < f.size(); i++) {
      float x = f.get(i);
      if (!(x >= 0) || Float.isInfinite(x)) {
        throw new BadInputException(name + " must be finite and non-negative, but has " + x + " at row "
            + i / cols + ", column " + i % cols);
      }
      positive |= x > 0;
    }
    if (!positive) {
      throw new BadInputException(name + " is all zeros");
    }
  }
}
