package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.data.FaceSet;
import io.facerecon.data.LocalArchiveServer;
import io.facerecon.study.SyntheticFaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile settings and servers (issue rows 8, 11, 15 and 17): each ends with exit 2, one line
 * that names the flag to change, and nothing non-finite or half-downloaded left behind.
 */
class HostileFitTest {
  @TempDir static Path temp;
  private static Path faces;
  private static LocalArchiveServer server;

  @BeforeAll
  static void writeFaces() throws IOException {
    FaceSet set = SyntheticFaces.create(40, 2, 24, 20, 5);
    faces = temp.resolve("faces.npy");
    CompareCommandTest.writeFaces(faces, set);
    server = new LocalArchiveServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** Exit 2 and exactly one line that says what went wrong, no stack trace. */
  private static String assertOneLineBadInput(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
    List<String> errors = run.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertThat(errors).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    return errors.get(0);
  }

  /** No file under {@code dir} (if it exists) holds "NaN" in its text or is an .npy of NaN. */
  private static void assertNoNanWritten(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.toString().endsWith(".json")) {
          assertThat(Files.readString(f)).as(f.toString()).doesNotContainIgnoringCase("nan");
        }
        assertThat(f.getFileName().toString()).as("a result file").isNotIn("W.npy", "H.npy", "model.safetensors");
      }
    }
  }

  private static CliRun nmf(Path out, String... flags) {
    List<String> args = new ArrayList<>(List.of(
        "nmf", "--data", faces.toString(), "--k", "4", "--max-iter", "30", "--no-progress", "--out", out.toString()));
    args.addAll(List.of(flags));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static CliRun ae(Path out, String... flags) {
    List<String> args = new ArrayList<>(List.of(
        "ae", "--data", faces.toString(), "--batch-size", "16", "--no-progress", "--out", out.toString()));
    args.addAll(List.of(flags));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void row8_anNmfPenaltyThatOverflowsIsRefusedNamingItsFlag() throws IOException {
    Path out = temp.resolve("alpha");
    String line = assertOneLineBadInput(nmf(out, "--alpha-w", "1e38"));
    assertThat(line).startsWith("error: --alpha-w 1.0E38 is too large: scaled by the 40 images");
    assertNoNanWritten(out);
  }

  @Test
  void row8_aBetaLossWhosePowersOverflowIsRefusedNamingItsFlag() throws IOException {
    Path out = temp.resolve("beta");
    String line = assertOneLineBadInput(nmf(out, "--solver", "mu", "--beta-loss", "1000"));
    assertThat(line).startsWith("error: --beta-loss 1000.0 is too large: the multiplicative updates raise WH");
    assertNoNanWritten(out);
  }

  @Test
  void row8_aDivergingAutoencoderStopsNamingTheLearningRate() throws IOException {
    Path out = temp.resolve("lr");
    String line = assertOneLineBadInput(ae(out, "--lr", "1e30", "--epochs", "2"));
    assertThat(line).startsWith("error: --lr 1.0E30 is too large: training diverged (");
    assertNoNanWritten(out);
  }

  @Test
  void row8_aWeightDecayThatOverflowsIsRefusedNamingItsFlag() throws IOException {
    Path out = temp.resolve("decay");
    String line = assertOneLineBadInput(ae(out, "--weight-decay", "1e308", "--epochs", "1"));
    assertThat(line).startsWith("error: --weight-decay must be at most 1.8446743E19");
    assertNoNanWritten(out);
  }

  @Test
  void row11_aTricklingServerIsGivenUpAndLeavesNoPart() throws IOException {
    Path dir = temp.resolve("trickle");
    long start = System.nanoTime();
    CliRun run = CliRun.of("fetch-lfw", "--force", "--out", dir.toString(),
        "--url", server.url("/trickle.tgz").toString(), "--sha256", "0".repeat(64),
        "--min-rate", "1000", "--rate-window", "0.3");
    String line = assertOneLineBadInput(run);
    assertThat(line).contains("/trickle.tgz: the download was given up after")
        .contains("under the minimum rate of 1000 bytes/s averaged over 0.3 s");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void row15_aDivergedCompareDoesNotPointToADeletedCheckpoint() {
    Path out = temp.resolve("compare");
    CliRun run = CliRun.of("compare", "--data", faces.toString(), "--min-faces", "0", "--out", out.toString(),
        "--nmf-k", "4", "--nmf-iters", "10", "--ae-epochs", "1,2", "--bottleneck-code-size", "0",
        "--ae-batch-size", "16", "--ae-lr", "1e30", "--no-progress");
    String line = assertOneLineBadInput(run);
    assertThat(line).contains("lr 1.0E30 is too large: training diverged").doesNotContain("kept in")
        .doesNotContain("checkpoint");
    assertThat(out).doesNotExist();
  }

  @Test
  void row17_fetchLfwDoesNotTakeAnyFileForLfw() throws IOException {
    Path passwd = Files.writeString(temp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    CliRun run = CliRun.of("fetch-lfw", "--data", passwd.toString(), "--out", temp.resolve("unused").toString());
    String line = assertOneLineBadInput(run);
    assertThat(line).isEqualTo("error: " + passwd + " is not an LFW copy: neither a folder nor a .tgz or .tar archive");
    assertThat(run.out()).doesNotContain("found");
    assertThat(server.requests()).isZero();
  }

  @Test
  void row17_aServerAnnouncingMoreThanAnLfwArchiveIsRefusedBeforeDownloading() throws IOException {
    Path dir = temp.resolve("huge");
    CliRun run = CliRun.of("fetch-lfw", "--force", "--out", dir.toString(),
        "--url", server.url("/huge.tgz").toString(), "--sha256", "0".repeat(64));
    String line = assertOneLineBadInput(run);
    assertThat(line).contains("the server announces " + LocalArchiveServer.HUGE_BYTES + " bytes, more than the");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void row17_resumingALongerTrainingWithFewerEpochsIsRefused() throws IOException {
    Path out = temp.resolve("resume");
    CliRun first = ae(out, "--epochs", "3", "--lr", "1e-2");
    assertThat(first.exitCode()).as(first.err()).isZero();
    byte[] results = Files.readAllBytes(out.resolve("results.json"));
    byte[] checkpoint = Files.readAllBytes(out.resolve("checkpoint.safetensors"));

    String line = assertOneLineBadInput(ae(out, "--epochs", "2", "--lr", "1e-2", "--resume"));
    assertThat(line).startsWith("error: --epochs is 2, but the checkpoint").contains("already has 3 epochs");
    assertThat(Files.readAllBytes(out.resolve("results.json"))).isEqualTo(results);
    assertThat(Files.readAllBytes(out.resolve("checkpoint.safetensors"))).isEqualTo(checkpoint);
  }
}
