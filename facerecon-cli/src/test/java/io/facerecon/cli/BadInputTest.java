package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.data.SyntheticImages;
import io.facerecon.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input: exit code 2, a message naming the path or flag, no stack trace. */
class BadInputTest {
  @TempDir Path tmp;

  private static CliRun info(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "info";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRun.of(all);
  }

  private static void assertBadInput(CliRun run, String... mentions) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(run.err()).startsWith("error: ").doesNotContain("\tat ").doesNotContain("Exception");
    for (String m : mentions) {
      assertThat(run.err()).contains(m);
    }
  }

  private static Path fixture(String name) {
    return TestData.golden("npy/" + name + ".npy");
  }

  @Test
  void missingPath() {
    Path missing = tmp.resolve("missing");
    assertBadInput(info("--data", missing.toString()), missing.toString(), "no such file");
  }

  @Test
  void emptyFolder() {
    assertBadInput(info("--data", tmp.toString()), tmp.toString(), "no images");
  }

  @Test
  void corruptImageIsNamedAndSkipBadCountsIt() throws Exception {
    SyntheticImages.write(tmp.resolve("a.jpg"), SyntheticImages.gray(16, 16, 1));
    byte[] jpeg = SyntheticImages.encode(SyntheticImages.gray(16, 16, 2), "jpg");
    Files.write(tmp.resolve("b.jpg"), Arrays.copyOf(jpeg, jpeg.length - 40));
    assertBadInput(info("--data", tmp.toString()), "b.jpg", "skipBad");
    CliRun skipped = info("--data", tmp.toString(), "--skip-bad");
    assertThat(skipped.exitCode()).isZero();
    assertThat(skipped.out()).contains("images   1").contains("skipped  1");
  }

  @Test
  void stackTraceOnlyWithVerbose() {
    CliRun run = info("--data", tmp.toString(), "--verbose");
    assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(run.err()).contains("BadInputException").contains("\tat ");
  }

  @Test
  void imagesOfDifferentSizes() throws Exception {
    SyntheticImages.write(tmp.resolve("a.png"), SyntheticImages.gray(8, 8, 1));
    SyntheticImages.write(tmp.resolve("b.png"), SyntheticImages.gray(9, 8, 2));
    assertBadInput(info("--data", tmp.toString()), "a.png is 8x8", "b.png is 8x9", "a size (height, width)");
    assertThat(info("--data", tmp.toString(), "--size", "4x4").exitCode()).isZero();
  }

  @Test
  void filterThatLeavesNoImage() throws Exception {
    SyntheticImages.write(tmp.resolve("P/a.png"), SyntheticImages.gray(8, 8, 1));
    assertBadInput(info("--data", tmp.toString(), "--min-faces", "2"), "--min-faces 2", "leaves no image");
  }

  @Test
  void npyOfUnsupportedDtypeOrRank() throws Exception {
    assertBadInput(info("--data", fixture("i8_c").toString()), "i8_c.npy", "'<i8'", "float32");
    assertBadInput(info("--data", fixture("f4_rank4").toString()), "f4_rank4.npy", "rank 4");
    assertBadInput(info("--data", fixture("f4_rank2").toString(), "--shape", "3x3"), "--shape 3x3", "(3, 20)");
  }

  @Test
  void resizeMustBePositive() throws Exception {
    SyntheticImages.write(tmp.resolve("P/a.jpg"), SyntheticImages.gray(250, 250, 1));
    assertBadInput(info("--data", tmp.toString(), "--resize", "0"), "--resize", "> 0");
    assertBadInput(info("--data", tmp.toString(), "--resize", "-0.5"), "--resize", "> 0");
    assertBadInput(info("--data", tmp.toString(), "--resize", "0.001"), "--resize 0.001", "at least 1x1");
  }

  @Test
  void malformedSizeAndFormat() {
    assertBadInput(info("--data", tmp.toString(), "--size", "62by47"), "--size", "HxW", "62by47");
    CliRun format = info("--data", tmp.toString(), "--format", "zip");
    assertThat(format.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(format.err()).contains("--format").contains("zip");
  }
}
