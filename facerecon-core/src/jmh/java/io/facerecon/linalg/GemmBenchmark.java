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
 * threads: Wᵀ·V (from V, and as NMF computes it: Vᵀ·W from its stored Vᵀ), V·Hᵀ (from V, and
 * as NMF computes it: from Vᵀ) and W·H; and a
 * large square product, near the machine's float32 peak, for scale.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class GemmBenchmark {
  /** Side of the square product: large enough for OpenBLAS to run at its best rate. */
  static final int SQUARE = 2000;

  @Param({"2914"})
  int pixels;

  @Param({"1217"})
  int images;

  @Param({"30"})
  int k;

  FloatMatrix v;
  FloatMatrix vt;
  FloatMatrix w;
  FloatMatrix h;
  FloatMatrix wtv;
  FloatMatrix vtw;
  FloatMatrix vht;
  FloatMatrix wh;
  FloatMatrix square;
  FloatMatrix squareProduct;

  @Setup
  public void setup() {
    ExecutionContext.setDefault(ExecutionContext.ofThreads(2));
    SplittableRandom rnd = new SplittableRandom(0);
    v = random(pixels, images, rnd);
    w = random(pixels, k, rnd);
    h = random(k, images, rnd);
    vt = v.transpose();
    wtv = FloatMatrix.zeros(k, images);
    vtw = FloatMatrix.zeros(images, k);
    vht = FloatMatrix.zeros(pixels, k);
    wh = FloatMatrix.zeros(pixels, images);
    square = random(SQUARE, SQUARE, rnd);
    squareProduct = FloatMatrix.zeros(SQUARE, SQUARE);
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

  /** (Wᵀ·V)ᵀ = Vᵀ·W: the numerator of the H update as NMF computes it, from the stored Vᵀ. */
  @Benchmark
  public FloatMatrix vtW() {
    Blas.gemm(false, false, 1f, vt, w, 0f, vtw);
    return vtw;
  }

  /** V·Hᵀ: the numerator of the W update. */
  @Benchmark
  public FloatMatrix vHt() {
    Blas.gemm(false, true, 1f, v, h, 0f, vht);
    return vht;
  }

  /** V·Hᵀ as NMF computes it from the stored Vᵀ alone: (Vᵀ)ᵀ·Hᵀ. */
  @Benchmark
  public FloatMatrix vtTHt() {
    Blas.gemm(true, true, 1f, vt, h, 0f, vht);
    return vht;
  }

  /** W·H: the reconstruction. */
  @Benchmark
  public FloatMatrix wH() {
    Blas.gemm(false, false, 1f, w, h, 0f, wh);
    return wh;
  }

  /** A 2000×2000 square product: what OpenBLAS reaches when packing costs nothing. */
  @Benchmark
  public FloatMatrix square() {
    Blas.gemm(false, false, 1f, square, square, 0f, squareProduct);
    return squareProduct;
  }
}
