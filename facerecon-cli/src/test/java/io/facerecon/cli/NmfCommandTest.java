package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.nmf.NmfModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facerecon nmf} end to end on a small synthetic LFW-style folder. */
class NmfCommandTest {
  @TempDir static Path root;
  private static Path faces;

  @BeforeAll
  static void writeFaces() throws Exception {
    faces = root.resolve("faces");
    SplittableRandom random = new SplittableRandom(1);
    for (String person : new String[] {"Ada_Lovelace", "Alan_Turing"}) {
      Path dir = Files.createDirectories(faces.resolve(person));
      for (int i = 1; i <= 8; i++) {
        BufferedImage img = new BufferedImage(250, 250, BufferedImage.TYPE_BYTE_GRAY);
        double fx = 0.02 + 0.05 * random.nextDouble();
        double fy = 0.02 + 0.05 * random.nextDouble();
        for (int y = 0; y < 250; y++) {
          for (int x = 0; x < 250; x++) {
            int v = (int) (127 + 120 * Math.sin(fx * x) * Math.cos(fy * y));
            img.getRaster().setSample(x, y, 0, v);
          }
        }
        ImageIO.write(img, "png", dir.resolve(String.format("%s_%04d.png", person, i)).toFile());
      }
    }
  }

  @Test
  void writesResultsFiguresFactorsAndAModel() throws Exception {
    Path out = root.resolve("out");
    int code = Main.run("nmf", "--data", faces.toString(), "--k", "4", "--solver", "mu", "--init",
        "random", "--max-iter", "30", "--tol", "0", "--no-progress", "--out", out.toString());
    assertThat(code).isZero();
    for (String f : new String[] {"results.json", "basis.png", "reconstructions.png", "W.npy", "H.npy", "model.safetensors"}) {
      assertThat(out.resolve(f)).isRegularFile();
    }
    JsonNode r = Json.MAPPER.readTree(out.resolve("results.json").toFile());
    assertThat(r.get("k").asInt()).isEqualTo(4);
    assertThat(r.get("solver").asText()).isEqualTo("mu");
    assertThat(r.get("iterations").asInt()).isEqualTo(30);
    assertThat(r.get("relative_error").asDouble()).isBetween(0.0, 1.0);
    assertThat(r.get("reconstruction_error").asDouble()).isPositive();
    assertThat(r.get("fit_seconds").asDouble()).isPositive();
    assertThat(r.get("history")).hasSize(4);
    NmfModel.Loaded model = NmfModel.load(out.resolve("model.safetensors"));
    assertThat(model.model().k()).isEqualTo(4);
    assertThat(model.metadata()).containsEntry("height", "62").containsEntry("width", "47");
    BufferedImage basis = ImageIO.read(out.resolve("basis.png").toFile());
    assertThat(basis.getWidth()).isGreaterThan(4 * 47);
  }

  @Test
  void badSettingsExitWithCodeTwoAndKeepEarlierOutputs() throws Exception {
    Path out = Files.createDirectories(root.resolve("kept"));
    Files.writeString(out.resolve("results.json"), "{}");
    assertThat(Main.run("nmf", "--data", faces.toString(), "--solver", "cd", "--beta-loss", "kullback-leibler",
        "--no-progress", "--out", out.toString())).isEqualTo(2);
    assertThat(Main.run("nmf", "--data", faces.toString(), "--k", "500", "--init", "nndsvda",
        "--no-progress", "--out", out.toString())).isEqualTo(2);
    assertThat(Files.readString(out.resolve("results.json"))).isEqualTo("{}");
  }
}
