package io.facerecon.cli;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.data.SyntheticImages;
import io.facerecon.io.Npy;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.NmfData;
import io.facerecon.nmf.NmfModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facerecon reconstruct --model} with the model file {@code facerecon nmf} writes. */
class ReconstructNmfModelTest {
  private static final int PIXELS = TinyFaces.HEIGHT * TinyFaces.WIDTH;

  @TempDir static Path root;
  private static Path faces;
  private static double[][] v;
  private static Path model;

  @BeforeAll
  static void fitAModel() throws Exception {
    faces = Files.createDirectories(root.resolve("faces"));
    v = TinyFaces.write(faces);
    Path out = root.resolve("nmf");
    CliRun run = CliRun.of("nmf", "--data", faces.toString(), "--k", "3", "--init", "random", "--max-iter", "50",
        "--no-progress", "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    model = out.resolve("model.safetensors");
  }

  @Test
  void codesTheImagesWithTheBasisFixedAndReconstructsThem() throws Exception {
    Path out = root.resolve("reconstructed");
    CliRun run = CliRun.of("reconstruct", "--model", model.toString(), "--data", faces.toString(),
        "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();

    Npy.Array rec = Npy.read(out.resolve("reconstructions.npy"));
    assertThat(rec.shape()).containsExactly(TinyFaces.IMAGES, TinyFaces.HEIGHT, TinyFaces.WIDTH);
    // The model's transform (codes with W fixed) and W·H, image by image.
    NmfModel nmf = NmfModel.load(model).model();
    FloatMatrix vt = FloatMatrix.zeros(TinyFaces.IMAGES, PIXELS);
    for (int p = 0; p < PIXELS; p++) {
      for (int i = 0; i < TinyFaces.IMAGES; i++) {
        vt.set(i, p, (float) v[p][i]);
      }
    }
    FloatMatrix expected = Blas.multiply(true, nmf.transform(NmfData.ofImagesByPixels(vt)), false, nmf.components());
    double squares = 0;
    double mean = 0;
    for (int i = 0; i < TinyFaces.IMAGES; i++) {
      for (int p = 0; p < PIXELS; p++) {
        float r = rec.values().get(i, p);
        assertThat(r).isCloseTo(expected.get(i, p), within(1e-6f));
        squares += (r - v[p][i]) * (r - v[p][i]);
        mean += v[p][i];
      }
    }
    int n = TinyFaces.IMAGES * PIXELS;
    mean /= n;
    double variance = 0;
    for (double[] row : v) {
      for (double x : row) {
        variance += (x - mean) * (x - mean) / n;
      }
    }
    JsonNode r = Json.MAPPER.readTree(out.resolve("results.json").toFile());
    assertThat(r.get("method").asText()).isEqualTo("nmf");
    assertThat(r.get("k").asInt()).isEqualTo(3);
    assertThat(r.get("code_size").asInt()).isEqualTo(3);
    assertThat(r.get("images").asInt()).isEqualTo(TinyFaces.IMAGES);
    assertThat(r.get("mse").asDouble()).isCloseTo(squares / n, within(1e-6)).isLessThan(variance / 4);
    assertThat(out.resolve("reconstructions.png")).isRegularFile();
  }

  @Test
  void imagesOfAnotherSizeAreRefused() throws Exception {
    Path other = Files.createDirectories(root.resolve("other"));
    SyntheticImages.write(other.resolve("a.png"), SyntheticImages.gray(6, 6, 1));
    CliRun run = CliRun.of("reconstruct", "--model", model.toString(), "--data", other.toString(),
        "--out", root.resolve("refused").toString());
    assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(run.err()).contains("--model " + model + " was made for 5x4 images, but --data");
  }
}
