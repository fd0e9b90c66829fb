package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.report.OutputDirectory;
import io.facerecon.study.SyntheticFaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output rows of the hostile-input issue: every command that writes refuses, with exit 2 and
 * one line that says what is wrong, an output it may not replace, and leaves earlier outputs as
 * they were.
 */
class HostileOutputTest {
  @TempDir static Path temp;
  private static Path tiny;
  private static Path faces;

  @BeforeAll
  static void data() throws IOException {
    tiny = Files.createDirectory(temp.resolve("tiny"));
    TinyFaces.write(tiny);
    faces = CompareCommandTest.writeFaces(temp.resolve("faces.npy"), SyntheticFaces.create(24, 3, 24, 20, 5));
  }

  private static String[] nmf(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("nmf", "--data", tiny.toString(), "--k", "2",
        "--threads", "1", "--no-progress", "--out", out.toString()));
    a.addAll(Arrays.asList(more));
    if (!a.contains("--max-iter")) {
      a.addAll(List.of("--max-iter", "20"));
    }
    return a.toArray(String[]::new);
  }

  private static String[] ae(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("ae", "--data", faces.toString(), "--batch-size", "8",
        "--threads", "1", "--no-progress", "--out", out.toString()));
    a.addAll(Arrays.asList(more));
    if (!a.contains("--epochs")) {
      a.addAll(List.of("--epochs", "1"));
    }
    return a.toArray(String[]::new);
  }

  private static String[] reconstruct(Path model, Path out) {
    return new String[] {"reconstruct", "--model", model.toString(), "--data", tiny.toString(), "--threads", "1",
        "--out", out.toString()};
  }

  /** Exit 2 and exactly one line on standard error, which contains {@code expected}. */
  private static void assertRefused(CliRun run, String expected) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(run.err().lines().filter(l -> !l.startsWith("WARNING")).toList()).as(run.err())
        .singleElement().asString().startsWith("error: ").contains(expected);
  }

  /** Every file below {@code dir} with its bytes. */
  private static Map<Path, byte[]> snapshot(Path dir) throws IOException {
    Map<Path, byte[]> files = new HashMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(f), Files.readAllBytes(f));
      }
    }
    return files;
  }

  private static void assertUnchanged(Path dir, Map<Path, byte[]> before) throws IOException {
    Map<Path, byte[]> after = snapshot(dir);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((f, bytes) -> assertThat(after.get(f)).as(f.toString()).isEqualTo(bytes));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Row 1: info --save-npy /dev/null, a FIFO, a folder or an existing file. */
  @Test
  void row1SaveNpyReplacesOnlyRegularFilesAndOnlyWhenAsked() throws Exception {
    Path devNull = Paths.get("/dev/null");
    if (Files.exists(devNull)) {
      assertRefused(CliRun.of("info", "--data", tiny.toString(), "--save-npy", "/dev/null"),
          "/dev/null is a character device, not a regular file; only regular files are replaced");
      assertThat(Files.isRegularFile(devNull)).isFalse();
    }
    Path dir = Files.createDirectory(temp.resolve("row1"));
    Path fifo = dir.resolve("pipe.npy");
    if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
      assertRefused(CliRun.of("info", "--data", tiny.toString(), "--save-npy", fifo.toString()),
          "is a FIFO (named pipe), not a regular file");
    }
    Path folder = Files.createDirectory(dir.resolve("folder.npy"));
    assertRefused(CliRun.of("info", "--data", tiny.toString(), "--save-npy", folder.toString()),
        "is a directory, not a regular file");

    Path npy = dir.resolve("faces.npy");
    assertThat(CliRun.of("info", "--data", tiny.toString(), "--save-npy", npy.toString()).exitCode()).isZero();
    Map<Path, byte[]> before = snapshot(dir);
    assertRefused(CliRun.of("info", "--data", faces.toString(), "--save-npy", npy.toString()),
        npy + " exists; add --overwrite to replace it");
    assertUnchanged(dir, before);
    CliRun replaced = CliRun.of("info", "--data", faces.toString(), "--save-npy", npy.toString(), "--overwrite");
    assertThat(replaced.exitCode()).as(replaced.err()).isZero();
    assertThat(Files.size(npy)).isGreaterThan(before.get(Path.of("faces.npy")).length);
    assertThat(names(dir)).containsExactly("faces.npy", "faces.npy.labels.json", "folder.npy", "pipe.npy");
  }

  /** Row 2: an empty --out, or the working directory, is refused; nothing is written there. */
  @Test
  void row2AnEmptyOutOrTheWorkingDirectoryIsRefused() throws Exception {
    Path cwd = Paths.get("").toAbsolutePath();
    List<String> before = names(cwd);
    Path model = temp.resolve("row2-model");
    assertThat(CliRun.of(nmf(model)).exitCode()).isZero();
    for (String out : List.of("", ".", "./", cwd.toString())) {
      String expected = out.isEmpty() ? "--out is empty; give the folder to write into" : "is the working directory";
      assertRefused(CliRun.of(nmf(Path.of(out))), expected);
      assertRefused(CliRun.of(ae(Path.of(out))), expected);
      assertRefused(CliRun.of(reconstruct(model.resolve("model.safetensors"), Path.of(out))), expected);
    }
    assertRefused(CliRun.of(nmf(cwd.getParent())), "holds the working directory");
    assertThat(names(cwd)).isEqualTo(before);
  }

  /** Row 3: a non-empty --out keeps its files; --overwrite replaces only an earlier facerecon output, whole. */
  @Test
  void row3AnExistingOutputIsKeptUnlessReplacedWhole() throws Exception {
    Path out = temp.resolve("row3");
    assertThat(CliRun.of(nmf(out)).exitCode()).isZero();
    Map<Path, byte[]> nmfOutput = snapshot(out);
    assertRefused(CliRun.of(nmf(out, "--seed", "3")),
        "--out " + out + " already holds an earlier facerecon nmf output; choose a new folder, or add --overwrite to replace it");
    assertRefused(CliRun.of(ae(out)), "already holds an earlier facerecon nmf output");
    assertRefused(CliRun.of(reconstruct(out.resolve("model.safetensors"), out)), "already holds an earlier facerecon nmf output");
    assertUnchanged(out, nmfOutput);

    CliRun replaced = CliRun.of(ae(out, "--overwrite"));
    assertThat(replaced.exitCode()).as(replaced.err()).isZero();
    assertThat(out.resolve("W.npy")).as("no nmf file mixed into the ae output").doesNotExist();
    assertThat(OutputDirectory.writerOf(out)).isEqualTo("ae");

    Path mine = Files.createDirectory(temp.resolve("row3-mine"));
    Files.writeString(mine.resolve("notes.txt"), "mine");
    assertRefused(CliRun.of(nmf(mine, "--overwrite")), "already holds files that facerecon did not write");
    assertRefused(CliRun.of(ae(mine, "--resume")), "already holds files that facerecon did not write");
    assertThat(names(mine)).containsExactly("notes.txt");
    assertRefused(CliRun.of(ae(temp.resolve("row3-none"), "--resume")), "--resume: no checkpoint");
  }

  /** Row 4: a second run on the --out of a running one fails at once. */
  @Test
  void row4ASecondRunOnTheSameOutFailsAtOnce() throws Exception {
    Path parent = Files.createDirectory(temp.resolve("row4"));
    Path out = parent.resolve("out");
    Path log = temp.resolve("row4.log");
    List<String> slow = Arrays.asList(nmf(out, "--max-iter", "100000000", "--tol", "0"));
    Process first = ChildJvm.start(Files.createDirectory(temp.resolve("row4-tmp")), log, slow);
    try {
      Path lock = parent.resolve(".out.lock");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(Files.exists(lock) && lockHeld(out)) && first.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(first.isAlive()).as(Files.readString(log)).isTrue();
      long t0 = System.nanoTime();
      CliRun second = CliRun.of(nmf(out, "--seed", "3"));
      assertRefused(second, "--out " + out + " is being written by another facerecon run");
      assertThat((System.nanoTime() - t0) / 1e9).as("fails at once, without loading").isLessThan(5);
      assertThat(out).doesNotExist();
    } finally {
      first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    CliRun after = CliRun.of(nmf(out));
    assertThat(after.exitCode()).as(after.err()).isZero();
    assertThat(names(parent)).containsExactly("out");
  }

  private static boolean lockHeld(Path out) {
    return io.facerecon.report.OutputLock.isHeld(out.toAbsolutePath());
  }

  /** Row 5: what a killed nmf left (its staging folder, lock file, temporary files) goes with the next run. */
  @Test
  void row5LeftoversOfAKilledRunAreRemovedByTheNextRun() throws Exception {
    Path parent = Files.createDirectory(temp.resolve("row5"));
    Path out = parent.resolve("out");
    Path staging = Files.createDirectory(parent.resolve(".out.partial-4f2a"));
    Files.writeString(staging.resolve("basis.png"), "half");
    Files.writeString(staging.resolve(".W.npy.0b6c1f9e-3a4d-4e5f-8a9b-0c1d2e3f4a5b.tmp"), "");
    Files.writeString(parent.resolve(".out.lock"), "");
    Files.writeString(parent.resolve("notes.txt"), "not facerecon's");
    CliRun run = CliRun.of(nmf(out));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(names(parent)).containsExactly("notes.txt", "out");
    assertThat(names(out)).containsExactly(".facerecon-output", "H.npy", "W.npy", "basis.png", "model.safetensors",
        "reconstructions.png", "results.json");

    // Single files: a killed write's temporary file beside --save-npy goes with the next write.
    Path stale = Files.writeString(parent.resolve(".faces.npy.0b6c1f9e-3a4d-4e5f-8a9b-0c1d2e3f4a5b.tmp"), "");
    assertThat(CliRun.of("info", "--data", tiny.toString(), "--save-npy", parent.resolve("faces.npy").toString())
        .exitCode()).isZero();
    assertThat(stale).doesNotExist();
  }

  /** Row 5 with a real kill, and ae's checkpoint: a killed ae run is continued with --resume. */
  @Test
  void row5AKilledAeRunIsContinuedWithResume() throws Exception {
    Path parent = Files.createDirectory(temp.resolve("row5-ae"));
    Path out = parent.resolve("out");
    Path log = temp.resolve("row5-ae.log");
    List<String> endless = Arrays.asList(ae(out, "--epochs", "1000000"));
    Process p = ChildJvm.start(Files.createDirectory(temp.resolve("row5-tmp")), log, endless);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("epoch 2/") && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(out).doesNotExist();
    // On a busy machine more epochs may finish between the check and the kill: the checkpoint holds
    // at most the last epoch the log announced, so one more is always a longer training.
    int started = 0;
    Matcher m = Pattern.compile("epoch (\\d+)/").matcher(Files.readString(log));
    while (m.find()) {
      started = Math.max(started, Integer.parseInt(m.group(1)));
    }
    int epochs = started + 1;
    CliRun resumed = CliRun.of(ae(out, "--resume", "--epochs", Integer.toString(epochs)));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(Json.MAPPER.readTree(out.resolve("results.json").toFile()).get("loss_history").size()).isEqualTo(epochs);
    assertThat(names(parent)).containsExactly("out");
  }

  /** Row 10: --out that is a file, a device, or below a file. */
  @Test
  void row10AnOutThatIsNotAFolderSaysWhy() throws Exception {
    Path file = Files.writeString(temp.resolve("row10-file"), "keep");
    assertRefused(CliRun.of(nmf(file)), "--out " + file + " is a regular file; expected a new or empty folder");
    assertRefused(CliRun.of(ae(file.resolve("sub"))),
        "--out " + file.resolve("sub") + " passes through " + file + ", which is a regular file, not a folder");
    if (Files.exists(Paths.get("/dev/null"))) {
      assertRefused(CliRun.of(nmf(Paths.get("/dev/null"))),
          "--out /dev/null is a character device; expected a new or empty folder");
      assertRefused(CliRun.of(reconstruct(file, Paths.get("/dev/null/x"))),
          "passes through /dev/null, which is a character device, not a folder");
    }
    assertThat(file).hasContent("keep");
  }

  /** Row 14: a killed compare leaves nothing in the system's temporary folder, and its staging goes with the next run. */
  @Test
  void row14AKilledCompareLeavesNoScratchBehind() throws Exception {
    Path parent = Files.createDirectory(temp.resolve("row14"));
    Path tmp = Files.createDirectory(temp.resolve("row14-tmp"));
    Path out = parent.resolve("ck");
    List<String> args = new ArrayList<>(List.of("compare", "--data", faces.toString(), "--min-faces", "0",
        "--nmf-k", "2", "--nmf-iters", "5", "--ae-epochs", "1,1000000", "--ae-batch-size", "8",
        "--bottleneck-code-size", "0", "--threads", "1", "--no-progress", "--out", out.toString()));
    Process p = ChildJvm.start(tmp, temp.resolve("row14.log"), args);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!hasCheckpoint(parent) && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(p.isAlive()).as(Files.readString(temp.resolve("row14.log"))).isTrue();
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(names(tmp)).as("the system's temporary folder").isEmpty();
    assertThat(out).doesNotExist();
    args.set(args.indexOf("1,1000000"), "1");
    CliRun next = CliRun.of(args.toArray(String[]::new));
    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(names(parent)).containsExactly("ck");
  }

  /** Whether a compare run's checkpoint is in its staging folder's scratch folder. */
  private static boolean hasCheckpoint(Path parent) throws IOException {
    try (Stream<Path> s = Files.walk(parent)) {
      return s.anyMatch(f -> f.getFileName().toString().endsWith(".safetensors") && f.toString().contains("/.scratch/"));
    }
  }

  /** Row 16: usage errors are one line naming the flag, and where to read more. */
  @Test
  void row16AUsageErrorIsOneLine() {
    Path out = temp.resolve("row16");
    assertRefused(CliRun.of(nmf(out, "--bogus")), "unknown option '--bogus'; see 'facerecon nmf --help'");
    assertRefused(CliRun.of(nmf(out, "--seed", "5", "--seed", "6")),
        "option '--seed' was given more than once; give it once; see 'facerecon nmf --help'");
    assertRefused(CliRun.of("nmf", "--data", tiny.toString(), "--k", "five", "--out", out.toString()),
        "'five' is not an int; see 'facerecon nmf --help'");
    assertRefused(CliRun.of("ae", "--out", out.toString()), "--data");
    assertRefused(CliRun.of("--bogus"), "unknown option '--bogus'; see 'facerecon --help'");
    assertThat(out).doesNotExist();
  }

  /** An OutOfMemoryError becomes one line with the remedy; a run too large for the memory is refused first. */
  @Test
  void outOfMemoryIsOneLineWithTheRemedy() {
    assertThat(Main.outOfMemory(new OutOfMemoryError("Java heap space")))
        .startsWith("error: out of memory (Java heap, ").contains("JAVA_OPTS=").contains("--resize").doesNotContain("\n");
    assertThat(Main.outOfMemory(new OutOfMemoryError("Cannot reserve 4096 bytes of direct buffer memory (allocated: 1, limit: 2)")))
        .startsWith("error: out of memory (direct buffer memory, ");
    assertThat(MemoryBudget.parseSize("12g")).isEqualTo(12L << 30);
    assertThat(MemoryBudget.directLimit(List.of("-Xmx1g", "-XX:MaxDirectMemorySize=512m"), 1L << 30)).isEqualTo(512L << 20);
    assertThat(MemoryBudget.directLimit(List.of("-Xmx1g"), 1L << 30)).isEqualTo(1L << 30);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MemoryBudget.check("nmf", 1_000_000, 1_000_000, 2))
        .isInstanceOf(io.facerecon.io.BadInputException.class)
        .hasMessageContaining("nmf needs about 7450.6 GB more memory for 1000000 images of 1000000 pixels")
        .hasMessageContaining("JAVA_OPTS=");
  }
}
