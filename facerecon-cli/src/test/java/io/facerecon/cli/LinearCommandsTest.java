package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.NumpyRandomState;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facerecon pca}, {@code svd} and {@code kmeans} end to end, and their models in {@code reconstruct}. */
class LinearCommandsTest {
  private static final int IMAGES = 40;
  private static final int HEIGHT = 6;
  private static final int WIDTH = 5;

  @TempDir static Path root;
  private static Path faces;

  /** Low-rank faces in [0, 1]: 4 patterns mixed with random non-negative weights. */
  @BeforeAll
  static void writeFaces() throws Exception {
    NumpyRandomState random = new NumpyRandomState(7);
    int pixels = HEIGHT * WIDTH;
    FloatMatrix x = FloatMatrix.zeros(IMAGES, pixels);
    float[][] patterns = new float[4][pixels];
    for (float[] p : patterns) {
      for (int j = 0; j < pixels; j++) {
        p[j] = (float) random.randomSample();
      }
    }
    for (int i = 0; i < IMAGES; i++) {
      for (float[] p : patterns) {
        float w = (float) random.randomSample() / 4;
        for (int j = 0; j < pixels; j++) {
          x.set(i, j, x.get(i, j) + w * p[j]);
        }
      }
    }
    faces = root.resolve("faces.npy");
    Npy.write(faces, x, IMAGES, HEIGHT, WIDTH);
  }

  private static JsonNode results(Path out) throws Exception {
    return Json.MAPPER.readTree(out.resolve("results.json").toFile());
  }

  private static void assertSharedOutputs(Path out) {
    for (String f : new String[] {"results.json", "basis.png", "reconstructions.png", "components.npy",
        "codes.npy", "model.safetensors"}) {
      assertThat(out.resolve(f)).isRegularFile();
    }
  }

  @Test
  void pcaWritesItsSpectrumAndAModelThatReconstructs() throws Exception {
    Path out = root.resolve("pca");
    CliRun run = CliRun.of("pca", "--data", faces.toString(), "--k", "3", "--solver", "full", "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertSharedOutputs(out);
    assertThat(out.resolve("mean.npy")).isRegularFile();
    JsonNode r = results(out);
    assertThat(r.get("explained_variance_ratio")).hasSize(3);
    assertThat(r.get("singular_values")).hasSize(3);
    assertThat(r.get("singular_values").get(0).asDouble()).isGreaterThan(r.get("singular_values").get(2).asDouble());
    assertThat(r.get("explained_variance_ratio_sum").asDouble()).isBetween(0.9, 1.0);
    assertThat(Npy.read(out.resolve("components.npy")).shape()).containsExactly(3, HEIGHT * WIDTH);
    assertReconstructMatches(out, r.get("relative_error").asDouble());
  }

  @Test
  void aVarianceFractionChoosesTheComponents() throws Exception {
    Path out = root.resolve("pca-fraction");
    CliRun run = CliRun.of("pca", "--data", faces.toString(), "--k", "0.5", "--solver", "full", "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode r = results(out);
    assertThat(r.get("k").asInt()).isBetween(1, 3);
    assertThat(r.get("explained_variance_ratio_sum").asDouble()).isGreaterThan(0.5);
  }

  @Test
  void svdIsTheUncentredRankKCode() throws Exception {
    Path out = root.resolve("svd");
    CliRun run = CliRun.of("svd", "--data", faces.toString(), "--k", "4", "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertSharedOutputs(out);
    JsonNode r = results(out);
    // The faces are of rank 4: four components reconstruct them.
    assertThat(r.get("relative_error").asDouble()).isLessThan(1e-3);
    assertReconstructMatches(out, r.get("relative_error").asDouble());
  }

  @Test
  void kmeansCodesEachFaceByItsNearestCentre() throws Exception {
    Path out = root.resolve("kmeans");
    CliRun run = CliRun.of("kmeans", "--data", faces.toString(), "--k", "5", "--n-init", "2", "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertSharedOutputs(out);
    JsonNode r = results(out);
    int total = 0;
    for (JsonNode size : r.get("cluster_sizes")) {
      total += size.asInt();
    }
    assertThat(total).isEqualTo(IMAGES);
    assertThat(r.get("inertia").asDouble()).isPositive();
    FloatMatrix codes = Npy.read(out.resolve("codes.npy")).values();
    for (int i = 0; i < IMAGES; i++) {
      float sum = 0;
      for (int j = 0; j < 5; j++) {
        sum += codes.get(i, j);
      }
      assertThat(sum).isEqualTo(1f);
    }
    assertReconstructMatches(out, r.get("relative_error").asDouble());
  }

  @Test
  void badSettingsNameTheirFlag() {
    CliRun fraction = CliRun.of("pca", "--data", faces.toString(), "--k", "0.5", "--solver", "randomized",
        "--out", root.resolve("bad1").toString());
    assertThat(fraction.exitCode()).isEqualTo(2);
    assertThat(fraction.err()).contains("--solver").contains("full");
    CliRun tooMany = CliRun.of("kmeans", "--data", faces.toString(), "--k", "41", "--out", root.resolve("bad2").toString());
    assertThat(tooMany.exitCode()).isEqualTo(2);
    assertThat(tooMany.err()).contains("--k").contains("40");
    CliRun outOfRange = CliRun.of("pca", "--data", faces.toString(), "--k", "1.5", "--out", root.resolve("bad3").toString());
    assertThat(outOfRange.exitCode()).isEqualTo(2);
    assertThat(outOfRange.err()).contains("--k");
  }

  /** {@code reconstruct --model} gives the fit's own relative error on the same faces. */
  private static void assertReconstructMatches(Path fitted, double relativeError) throws Exception {
    Path out = fitted.resolveSibling(fitted.getFileName() + "-reconstruct");
    CliRun run = CliRun.of("reconstruct", "--model", fitted.resolve("model.safetensors").toString(),
        "--data", faces.toString(), "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    FloatMatrix x = Npy.read(faces).values();
    FloatMatrix r = Npy.read(out.resolve("reconstructions.npy")).values();
    assertThat(LinearModelOutputs.relativeError(x, r.reshape(x.rows(), x.cols()))).isCloseTo(relativeError, within(1e-5));
  }
}
