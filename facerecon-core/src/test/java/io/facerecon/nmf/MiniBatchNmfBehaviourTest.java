package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MiniBatchNmf's streaming, state, model and refusals. */
class MiniBatchNmfBehaviourTest {
  private static final int K = 3;
  private static final int HEIGHT = 4;
  private static final int WIDTH = 5;

  @TempDir Path dir;

  /** Images × pixels, low rank plus noise, seeded. */
  private static FloatMatrix images(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    FloatMatrix w = FloatMatrix.zeros(n, K);
    FloatMatrix h = FloatMatrix.zeros(K, HEIGHT * WIDTH);
    for (int i = 0; i < w.size(); i++) {
      w.set(i, (float) random.nextDouble());
    }
    for (int i = 0; i < h.size(); i++) {
      h.set(i, (float) random.nextDouble());
    }
    FloatMatrix x = io.facerecon.linalg.Blas.multiply(false, w, false, h);
    for (int i = 0; i < x.size(); i++) {
      x.set(i, x.get(i) + 0.05f * (float) random.nextDouble());
    }
    return x;
  }

  private static MiniBatchNmfOptions options(int batch) {
    return MiniBatchNmfOptions.defaults(K).withBatchSize(batch)
        .withNmf(MiniBatchNmfOptions.defaults(K).nmf().withInit(InitMethod.RANDOM).withMaxIterations(20));
  }

  /** A stream that remembers each read, as a file-backed stream would see them. */
  private static final class RecordingStream implements FaceStream {
    private final FaceStream faces;
    final List<int[]> reads = new ArrayList<>();

    RecordingStream(FloatMatrix x) {
      this.faces = FaceStream.of(FaceSet.unlabelled(x, HEIGHT, WIDTH));
    }

    @Override
    public int size() {
      return faces.size();
    }

    @Override
    public int height() {
      return HEIGHT;
    }

    @Override
    public int width() {
      return WIDTH;
    }

    @Override
    public void read(int first, FloatMatrix dest) throws IOException {
      reads.add(new int[] {first, dest.rows()});
      faces.read(first, dest);
    }

    @Override
    public void read(int[] indices, FloatMatrix dest) {
      throw new AssertionError("mini-batches are read in order");
    }

    @Override
    public void close() {}
  }

  @Test
  void aStreamedFitReadsOneBatchAtATimeInOrderAndEqualsTheInMemoryFit() throws IOException {
    FloatMatrix x = images(23, 1);
    RecordingStream stream = new RecordingStream(x);
    MiniBatchNmf streamed = new MiniBatchNmf(options(5)).fit(stream);
    MiniBatchNmf inMemory = new MiniBatchNmf(options(5)).fit(FaceSet.unlabelled(x, HEIGHT, WIDTH));

    assertThat(streamed.basis().toArray()).containsExactly(inMemory.basis().toArray());
    assertThat(streamed.codes().toArray()).containsExactly(inMemory.codes().toArray());
    assertThat(streamed.reconstructionErr()).isEqualTo(inMemory.reconstructionErr());
    assertThat(streamed.model().imageHeight()).isEqualTo(HEIGHT);
    // One pass to check the data, one per step (batches 0-4, 5-9, ..., 20-22, cycled), one for the error.
    assertThat(stream.reads).allSatisfy(r -> assertThat(r[1]).isLessThanOrEqualTo(5));
    int steps = streamed.nSteps();
    assertThat(stream.reads).hasSize(5 + steps + 5);
    for (int s = 0; s < steps; s++) {
      int first = (s % 5) * 5;
      assertThat(stream.reads.get(5 + s)).containsExactly(first, Math.min(5, 23 - first));
    }
  }

  @Test
  void aStreamedFitRefusesSvdStartsButTakesGivenFactors() throws IOException {
    FloatMatrix x = images(12, 2);
    MiniBatchNmfOptions defaults = MiniBatchNmfOptions.defaults(K).withBatchSize(4);
    assertThatThrownBy(() -> new MiniBatchNmf(defaults).fit(new RecordingStream(x)))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("init"))
        .hasMessageContaining("nndsvda (scikit-learn's default")
        .hasMessageContaining("init random");
    // In memory the default start is computed from all images.
    assertThat(new MiniBatchNmf(defaults).fit(x).nSteps()).isPositive();

    FloatMatrix w0 = FloatMatrix.zeros(HEIGHT * WIDTH, K);
    w0.fill(0.3f);
    FloatMatrix h0 = FloatMatrix.zeros(K, 12);
    h0.fill(0.2f);
    MiniBatchNmf streamed = new MiniBatchNmf(defaults).fit(new RecordingStream(x), w0, h0);
    MiniBatchNmf inMemory = new MiniBatchNmf(defaults).fit(x, w0, h0);
    assertThat(streamed.components().toArray()).containsExactly(inMemory.components().toArray());
  }

  @Test
  void partialFitContinuesAFitsBasisAndAccumulators() {
    FloatMatrix x = images(20, 3);
    MiniBatchNmf nmf = new MiniBatchNmf(options(8)).fit(x);
    int steps = nmf.nSteps();
    float[] before = nmf.components().toArray();
    nmf.partialFit(x.rowRange(0, 8).copy());
    assertThat(nmf.nSteps()).isEqualTo(steps + 1);
    assertThat(nmf.components().toArray()).isNotEqualTo(before);
    // The fit's report stays that of the fit.
    assertThat(nmf.nIter()).isEqualTo(20);
  }

  @Test
  void partialFitFromScratchInitialisesFromItsFirstChunk() {
    FloatMatrix x = images(20, 4);
    MiniBatchNmf nmf = new MiniBatchNmf(options(1024));
    assertThatThrownBy(nmf::components).isInstanceOf(IllegalStateException.class);
    nmf.partialFit(x.rowRange(0, 10).copy()).partialFit(x.rowRange(10, 20).copy());
    assertThat(nmf.nSteps()).isEqualTo(2);
    assertThat(nmf.transform(x).rows()).isEqualTo(20);
    assertThatThrownBy(nmf::lastFit).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> nmf.partialFit(FloatMatrix.zeros(3, 7)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("7 pixels");
  }

  @Test
  void aSavedModelTransformsAsTheEstimator() throws IOException {
    FloatMatrix x = images(15, 5);
    MiniBatchNmf nmf = new MiniBatchNmf(options(4).withTransformMaxIter(9).withFreshRestarts(true, 5))
        .fit(FaceSet.unlabelled(x, HEIGHT, WIDTH));
    Path file = dir.resolve("model.safetensors");
    nmf.model().save(file);
    NmfModel.Loaded loaded = NmfModel.load(file);
    assertThat(loaded.metadata()).containsEntry("estimator", "minibatch").containsEntry("transform_max_iter", "9");
    assertThat(loaded.model().miniBatch().orElseThrow().freshRestarts()).isTrue();
    FloatMatrix codes = loaded.model().transform(NmfData.ofImagesByPixels(x));
    assertThat(codes.transpose().toArray()).containsExactly(nmf.transform(x).toArray());
    // With fresh restarts, the fit's codes are the transform of its images.
    assertThat(nmf.codes().toArray()).containsExactly(codes.toArray());
    // An NMF model keeps NMF's transform.
    assertThat(new NmfModel(nmf.components(), NmfOptions.defaults(K)).miniBatch()).isEmpty();
  }

  @Test
  void refusesBadDataCountingAndNamingIt() {
    FloatMatrix x = images(10, 6);
    x.set(3, 4, Float.NaN);
    x.set(7, 0, -1f);
    x.set(7, 2, Float.POSITIVE_INFINITY);
    assertThatThrownBy(() -> new MiniBatchNmf(options(4)).fit(x))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("3 values in 2 images")
        .hasMessageContaining("the first is NaN at pixel 4 of image 3");
    assertThatThrownBy(() -> new MiniBatchNmf(options(4)).fit(FloatMatrix.zeros(4, 20)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("all zeros");
    MiniBatchNmfOptions itakuraSaito = options(4).withNmf(options(4).nmf().withBetaLoss(BetaLoss.ITAKURA_SAITO));
    FloatMatrix withZero = images(10, 7);
    withZero.set(0, 0, 0f);
    assertThatThrownBy(() -> new MiniBatchNmf(itakuraSaito).fit(withZero))
        .isInstanceOf(BadInputException.class).hasMessageContaining("strictly positive");
    MiniBatchNmfOptions huge = options(4).withNmf(options(4).nmf().withRegularization(1e38, 0, 0));
    assertThatThrownBy(() -> new MiniBatchNmf(huge).fit(images(10, 8)))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("alphaW"));
  }

  @Test
  void optionsNameTheParameterTheyRefuse() {
    NmfOptions nmf = NmfOptions.defaults(K).withSolver(Solver.MU);
    assertThatThrownBy(() -> new MiniBatchNmfOptions(NmfOptions.defaults(K), 10, 0.7, false, 30, 10, 0))
        .hasMessageStartingWith("solver must be mu");
    assertThatThrownBy(() -> new MiniBatchNmfOptions(nmf.withAccelerated(true), 10, 0.7, false, 30, 10, 0))
        .hasMessageStartingWith("accelerated");
    assertThatThrownBy(() -> new MiniBatchNmfOptions(nmf, 0, 0.7, false, 30, 10, 0))
        .hasMessageStartingWith("batchSize must be >= 1");
    assertThatThrownBy(() -> new MiniBatchNmfOptions(nmf, 10, 1.5, false, 30, 10, 0))
        .hasMessageStartingWith("forgetFactor must be in [0, 1]");
    assertThatThrownBy(() -> new MiniBatchNmfOptions(nmf, 10, 0.7, false, 0, 10, 0))
        .hasMessageStartingWith("freshRestartsMaxIter");
    assertThatThrownBy(() -> new MiniBatchNmfOptions(nmf, 10, 0.7, false, 30, -1, 0))
        .hasMessageStartingWith("maxNoImprovement");
    assertThatThrownBy(() -> new MiniBatchNmfOptions(nmf, 10, 0.7, false, 30, 10, -1))
        .hasMessageStartingWith("transformMaxIter");
    MiniBatchNmfOptions o = new MiniBatchNmfOptions(nmf.withMaxIterations(50), 300, 0.7, false, 30, 10, 0);
    assertThat(o.effectiveTransformMaxIter()).isEqualTo(50);
    assertThat(o.batchSizeFor(200)).isEqualTo(200);
    assertThat(o.rho(200)).isEqualTo(0.7);
    assertThat(o.rho(600)).isCloseTo(Math.pow(0.7, 0.5), org.assertj.core.data.Offset.offset(1e-15));
  }
}
