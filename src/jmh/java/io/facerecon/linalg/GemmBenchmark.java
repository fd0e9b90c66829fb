package io.facerecon.linalg;

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
 * The GEMM shapes of one NMF iteration on the 1,217-image set (V is 2914×1217, k = 30), on two
 * threads: Wᵀ·V, V·Hᵀ and W·H.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class GemmBenchmark {
  @Param({"2914"})
  int pixels;

  @Param({"1217"})
  int images;

  @Param({"30"})
  int k;

  FloatMatrix v;
  FloatMatrix w;
  FloatMatrix h;
  FloatMatrix wtv;
  FloatMatrix vht;
  FloatMatrix wh;

  @Setup
  public void setup() {
    Parallel.setThreads(2);
    SplittableRandom rnd = new SplittableRandom(0);
    v = random(pixels, images, rnd);
    w = random(pixels, k, rnd);
    h = random(k, images, rnd);
    wtv = FloatMatrix.zeros(k, images);
    vht = FloatMatrix.zeros(pixels, k);
    wh = FloatMatrix.zeros(pixels, images);
  }

  private static FloatMatrix random(int rows, int cols, SplittableRandom rnd) {
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) rnd.nextDouble());
    }
    return m;
  }

  /** Wᵀ·V: the numerator of the H update. */
  @Benchmark
  public FloatMatrix wtV() {
    Blas.gemm(true, false, 1f, w, v, 0f, wtv);
    return wtv;
  }

  /** V·Hᵀ: the numerator of the W update. */
  @Benchmark
  public FloatMatrix vHt() {
    Blas.gemm(false, true, 1f, v, h, 0f, vht);
    return vht;
  }

  /** W·H: the reconstruction. */
  @Benchmark
  public FloatMatrix wH() {
    Blas.gemm(false, false, 1f, w, h, 0f, wh);
    return wh;
  }
}
