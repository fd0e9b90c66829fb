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

  /** A sum over partitions: H·Vᵀ (k × pixels), H·Hᵀ (k × k), ⟨H, WᵀV⟩ and the HALS violation. */
  static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] hvt;
    final double[] hht;
    double cross;
    double violation;

    Partial(int k, int pixels) {
      hvt = new double[k * pixels];
      hht = new double[k * k];
    }

    /** The zero of the sum: no arrays, so a job's closure does not carry k·(pixels + k) zeros. */
    static Partial zero() {
      return new Partial(0, 0);
    }

    Partial add(Partial o) {
      if (o.hvt.length == 0 && o.hht.length == 0) {
        cross += o.cross;
        violation += o.violation;
        return this;
      }
      if (hvt.length == 0 && hht.length == 0) {
        o.cross += cross;
        o.violation += violation;
        return o;
      }
      for (int i = 0; i < hvt.length; i++) {
        hvt[i] += o.hvt[i];
      }
      for (int i = 0; i < hht.length; i++) {
        hht[i] += o.hht[i];
      }
      cross += o.cross;
      violation += o.violation;
      return this;
    }

    void addProducts(FloatMatrix h, FloatMatrix vt, int k, int pixels) {
      FloatMatrix p = FloatMatrix.zeros(k, pixels);
      FloatMatrix g = FloatMatrix.zeros(k, k);
      FactorSteps.Codes.addBasisProducts(h, vt, p, g);
      for (int i = 0; i < hvt.length; i++) {
        hvt[i] += p.get(i);
      }
      for (int i = 0; i < hht.length; i++) {
        hht[i] += g.get(i);
      }
    }

    static FloatMatrix toMatrix(double[] values, int rows, int cols) {
      FloatMatrix m = FloatMatrix.zeros(rows, cols);
      for (int i = 0; i < values.length; i++) {
        m.set(i, (float) values[i]);
      }
      return m;
    }
  }

  Result fit(Dataset<?> dataset, FloatMatrix w0, FloatMatrix h0) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    JavaRDD<Blocks.Block> v = Blocks.of(dataset, column).persist(level);
    List<Blocks.Stats> stats = v.map(b -> b.stats).collect();
    Blocks.Summary summary;
    try {
      summary = Blocks.check(stats, column);
    } catch (RuntimeException e) {
      v.unpersist(false);
      throw e;
    }
    int k = options.components();
    int m = summary.pixels();
    long nLong = summary.images();
    if (nLong > Integer.MAX_VALUE) {
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
    if (init == InitMethod.CUSTOM) {
      if (w0 == null || h0 == null) {
        v.unpersist(false);
        throw new BadInputException("init custom needs starting factors: call setInitialFactors(w0, h0)");
      }
      checkStart("initial W", w0, m, k);
      checkStart("initial H", h0, k, n);
    }
    checkPenalty("alphaW", options.alphaW(), n);
    checkPenalty(Double.isNaN(options.alphaH()) ? "alphaW" : "alphaH", options.effectiveAlphaH(), m);
    long start = System.nanoTime();
    long[] offsets = summary.offsets();
    FloatMatrix wt;
    JavaRDD<Codes> codes;
    if (init == InitMethod.CUSTOM) {
      wt = w0.transpose();
      Broadcast<float[]> h0b = jsc.broadcast(h0.toArray());
      codes = v.map(b -> {
        int rows = b.rows;
        float[] h = new float[k * rows];
        float[] all = h0b.value();
        int from = (int) offsets[b.partition];
        for (int t = 0; t < k; t++) {
          System.arraycopy(all, t * n + from, h, t * rows, rows);
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
      return iterate(jsc, v, codes, wt, summary, n, start);
    } finally {
      v.unpersist(false);
    }
  }

  /** The generator of image {@code index}'s random start: a function of the seed and the index only. */
  static SplittableRandom imageRandom(long seed, long index) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
  }

  private Result iterate(
      JavaSparkContext jsc, JavaRDD<Blocks.Block> v, JavaRDD<Codes> codes0, FloatMatrix wt, Blocks.Summary summary,
      int n, long startNanos) {
    NmfOptions o = options;
    Settings settings = Settings.of(o);
    int k = o.components();
    int m = summary.pixels();
    double squaredNorm = summary.squaredNorm();
    // The error at the start, from ⟨H, WᵀV⟩ and H·Hᵀ: a pass that computes no basis products.
    Broadcast<float[]> w0b = jsc.broadcast(wt.toArray());
    Partial first =
        v.zipPartitions(codes0, (vi, ci) -> {
              Blocks.Block b = vi.next();
              Codes c = ci.next();
              Partial p = new Partial(k, 0);
              if (b.rows == 0) {
                return List.of(p).iterator();
              }
              ExecutionContext.serial().run(() -> {
                FloatMatrix wtm = FloatMatrix.of(k, m, w0b.value());
                FloatMatrix h = FloatMatrix.of(k, c.rows, c.h);
                FactorSteps.Codes step = new FactorSteps.Codes(settings.options(), m, c.rows);
                step.computeProducts(wtm, b.matrix());
                p.cross = step.cross(h);
                FloatMatrix g = FloatMatrix.zeros(k, k);
                Blas.gemm(false, true, 1f, h, h, 0f, g);
                for (int i = 0; i < k * k; i++) {
                  p.hht[i] = g.get(i);
                }
              });
              return List.of(p).iterator();
            })
            .treeAggregate(Partial.zero(), Partial::add, Partial::add, depth);
    FloatMatrix wtw = FloatMatrix.zeros(k, k);
    Blas.gemm(false, true, 1f, wt, wt, 0f, wtw);
    double errorAtInit = Math.sqrt(Math.max(0, squaredNorm - 2 * first.cross + dot(first.hht, wtw)));
    w0b.destroy();
    List<NmfFit.ErrorPoint> history = new ArrayList<>();
    history.add(new NmfFit.ErrorPoint(0, errorAtInit, seconds(startNanos)));
    boolean mu = o.solver() == Solver.MU;
    FactorSteps.Basis basisStep = new FactorSteps.Basis(o, m, n);
    double previousError = errorAtInit;
    double error = errorAtInit;
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
    while (iteration < o.maxIterations() && !stopped) {
      iteration++;
      long t0 = System.nanoTime();
      Broadcast<float[]> wb = jsc.broadcast(wt.toArray());
      live.add(wb);
      long t1 = System.nanoTime();
      JavaRDD<Codes> next = v.zipPartitions(codes, (vi, ci) -> {
        Blocks.Block b = vi.next();
        Codes c = ci.next();
        if (b.rows == 0) {
          return List.of(new Codes(c.partition, k, 0, c.h, Partial.zero())).iterator();
        }
        Partial p = new Partial(k, m);
        float[] updated = ExecutionContext.serial().call(() -> {
          FloatMatrix wtm = FloatMatrix.of(k, m, wb.value());
          FloatMatrix h = FloatMatrix.of(k, c.rows, c.h);
          FactorSteps.Codes step = new FactorSteps.Codes(settings.options(), m, c.rows);
          p.violation = step.update(wtm, b.matrix(), h, false);
          p.addProducts(h, b.matrix(), k, m);
          return h.toArray();
        });
        return List.of(new Codes(c.partition, k, c.rows, updated, p)).iterator();
      });
      boolean checkpoint = iteration % CHECKPOINT_EVERY == 0 || iteration == o.maxIterations();
      if (checkpoint) {
        next.rdd().localCheckpoint();
      } else {
        next.persist(StorageLevel.MEMORY_AND_DISK());
      }
      Partial total = next.map(DistributedNmf::takePartial).treeAggregate(Partial.zero(), Partial::add, Partial::add, depth);
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
      FloatMatrix hvt = Partial.toMatrix(total.hvt, k, m);
      FloatMatrix hht = Partial.toMatrix(total.hht, k, k);
      double violation = total.violation + basisStep.update(hvt, hht, wt);
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

  private static double dot(double[] a, FloatMatrix b) {
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
