package io.facerecon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.Nmf;
import io.facerecon.nmf.NmfData;
import io.facerecon.nmf.NmfFit;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import io.facerecon.testing.TestData;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** From the same custom start, SparkNmf's W, H and error history equal core's Nmf's. */
class SparkNmfEquivalenceTest {
  private static final double TOLERANCE = 1e-4;

  static FloatMatrix random(int rows, int cols, long seed, float scale) {
    SplittableRandom r = new SplittableRandom(seed);
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, scale * (float) r.nextDouble());
    }
    return m;
  }

  /** Low-rank non-negative images plus noise: images × pixels. */
  static FloatMatrix synthetic(int images, int pixels, int rank, long seed) {
    FloatMatrix a = random(images, rank, seed, 1f);
    FloatMatrix b = random(rank, pixels, seed + 1, 1f);
    FloatMatrix noise = random(images, pixels, seed + 2, 0.1f);
    FloatMatrix x = io.facerecon.linalg.Blas.multiply(false, a, false, b);
    for (int i = 0; i < x.size(); i++) {
      x.set(i, x.get(i) + noise.get(i));
    }
    return x;
  }

  static void compare(FloatMatrix vt, NmfOptions options, int partitions, String solver) {
    compare(vt, options, partitions, solver, "MEMORY_AND_DISK");
  }

  static void compare(FloatMatrix vt, NmfOptions options, int partitions, String solver, String storageLevel) {
    int k = options.components();
    FloatMatrix w0 = random(vt.cols(), k, 11, 0.5f);
    FloatMatrix h0 = random(k, vt.rows(), 12, 0.5f);
    NmfFit core = new Nmf(options).fit(NmfData.ofImagesByPixels(vt), w0, h0);
    SparkNmfModel model = new SparkNmf()
        .setK(k).setSolver(solver).setInit("custom").setMaxIter(options.maxIterations()).setTol(options.tol())
        .setAlphaW(options.alphaW()).setAlphaH(options.alphaH()).setL1Ratio(options.l1Ratio())
        .setInitialFactors(w0, h0).setStorageLevel(storageLevel)
        .fit(LocalSpark.frame(vt, partitions));
    String what = solver + " " + partitions + " partitions, alphaW " + options.alphaW() + ", " + storageLevel;
    assertThat(model.nIter()).as(what).isEqualTo(core.iterations());
    assertThat(LocalSpark.relative(model.basis(), core.basis())).as("W, " + what).isLessThan(TOLERANCE);
    assertThat(LocalSpark.relative(model.trainingCodesMatrix(), core.codes())).as("H, " + what).isLessThan(TOLERANCE);
    assertThat(model.history()).hasSameSizeAs(core.history());
    for (int i = 0; i < core.history().size(); i++) {
      NmfFit.ErrorPoint c = core.history().get(i);
      NmfFit.ErrorPoint s = model.history().get(i);
      assertThat(s.iteration()).isEqualTo(c.iteration());
      assertThat(Math.abs(s.error() - c.error()) / c.error()).as("error at " + c.iteration() + ", " + what)
          .isLessThan(TOLERANCE);
    }
    assertThat(Math.abs(model.reconstructionErr() - core.reconstructionError()) / core.reconstructionError())
        .as("final error, " + what).isLessThan(TOLERANCE);
  }

  @ParameterizedTest
  @CsvSource({
    "mu, 1, 0", "mu, 3, 0.01", "mu, 7, 0",
    "hals, 1, 0.01", "hals, 3, 0", "hals, 7, 0.01",
  })
  void syntheticEqualsCore(String solver, int partitions, double alpha) {
    FloatMatrix vt = synthetic(90, 64, 4, 5);
    NmfOptions options = NmfOptions.defaults(6).withSolver(solver.equals("mu") ? Solver.MU : Solver.CD)
        .withMaxIterations(60).withTol(0).withRegularization(alpha, 2 * alpha, 0.5);
    compare(vt, options, partitions, solver);
  }

  /** The partitions' sums are added in one order, whichever task finishes first: the same bits. */
  @Test
  void repeatedFitsGiveTheSameBits() {
    FloatMatrix vt = synthetic(90, 64, 4, 5);
    float[][] first = null;
    for (int run = 0; run < 3; run++) {
      SparkNmfModel model = new SparkNmf().setK(6).setSolver("hals").setInit("nndsvda").setMaxIter(40).setTol(0)
          .fit(LocalSpark.frame(vt, 7));
      float[][] factors = {model.basis().toArray(), model.trainingCodesMatrix().toArray()};
      if (first == null) {
        first = factors;
      } else {
        assertThat(factors[0]).as("W, run " + run).isEqualTo(first[0]);
        assertThat(factors[1]).as("H, run " + run).isEqualTo(first[1]);
      }
    }
  }

  @Test
  void toleranceStopsAtTheSameIteration() {
    FloatMatrix vt = synthetic(80, 40, 3, 9);
    compare(vt, NmfOptions.defaults(4).withSolver(Solver.MU).withMaxIterations(300).withTol(1e-3), 3, "mu");
    compare(vt, NmfOptions.defaults(4).withSolver(Solver.CD).withMaxIterations(300).withTol(1e-2), 3, "hals");
  }

  /**
   * Partitions of more than one chunk read (4 MB), cached serialised or on disk only: the blocks
   * are joined, written and read back, and the numbers stay core's.
   */
  @ParameterizedTest
  @CsvSource({"mu, MEMORY_AND_DISK_SER", "hals, DISK_ONLY", "mu, MEMORY_AND_DISK"})
  void blocksOfSeveralChunksCachedSerialisedEqualCore(String solver, String level) {
    FloatMatrix vt = synthetic(2400, 1000, 4, 31);
    NmfOptions options = NmfOptions.defaults(5).withSolver(solver.equals("mu") ? Solver.MU : Solver.CD)
        .withMaxIterations(12).withTol(0);
    compare(vt, options, 2, solver, level);
  }

  private static FaceSet lfw;

  private static synchronized FaceSet lfw() throws Exception {
    if (lfw == null) {
      lfw = FaceSetLoader.load(TestData.lfwRoot(), LoadOptions.defaults().withMinFaces(75));
    }
    return lfw;
  }

  @ParameterizedTest
  @CsvSource({"mu, 3, 0", "mu, 7, 0.001", "hals, 1, 0", "hals, 3, 0.001"})
  void lfwEqualsCore(String solver, int partitions, double alpha) throws Exception {
    FaceSet faces = lfw();
    assertThat(faces.size()).isEqualTo(1217);
    NmfOptions options = NmfOptions.defaults(20).withSolver(solver.equals("mu") ? Solver.MU : Solver.CD)
        .withMaxIterations(30).withTol(0).withRegularization(alpha, Double.NaN, 0.3);
    compare(faces.pixels(), options, partitions, solver);
  }
}
