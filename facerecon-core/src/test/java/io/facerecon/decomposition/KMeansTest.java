package io.facerecon.decomposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facerecon.data.FaceSet;
import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.NumpyRandomState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** k-means' behaviour beyond the goldens: the fused kernel against plain Lloyd, the model's uses, bad input. */
class KMeansTest {
  /** n images of p pixels around k well separated centres; seeded. */
  private static FloatMatrix blobs(int n, int p, int k, long seed) {
    Random random = new Random(seed);
    float[][] means = new float[k][p];
    for (float[] m : means) {
      for (int c = 0; c < p; c++) {
        m[c] = random.nextFloat() * 4;
      }
    }
    FloatMatrix x = FloatMatrix.zeros(n, p);
    for (int i = 0; i < n; i++) {
      float[] m = means[i % k];
      for (int c = 0; c < p; c++) {
        x.set(i, c, m[c] + 0.3f * (float) random.nextGaussian());
      }
    }
    return x;
  }

  private static FloatMatrix firstRows(FloatMatrix x, int k) {
    return x.rowRange(0, k).copy();
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2, 3})
  void fusedKernelMatchesPlainLloyd(int threads) {
    // 700 images: three chunks of 256 rows; 300 pixels: long enough for the SIMD GEMM kernel.
    // Twenty blobs in eight clusters, from the first eight images: a run of several steps.
    FloatMatrix x = blobs(700, 300, 20, 1);
    FloatMatrix start = firstRows(x, 8);
    KMeansReference reference = new KMeansReference(x, start, 300);
    KMeansFit fit = ExecutionContext.ofThreads(threads).call(
        () -> new KMeans(KMeansOptions.defaults(8).withTol(0)).fit(x, start));

    assertThat(reference.iterations).isGreaterThan(2);
    assertThat(fit.iterations()).isEqualTo(reference.iterations);
    assertThat(fit.labels()).containsExactly(reference.labels);
    for (int j = 0; j < 8; j++) {
      for (int c = 0; c < 300; c++) {
        assertThat((double) fit.clusterCenters().get(j, c)).isCloseTo(reference.centers[j][c], within(1e-5));
      }
    }
    assertThat(fit.inertia()).isCloseTo(reference.inertia(x), within(1e-5 * reference.inertia(x)));
  }

  @Test
  void predictGivesTheFittedLabelsAndTransformTheDistances() {
    FloatMatrix x = blobs(300, 20, 5, 2);
    KMeans kmeans = new KMeans(KMeansOptions.defaults(5).withNInit(2));
    KMeansFit fit = kmeans.fit(x);
    KMeansModel model = fit.model();
    assertThat(model.predict(x)).containsExactly(fit.labels());
    assertThat(kmeans.fitPredict(x)).containsExactly(fit.labels());
    assertThat(model.score(x)).isCloseTo(-fit.inertia(), within(1e-5 * fit.inertia()));

    FloatMatrix distances = model.transform(x);
    assertThat(distances.rows()).isEqualTo(300);
    assertThat(distances.cols()).isEqualTo(5);
    for (int i = 0; i < 300; i++) {
      int nearest = 0;
      for (int j = 0; j < 5; j++) {
        double d = 0;
        for (int c = 0; c < 20; c++) {
          double diff = x.get(i, c) - model.clusterCenters().get(j, c);
          d += diff * diff;
        }
        assertThat((double) distances.get(i, j)).isCloseTo(Math.sqrt(d), within(1e-5 * (1 + Math.sqrt(d))));
        nearest = distances.get(i, j) < distances.get(i, nearest) ? j : nearest;
      }
      assertThat(nearest).isEqualTo(fit.labels()[i]);
    }
  }

  @Test
  void aFaceIsCodedByItsNearestCentreAndReconstructedAsIt() {
    FloatMatrix x = blobs(120, 12, 4, 3);
    KMeansModel model = new KMeans(KMeansOptions.defaults(4)).fit(x).model();
    int[] labels = model.predict(x);
    FloatMatrix codes = model.codes(x);
    FloatMatrix reconstructed = model.reconstruct(x);
    assertThat(model.codeSize()).isEqualTo(4);
    for (int i = 0; i < 120; i++) {
      for (int j = 0; j < 4; j++) {
        assertThat(codes.get(i, j)).isEqualTo(j == labels[i] ? 1f : 0f);
      }
      assertThat(reconstructed.row(i)).containsExactly(model.clusterCenters().row(labels[i]));
    }
    assertThat(model.inverseTransform(codes).toArray()).containsExactly(reconstructed.toArray());
    FaceSet faces = FaceSet.unlabelled(x, 3, 4);
    assertThat(model.withImageSize(3, 4).reconstruct(faces).toArray()).containsExactly(reconstructed.toArray());
    assertThatThrownBy(() -> model.withImageSize(2, 6).reconstruct(faces))
        .isInstanceOf(BadInputException.class).hasMessageContaining("made for 2x6 images");
  }

  @Test
  void moreRunsKeepTheLowestInertia() {
    FloatMatrix x = blobs(400, 10, 12, 4);
    double one = new KMeans(KMeansOptions.defaults(6).withNInit(1).withSeed(7)).fit(x).inertia();
    double five = new KMeans(KMeansOptions.defaults(6).withNInit(5).withSeed(7)).fit(x).inertia();
    assertThat(five).isLessThanOrEqualTo(one);
  }

  @Test
  void randomInitStartsFromTheFirstImagesOfNumpysPermutation() {
    FloatMatrix x = blobs(50, 6, 3, 5);
    int[] permutation = new NumpyRandomState(11).permutation(50);
    FloatMatrix start = FloatMatrix.zeros(3, 6);
    for (int j = 0; j < 3; j++) {
      start.rowRange(j, j + 1).copyFrom(x.rowRange(permutation[j], permutation[j] + 1));
    }
    KMeansOptions options = KMeansOptions.defaults(3).withInit(KMeansInit.RANDOM).withNInit(1).withSeed(11);
    KMeansFit random = new KMeans(options).fit(x);
    KMeansFit given = new KMeans(options).fit(x, start);
    assertThat(random.labels()).containsExactly(given.labels());
    assertThat(random.iterations()).isEqualTo(given.iterations());
    assertThat(random.clusterCenters().toArray()).containsExactly(given.clusterCenters().toArray());
  }

  @Test
  void badSettingsAndDataAreRefusedNamingTheProblem() {
    FloatMatrix x = blobs(10, 4, 2, 6);
    assertThatThrownBy(() -> KMeansOptions.defaults(0))
        .isInstanceOf(InvalidParameterException.class).hasMessage("k (number of clusters) must be >= 1, got 0");
    assertThatThrownBy(() -> new KMeans(KMeansOptions.defaults(11)).fit(x))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("k (number of clusters) is 11 but there are only 10 images");
    assertThatThrownBy(() -> KMeansOptions.defaults(2).withNInit(0)).hasMessageStartingWith("nInit");
    assertThatThrownBy(() -> KMeansOptions.defaults(2).withMaxIterations(0)).hasMessageStartingWith("maxIterations");
    assertThatThrownBy(() -> KMeansOptions.defaults(2).withTol(Double.NaN)).hasMessageStartingWith("tol");
    assertThatThrownBy(() -> KMeansOptions.defaults(2).withSeed(1L << 32)).hasMessageStartingWith("seed");
    assertThatThrownBy(() -> new KMeans(KMeansOptions.defaults(2)).fit(x, FloatMatrix.zeros(3, 4)))
        .hasMessage("initialCenters are 3x4, expected 2x4 (k x pixels)");
    assertThatThrownBy(() -> new KMeans(KMeansOptions.defaults(2)).fit(FaceSet.unlabelled(x, 2, 2).pixels()).model()
        .predict(FloatMatrix.zeros(3, 5))).hasMessageContaining("5 pixels per image");
  }

  @Test
  void nanAndInfiniteValuesAreCountedAndLocated() {
    FloatMatrix x = blobs(10, 4, 2, 6);
    x.set(2, 3, Float.NaN);
    x.set(7, 0, Float.NaN);
    x.set(8, 1, Float.POSITIVE_INFINITY);
    assertThatThrownBy(() -> new KMeans(KMeansOptions.defaults(2)).fit(x))
        .isInstanceOf(BadInputException.class)
        .hasMessage("x holds 2 NaN and 1 infinite values, at (image 2, pixel 3), (image 7, pixel 0),"
            + " (image 8, pixel 1); k-means needs complete, finite data");
    FloatMatrix many = blobs(10, 4, 2, 6);
    for (int i = 0; i < 8; i++) {
      many.set(i, 1, Float.NaN);
    }
    assertThatThrownBy(() -> new KMeans(KMeansOptions.defaults(2)).fit(many))
        .hasMessageStartingWith("x holds 8 NaN values, the first at (image 0, pixel 1), (image 1, pixel 1),");
  }

  @Test
  void savedModelReloadsWithItsSettingsAndImageSize(@TempDir Path dir) throws IOException {
    FloatMatrix x = blobs(60, 6, 3, 8);
    KMeansOptions options = KMeansOptions.defaults(3).withNInit(2).withTol(1e-3).withSeed(42);
    KMeansModel model = new KMeans(options).fit(FaceSet.unlabelled(x, 2, 3)).model();
    Path file = dir.resolve("kmeans.safetensors");
    model.save(file, Map.of("inertia", "1.5"));

    KMeansModel.Loaded loaded = KMeansModel.load(file);
    assertThat(loaded.metadata()).containsEntry("format", KMeansModel.FORMAT).containsEntry("inertia", "1.5");
    assertThat(loaded.model().options()).isEqualTo(options);
    assertThat(loaded.model().imageHeight()).isEqualTo(2);
    assertThat(loaded.model().imageWidth()).isEqualTo(3);
    assertThat(loaded.model().clusterCenters().toArray()).containsExactly(model.clusterCenters().toArray());
    assertThat(loaded.model().predict(x)).containsExactly(model.predict(x));
  }

  @Test
  void foreignOrDamagedModelFilesAreRefused(@TempDir Path dir) throws IOException {
    FloatMatrix centers = FloatMatrix.of(2, 2, 0f, 1f, 2f, 3f);
    Path other = dir.resolve("other.safetensors");
    SafeTensors.write(other, Map.of("components", new SafeTensors.Tensor(new int[] {2, 2}, centers)),
        Map.of("format", "facerecon-nmf"));
    assertThatThrownBy(() -> KMeansModel.load(other)).hasMessageContaining("not a facerecon k-means model");

    Path badInit = dir.resolve("init.safetensors");
    SafeTensors.write(badInit, Map.of("cluster_centers", new SafeTensors.Tensor(new int[] {2, 2}, centers)),
        Map.of("format", KMeansModel.FORMAT, "init", "kmeans"));
    assertThatThrownBy(() -> KMeansModel.load(badInit)).hasMessageContaining("'init' is 'kmeans'");

    Path nan = dir.resolve("nan.safetensors");
    new KMeansModel(FloatMatrix.of(2, 2, 0f, Float.NaN, 2f, 3f), KMeansOptions.defaults(2)).save(nan);
    assertThatThrownBy(() -> KMeansModel.load(nan)).hasMessageContaining("holds NaN");

    Path size = dir.resolve("size.safetensors");
    new KMeansModel(centers, KMeansOptions.defaults(2)).save(size, Map.of("height", "3", "width", "1"));
    assertThatThrownBy(() -> KMeansModel.load(size)).hasMessageContaining("image size of 3x1");
  }
}
