package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facerecon nmf --minibatch --stream}: the faces read batch by batch give the outputs of the
 * same fit of the loaded faces, from an image folder and from an .npy file.
 */
class NmfMiniBatchStreamTest {
  @TempDir static Path root;
  private static Path folder;
  private static Path npy;
  private static Path w0;
  private static Path h0;

  @BeforeAll
  static void writeFaces() throws Exception {
    folder = Files.createDirectories(root.resolve("faces"));
    double[][] v = TinyFaces.write(folder);
    int pixels = TinyFaces.HEIGHT * TinyFaces.WIDTH;
    FloatMatrix x = FloatMatrix.zeros(TinyFaces.IMAGES, pixels);
    for (int p = 0; p < pixels; p++) {
      for (int i = 0; i < TinyFaces.IMAGES; i++) {
        x.set(i, p, (float) v[p][i]);
      }
    }
    npy = root.resolve("faces.npy");
    Npy.write(npy, x, TinyFaces.IMAGES, TinyFaces.HEIGHT, TinyFaces.WIDTH);
    FloatMatrix basis = FloatMatrix.zeros(pixels, 3);
    for (int i = 0; i < basis.size(); i++) {
      basis.set(i, 0.05f + (i * 37 % 11) / 20f);
    }
    FloatMatrix codes = FloatMatrix.zeros(3, TinyFaces.IMAGES);
    for (int i = 0; i < codes.size(); i++) {
      codes.set(i, 0.1f + (i * 13 % 7) / 10f);
    }
    w0 = root.resolve("w0.npy");
    h0 = root.resolve("h0.npy");
    Npy.write(w0, basis);
    Npy.write(h0, codes);
  }

  private static CliRun fit(Path data, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("nmf", "--minibatch", "--data", data.toString(), "--k", "3",
        "--batch-size", "4", "--max-iter", "25", "--tol", "0", "--max-no-improvement", "none", "--seed", "3",
        "--no-progress", "--out", out.toString()));
    args.addAll(List.of(extra));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  /** Streamed and loaded runs write the same figures and factors. */
  private static void assertSameOutputs(Path loaded, Path streamed) throws Exception {
    JsonNode a = Json.MAPPER.readTree(loaded.resolve("results.json").toFile());
    JsonNode b = Json.MAPPER.readTree(streamed.resolve("results.json").toFile());
    assertThat(a.get("streamed").asBoolean()).isFalse();
    assertThat(b.get("streamed").asBoolean()).isTrue();
    for (String field : new String[] {"images", "height", "width", "init", "iterations", "n_steps", "stopped_by",
        "relative_error", "reconstruction_error", "beta_divergence", "missing_values", "converged"}) {
      assertThat(b.get(field)).as(field).isEqualTo(a.get(field));
    }
    assertThat(b.get("history").get(0).get("relative_error")).isEqualTo(a.get("history").get(0).get("relative_error"));
    assertThat(b.get("relative_error").asDouble()).isBetween(0.0, 1.0);
    for (String factor : new String[] {"W.npy", "H.npy"}) {
      assertThat(Npy.read(streamed.resolve(factor)).values().toArray()).as(factor)
          .containsExactly(Npy.read(loaded.resolve(factor)).values().toArray());
    }
    assertThat(Files.readAllBytes(streamed.resolve("reconstructions.png")))
        .isEqualTo(Files.readAllBytes(loaded.resolve("reconstructions.png")));
    assertThat(Files.readAllBytes(streamed.resolve("model.safetensors")))
        .isEqualTo(Files.readAllBytes(loaded.resolve("model.safetensors")));
  }

  @Test
  void streamedRandomStartFromAnImageFolderAndAnNpyMatchesTheLoadedFit() throws Exception {
    for (Path data : new Path[] {folder, npy}) {
      String name = data.getFileName().toString();
      Path loaded = root.resolve("random-loaded-" + name);
      Path streamed = root.resolve("random-streamed-" + name);
      fit(data, loaded, "--init", "random");
      CliRun run = fit(data, streamed, "--init", "random", "--stream");
      assertThat(run.out()).contains("minibatch steps 50 (max_iter)");
      assertSameOutputs(loaded, streamed);
    }
  }

  @Test
  void streamedCustomStartMatchesTheLoadedFit() throws Exception {
    for (Path data : new Path[] {folder, npy}) {
      String name = data.getFileName().toString();
      Path loaded = root.resolve("custom-loaded-" + name);
      Path streamed = root.resolve("custom-streamed-" + name);
      fit(data, loaded, "--w0", w0.toString(), "--h0", h0.toString(), "--fresh-restarts");
      fit(data, streamed, "--w0", w0.toString(), "--h0", h0.toString(), "--fresh-restarts", "--stream");
      assertSameOutputs(loaded, streamed);
    }
  }

  @Test
  void refusesStreamingWhatNeedsAllImagesNamingTheFlag() {
    Path out = root.resolve("refused");
    CliRun plain = CliRun.of("nmf", "--data", npy.toString(), "--stream", "--init", "random", "--out", out.toString());
    assertThat(plain.exitCode()).isEqualTo(2);
    assertThat(plain.err()).contains("--stream applies to --minibatch only");

    CliRun nndsvda = CliRun.of("nmf", "--minibatch", "--stream", "--data", npy.toString(), "--k", "2", "--init", "nndsvda",
        "--out", out.toString());
    assertThat(nndsvda.exitCode()).isEqualTo(2);
    assertThat(nndsvda.err()).contains("--stream starts from --init random or --init custom").contains("--init nndsvda");

    CliRun byDefault = CliRun.of("nmf", "--minibatch", "--stream", "--data", npy.toString(), "--k", "2",
        "--out", out.toString());
    assertThat(byDefault.exitCode()).isEqualTo(2);
    assertThat(byDefault.err()).contains("--stream starts from --init random").contains("default is nndsvda");

    CliRun mask = CliRun.of("nmf", "--minibatch", "--stream", "--init", "random", "--data", npy.toString(),
        "--mask", npy.toString(), "--out", out.toString());
    assertThat(mask.exitCode()).isEqualTo(2);
    assertThat(mask.err()).contains("--mask");
    assertThat(out).doesNotExist();
  }
}
