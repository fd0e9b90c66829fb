package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.study.SyntheticFaces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facerecon compare --occlusion ... --ae-denoising} on small synthetic faces: every run
 * measured on each occlusion in results.json, results.csv and the table; the report's section; and
 * the same study without {@code --occlusion} writes exactly what it wrote before.
 */
class CompareOcclusionTest {
  private static final List<String> SPECS = List.of("block:0.25", "half:lower");

  @TempDir static Path temp;
  private static Path occluded;
  private static Path plain;
  private static CliRun occludedRun;
  private static CliRun plainRun;

  @BeforeAll
  static void runStudies() throws IOException {
    Path faces = CompareCommandTest.writeFaces(temp.resolve("faces.npy"), SyntheticFaces.create(60, 3, 24, 20, 3));
    occluded = temp.resolve("occluded");
    plain = temp.resolve("plain");
    List<String> args = grid(faces);
    plainRun = CliRun.of(withOut(args, plain).toArray(String[]::new));
    List<String> withOcclusion = withOut(args, occluded);
    withOcclusion.addAll(List.of("--occlusion", String.join(",", SPECS), "--ae-denoising"));
    occludedRun = CliRun.of(withOcclusion.toArray(String[]::new));
  }

  private static List<String> grid(Path data) {
    return new ArrayList<>(List.of(
        "compare", "--data", data.toString(), "--min-faces", "0", "--nmf-k", "4,8", "--nmf-iters", "30",
        "--ae-epochs", "2,1", "--bottleneck-code-size", "8", "--ae-batch-size", "16", "--no-progress",
        "--threads", "1"));
  }

  private static List<String> withOut(List<String> args, Path out) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--out", out.toString()));
    return all;
  }

  @Test
  void everyRunHasAnOcclusionBlockPerSpec() throws IOException {
    assertThat(occludedRun.exitCode()).as(occludedRun.err()).isZero();
    JsonNode results = new ObjectMapper().readTree(occluded.resolve("results.json").toFile());
    assertThat(results.get("metrics").get("occlusion").asText()).contains("hole");
    JsonNode cases = results.get("setup").get("occlusions");
    assertThat(cases).hasSize(2);
    for (JsonNode c : cases) {
      assertThat(occluded.resolve(c.get("masks").asText())).isRegularFile();
    }
    List<String> names = new ArrayList<>();
    for (JsonNode r : results.get("runs")) {
      names.add(r.get("name").asText());
      JsonNode occ = r.get("occlusion");
      assertThat(occ).as(r.get("name").asText()).hasSize(2);
      for (int i = 0; i < SPECS.size(); i++) {
        JsonNode o = occ.get(i);
        assertThat(o.get("spec").asText()).isEqualTo(SPECS.get(i));
        assertThat(o.get("hole").get("mse").asDouble()).isPositive();
        assertThat(o.get("hole").get("psnr").asDouble()).isBetween(0.0, 80.0);
        assertThat(o.get("hole").get("ssim").asDouble()).isBetween(-1.0, 1.0);
        assertThat(o.get("face").get("meanSsim").asDouble()).isBetween(-1.0, 1.0);
      }
    }
    assertThat(names).contains("DAE 1 epoch", "DAE 2 epochs", "DAE bottleneck 8, 2 epochs", "NMF k=4, 30 it");
    List<String> csv = Files.readAllLines(occluded.resolve("results.csv"));
    assertThat(csv.get(0)).contains("occlusion block:0.25 hole_psnr", "occlusion half:lower face_ssim");
    assertThat(csv).hasSize(names.size() + 1);
    assertThat(occludedRun.out()).contains("occluded test faces, block:0.25", "occluded test faces, half:lower", "hole PSNR");
  }

  @Test
  void reportHasTheOccludedFacesSection() throws IOException {
    String html = Files.readString(occluded.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("<h2 id=\"occlusion\">Occluded faces</h2>", "fills the hole best",
        "occlusion-1-block-0-25.png", "hole-psnr-vs-code-size-2-half-lower.png", "denoising training changes");
    assertThat(occluded.resolve("occlusion-2-half-lower.png")).isRegularFile();
  }

  @Test
  void withoutOcclusionNothingChanges() throws IOException {
    assertThat(plainRun.exitCode()).as(plainRun.err()).isZero();
    JsonNode results = new ObjectMapper().readTree(plain.resolve("results.json").toFile());
    assertThat(results.get("metrics").has("occlusion")).isFalse();
    assertThat(results.get("setup").has("occlusions")).isFalse();
    for (JsonNode r : results.get("runs")) {
      assertThat(r.has("occlusion")).isFalse();
      assertThat(r.get("kind").asText()).isNotEqualTo("DAE");
    }
    assertThat(Files.readString(plain.resolve("report.html"))).doesNotContain("Occluded faces");
    assertThat(plainRun.out()).doesNotContain("occluded");
    try (Stream<Path> files = Files.list(plain)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("occlusion") || n.startsWith("hole"));
    }
    // The runs both studies share have the same numbers: the occlusions change nothing else.
    JsonNode other = new ObjectMapper().readTree(occluded.resolve("results.json").toFile());
    for (JsonNode r : results.get("runs")) {
      JsonNode same = null;
      for (JsonNode o : other.get("runs")) {
        if (o.get("name").equals(r.get("name"))) {
          same = o;
        }
      }
      assertThat(same).as(r.get("name").asText()).isNotNull();
      assertThat(same.get("test").get("mse").asDouble()).isEqualTo(r.get("test").get("mse").asDouble());
      assertThat(same.get("train").get("meanSsim").asDouble()).isEqualTo(r.get("train").get("meanSsim").asDouble());
    }
  }

  @Test
  void denoisingWithoutOcclusionIsRefused() throws IOException {
    List<String> args = withOut(grid(temp.resolve("faces.npy")), temp.resolve("refused"));
    args.add("--ae-denoising");
    CliRun refused = CliRun.of(args.toArray(String[]::new));
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("--ae-denoising needs --occlusion");
    List<String> bad = withOut(grid(temp.resolve("faces.npy")), temp.resolve("refused2"));
    bad.addAll(List.of("--occlusion", "block:1.5"));
    CliRun badSpec = CliRun.of(bad.toArray(String[]::new));
    assertThat(badSpec.exitCode()).isEqualTo(2);
    assertThat(badSpec.err()).contains("--occlusion");
  }
}
