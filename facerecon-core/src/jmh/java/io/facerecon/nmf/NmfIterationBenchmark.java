package io.facerecon.nmf;

import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one NMF iteration (both factors) at the study's size: 2,914 pixels × 1,217 images,
 * k = 30. The GEMM-bound limit is two k×m×n products per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "--add-modules=jdk.incubator.vector"})
public class NmfIterationBenchmark {
  @Param({"MU", "CD"})
  public Solver solver;

  @Param({"false", "true"})
  public boolean accelerated;

  @Param({"2"})
  public int threads;

  private NmfData data;
  private FactorUpdate codes;
  private FactorUpdate basis;
  private FloatMatrix wt;
  private FloatMatrix h;

  @Setup
  public void setUp() {
    ExecutionContext.setDefault(ExecutionContext.ofThreads(threads));
    int m = 2914;
    int n = 1217;
    int k = 30;
    SplittableRandom random = new SplittableRandom(0);
    FloatMatrix v = FloatMatrix.zeros(m, n);
    for (int i = 0; i < v.size(); i++) {
      v.set(i, (float) random.nextDouble());
    }
    data = NmfData.ofPixelsByImages(v);
    wt = FloatMatrix.zeros(k, m);
    h = FloatMatrix.zeros(k, n);
    Initialization.initialize(data, InitMethod.RANDOM, 0, wt, h);
    if (solver == Solver.MU) {
      codes = new MultiplicativeUpdate(k, m, n, Side.CODES, false, Penalty.NONE, BetaLoss.FROBENIUS, accelerated, null);
      basis = new MultiplicativeUpdate(
          k, n, m, Side.BASIS, data.basisDataTransposed(k), Penalty.NONE, BetaLoss.FROBENIUS, accelerated, null);
    } else {
      codes = new HalsUpdate(k, m, n, Side.CODES, false, Penalty.NONE, accelerated, null);
      basis = new HalsUpdate(k, n, m, Side.BASIS, data.basisDataTransposed(k), Penalty.NONE, accelerated, null);
    }
  }

  @Benchmark
  public FloatMatrix iteration() {
    codes.update(wt, data.vt(), h, false);
    basis.update(h, data.basisData(wt.rows()), wt, false);
    return wt;
  }
}
