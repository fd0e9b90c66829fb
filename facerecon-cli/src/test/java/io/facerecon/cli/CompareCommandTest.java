package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.data.FaceSet;
import io.facerecon.study.SyntheticFaces;
import io.facerecon.io.Npy;
import io.facerecon.report.BrowserCheck;
import io.facerecon.report.ResultsWriter;
import io.facerecon.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facerecon compare} end to end on a small grid: outputs, held-out figures for every run,
 * the report in a browser, and bad input refused before any work.
 */
class CompareCommandTest {
  /** NMF k 4 and 8 at 30 iterations, k 8 also at 10; AE after 1 and 2 epochs; bottleneck 8. */
  private static final List<String> RUNS = List.of(
      "NMF k=4, 30 it", "NMF k=8, 30 it", "NMF k=8, 10 it", "PCA k=4", "PCA k=8", "VQ k=4", "VQ k=8",
      "AE 1 epoch", "AE 2 epochs", "AE bottleneck 8, 2 epochs");

  @TempDir static Path temp;
  private static Path faces;
  private static Path out;
  private static CliRun run;

  @BeforeAll
  static void runSmallStudy() throws IOException {
    faces = writeFaces(temp.resolve("faces.npy"), SyntheticFaces.create(60, 3, 24, 20, 3));
    out = temp.resolve("study");
    run = CliRun.of(smallGrid(faces, out).toArray(String[]::new));
  }

  private static List<String> smallGrid(Path data, Path out) {
    return new ArrayList<>(List.of(
        "compare", "--data", data.toString(), "--min-faces", "0", "--out", out.toString(),
        "--nmf-k", "4,8", "--nmf-iters", "30,10", "--ae-epochs", "2,1", "--bottleneck-code-size", "8",
        "--ae-batch-size", "16", "--no-progress"));
  }

  /** {@code args} with {@code flag} set to {@code value}, in place of the grid's own value. */
  private static String[] with(List<String> args, String flag, String value) {
    int i = args.indexOf(flag);
    if (i >= 0) {
      args.set(i + 1, value);
    } else {
      args.addAll(List.of(flag, value));
    }
    return args.toArray(String[]::new);
  }

  /** Faces as an N×H×W .npy with the persons and sources beside it, as info --save-npy writes. */
  static Path writeFaces(Path file, FaceSet set) throws IOException {
    Npy.write(file, set.pixels(), set.size(), set.height(), set.width());
    List<Map<String, String>> labels = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      Map<String, String> r = new LinkedHashMap<>();
      r.put("person", set.personNames().get(set.label(i)));
      r.put("source", set.source(i));
      labels.add(r);
    }
    Files.write(file.resolveSibling(file.getFileName() + ".labels.json"), new ObjectMapper().writeValueAsBytes(labels));
    return file;
  }

  @Test
  void writesEveryRunWithTrainingAndHeldOutFigures() throws IOException {
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(results.get("format").asText()).isEqualTo(ResultsWriter.FORMAT);
    assertThat(results.get("setup").get("trainImages").asInt()).isEqualTo(48);
    assertThat(results.get("setup").get("testImages").asInt()).isEqualTo(12);
    List<String> names = new ArrayList<>();
    for (JsonNode r : results.get("runs")) {
      names.add(r.get("name").asText());
      for (String part : List.of("train", "test")) {
        JsonNode e = r.get(part);
        assertThat(e.get("images").asInt()).as(r.get("name") + " " + part).isPositive();
        assertThat(e.get("mse").asDouble()).as(r.get("name") + " " + part + " mse").isBetween(0.0, 0.2);
        assertThat(e.get("meanSsim").asDouble()).as(r.get("name") + " " + part + " ssim").isBetween(-1.0, 1.0);
      }
      assertThat(r.get("fitSeconds").asDouble()).isPositive();
      String kind = r.get("kind").asText();
      // PCA is one SVD and k-means reports no history: only the iterative fits draw curves.
      if (kind.equals("NMF") || kind.equals("AE")) {
        assertThat(r.get("curves")).as(r.get("name") + " curves").isNotEmpty();
      }
      // Linear codes are measured against the truncated SVD of their rank; the autoencoders are not.
      if (kind.equals("AE")) {
        assertThat(r.has("svd_ratio")).as(r.get("name") + " svd_ratio").isFalse();
      } else {
        double floor = kind.equals("PCA") ? 0.9 : 1.0; // PCA's mean adds a rank
        assertThat(r.get("svd_ratio").get("train").asDouble()).as(r.get("name") + " svd_ratio")
            .isGreaterThanOrEqualTo(floor);
        assertThat(r.get("sparseness").get("basis").asDouble()).isBetween(0.0, 1.0);
      }
    }
    assertThat(names).containsExactlyElementsOf(RUNS);
    assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(RUNS.size() + 1);
    assertThat(out.resolve("report.html")).isRegularFile();
    assertThat(out.resolve("gallery.png")).isRegularFile();
    assertThat(out.resolve("checkpoints")).doesNotExist();
    for (String name : RUNS) {
      assertThat(run.out()).contains(name);
    }
    assertThat(run.out()).contains("test PSNR").contains("wrote " + out.toAbsolutePath().resolve("report.html"));
  }

  @Test
  void snapshotsAreAdvancedTrainingsWithCumulativeFitTimes() throws IOException {
    JsonNode runs = new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("runs");
    JsonNode one = runs.get(RUNS.indexOf("AE 1 epoch"));
    JsonNode two = runs.get(RUNS.indexOf("AE 2 epochs"));
    assertThat(one.get("steps").asInt()).isEqualTo(1);
    assertThat(two.get("steps").asInt()).isEqualTo(2);
    assertThat(two.get("fitSeconds").asDouble()).isGreaterThan(one.get("fitSeconds").asDouble());
    assertThat(one.get("settings").get("snapshot_of").asText()).isEqualTo("2 epochs");
    // The 2-epoch run continues the 1-epoch one: its loss curve starts with the same epoch.
    JsonNode lossOne = one.get("curves").get(0).get("values");
    JsonNode lossTwo = two.get("curves").get(0).get("values");
    assertThat(lossTwo.get(0).asDouble()).isEqualTo(lossOne.get(0).asDouble());
    assertThat(lossTwo).hasSize(2);
  }

  @Test
  void setupSaysWhyTheStudyAutoencoderHasNoNmfTwin() throws IOException {
    JsonNode details = new ObjectMapper().readTree(out.resolve("results.json").toFile())
        .get("setup").get("details");
    // 32 channels of 6x5 after two stride-2 convolutions of 24x20 faces.
    assertThat(details.get("Equal code size").asText())
        .contains("share code size 8")
        .contains("an autoencoder code of 960 numbers has no NMF counterpart")
        .contains("min(480, 48) = 48");
  }

  @Test
  void leavesNoStagingDirectoryBehind() throws IOException {
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".partial-"));
    }
  }

  @Test
  void theReportLoadsInABrowserWithARowPerRun() throws Exception {
    JsonNode page = new BrowserCheck(Files.createTempDirectory(temp, "browser")).inspect(out.resolve("report.html"));
    assertThat(page.get("broken")).as("images that did not load").isEmpty();
    assertThat(page.get("loaded").asInt()).isEqualTo(page.get("images").asInt()).isGreaterThan(RUNS.size());
    assertThat(page.get("rows").asInt()).isEqualTo(RUNS.size());
  }

  @Test
  void badGridValuesAreRefusedBeforeLoading() {
    for (String[] bad : List.of(
        new String[] {"--nmf-k", "0", "k must be >= 1, got 0"},
        new String[] {"--nmf-k", "4,8,4", "--nmf-k lists 4 twice"},
        new String[] {"--nmf-iters", "0", "iterations must be >= 1, got 0"},
        new String[] {"--ae-epochs", "0", "epochs must be >= 1, got 0"},
        new String[] {"--ae-lr", "-1", "--ae-lr must be a finite number > 0"},
        new String[] {"--bottleneck-code-size", "-3", "--bottleneck-code-size must be >= 1"},
        new String[] {"--nmf-solver", "als", "--nmf-solver must be mu or cd"},
        new String[] {"--ssim", "fast", "--ssim must be skimage"},
        new String[] {"--split-by", "age", "--split-by must be image or person"},
        new String[] {"--test-fraction", "1", "--test-fraction must be between 0 and 1"},
        new String[] {"--pca-k", "4,4", "--pca-k lists 4 twice"},
        new String[] {"--vq-k", "-2", "--vq-k lists -2"})) {
      Path target = temp.resolve("bad-" + bad[0].substring(2));
      CliRun r = CliRun.of(with(smallGrid(faces, target), bad[0], bad[1]));
      assertThat(r.exitCode()).as(String.join(" ", bad)).isEqualTo(Main.EXIT_BAD_INPUT);
      assertThat(r.err()).contains(bad[2]).doesNotContain("loaded");
      assertThat(target).doesNotExist();
    }
  }

  @Test
  void aTooLargeKIsRefusedBeforeAnyFit() {
    Path target = temp.resolve("large-k");
    List<String> args = smallGrid(faces, target);
    args.addAll(List.of("--nmf-init", "nndsvda"));
    CliRun r = CliRun.of(with(args, "--nmf-k", "4,100"));
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("--nmf-k has k = 100, too large for init nndsvda").contains("= 48");
    assertThat(target).doesNotExist();
  }

  @Test
  void anOutputDirectoryThatIsAFileOrHoldsFilesIsRefusedAndKept() throws IOException {
    Path file = Files.writeString(temp.resolve("a-file"), "keep me");
    CliRun r = CliRun.of(smallGrid(faces, file).toArray(String[]::new));
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("is a regular file; expected a new or empty folder").doesNotContain("loaded");
    assertThat(Files.readString(file)).isEqualTo("keep me");

    CliRun under = CliRun.of(smallGrid(faces, file.resolve("sub")).toArray(String[]::new));
    assertThat(under.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(under.err()).contains("passes through " + file + ", which is a regular file, not a folder");

    CliRun earlier = CliRun.of(smallGrid(faces, out).toArray(String[]::new));
    assertThat(earlier.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(earlier.err()).contains("already holds an earlier facerecon compare output")
        .contains("add --overwrite to replace it");
    assertThat(out.resolve("report.html")).isRegularFile();
  }

  @Test
  void aDataSetTooSmallToSplitIsRefusedAndLeavesNothing() throws IOException {
    // Three persons with one face each: no face can be held out by image.
    Path tiny = writeFaces(temp.resolve("tiny.npy"), SyntheticFaces.create(3, 3, 24, 20, 1));
    Path target = temp.resolve("tiny-study");
    CliRun r = CliRun.of(smallGrid(tiny, target).toArray(String[]::new));
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("cannot split 3 images");
    assertThat(target).doesNotExist();
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".partial-"));
    }
  }

  @Test
  void aRunThatFailsMidwayLeavesNoReportAndNoStaging() throws IOException {
    // The NMF runs finish; then an absurd learning rate makes the autoencoder diverge.
    Path target = temp.resolve("diverged");
    CliRun r = CliRun.of(with(smallGrid(faces, target), "--ae-lr", "1e30"));
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("training diverged");
    assertThat(target).doesNotExist();
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".partial-"));
    }
  }

  @Test
  void anInterruptedRunLeavesNoReportAndNoStaging() throws Exception {
    Path parent = Files.createDirectory(temp.resolve("interrupted"));
    Path target = parent.resolve("study");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Its temporary files stay in this test's folder, whatever the signal leaves behind.
        "-Djava.io.tmpdir=" + Files.createDirectory(temp.resolve("interrupted-tmp")),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    // Stopped while the autoencoder, on its way from the 1-epoch snapshot to one that never comes,
    // writes a checkpoint after every epoch.
    cmd.addAll(List.of(with(smallGrid(faces, target), "--ae-epochs", "1,1000000")));
    Path err = parent.resolveSibling("interrupted.err");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
    try {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!Files.readString(err).contains("loaded") && System.nanoTime() < deadline && p.isAlive()) {
        Thread.sleep(100);
      }
      assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
      Thread.sleep(1500);
      try (Stream<Path> files = Files.list(parent)) {
        assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.equals(".study.lock")))
            .as("the run's staging folder").singleElement().asString().startsWith(".study.partial-");
      }
      p.destroy(); // SIGTERM: shutdown hooks run, as on Ctrl-C
      assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    try (Stream<Path> files = Files.list(parent)) {
      assertThat(files).as(Files.readString(err)).isEmpty();
    }
  }

  @Test
  void runsOnRealFacesSplitByPerson() throws IOException {
    Path target = temp.resolve("lfw");
    CliRun r = CliRun.of(
        "compare", "--data", TestData.lfwRoot().toString(), "--min-faces", "150", "--resize", "0.25",
        "--split-by", "person", "--test-fraction", "0.3", "--nmf-k", "5", "--nmf-iters", "20",
        "--ae-epochs", "1", "--bottleneck-code-size", "0", "--ssim", "gaussian", "--no-progress",
        "--out", target.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode results = new ObjectMapper().readTree(target.resolve("results.json").toFile());
    JsonNode setup = results.get("setup");
    // George W Bush (530), Colin Powell (236): one person is held out whole.
    assertThat(setup.get("trainImages").asInt() + setup.get("testImages").asInt()).isEqualTo(766);
    assertThat(setup.get("split").asText()).contains("1 of 2 persons held out whole");
    assertThat(setup.get("ssim").get("preset").asText()).isEqualTo("wang2004");
    // NMF, PCA and VQ at k = 5, and the autoencoder.
    assertThat(results.get("runs")).hasSize(4);
    for (JsonNode run : results.get("runs")) {
      assertThat(run.get("test").get("psnrOfMeanMse").asDouble()).as(run.get("name").asText()).isBetween(10.0, 40.0);
    }
    assertThat(Files.readString(target.resolve("report.html"), StandardCharsets.UTF_8))
        .contains("George W Bush").doesNotContain("http://").doesNotContain("https://");
  }
}
