package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.io.Npy;
import io.facerecon.report.OutputDirectory;
import io.facerecon.study.SyntheticFaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill-anywhere: {@code nmf}, {@code ae} and {@code compare}, each run as its own process, are
 * killed with SIGKILL after delays spread from a few milliseconds to past the end of a whole run,
 * including while their outputs are renamed into place. After every kill the output folder is
 * either absent or complete and readable, and the next run on it works and leaves nothing else
 * beside it. Half of the kills hit a run that replaces an earlier output ({@code --overwrite}).
 */
class KillAnywhereTest {
  /** Fractions of a whole run's time, the last ones where the outputs are written and renamed. */
  private static final double[] DELAYS = {0.0, 0.4, 0.8, 0.9, 0.96, 1.0, 1.04};
  private static int kills;

  @TempDir static Path temp;
  private static Path tiny;
  private static Path faces;

  @BeforeAll
  static void data() throws IOException {
    tiny = Files.createDirectory(temp.resolve("tiny"));
    TinyFaces.write(tiny);
    faces = CompareCommandTest.writeFaces(temp.resolve("faces.npy"), SyntheticFaces.create(24, 3, 24, 20, 5));
  }

  @Test
  void nmf() throws Exception {
    killAnywhere("nmf", List.of("nmf", "--data", tiny.toString(), "--k", "2", "--max-iter", "50", "--tol", "0",
        "--threads", "1", "--no-progress"),
        List.of("results.json", "basis.png", "reconstructions.png", "W.npy", "H.npy", "model.safetensors"),
        DELAYS);
  }

  @Test
  void ae() throws Exception {
    killAnywhere("ae", List.of("ae", "--data", faces.toString(), "--epochs", "3", "--batch-size", "8",
        "--threads", "1", "--no-progress"),
        List.of("results.json", "model.safetensors", "reconstructions.png", "loss.png", "checkpoint.safetensors"),
        DELAYS);
  }

  @Test
  void compare() throws Exception {
    killAnywhere("compare", List.of("compare", "--data", faces.toString(), "--min-faces", "0",
        "--nmf-k", "2", "--nmf-iters", "10", "--ae-epochs", "1,2", "--ae-batch-size", "8",
        "--bottleneck-code-size", "0", "--gallery", "2", "--threads", "1", "--no-progress"),
        List.of("report.html", "results.json", "results.csv"),
        new double[] {0.0, 0.6, 0.9, 0.97, 1.03});
  }

  private static void killAnywhere(String name, List<String> command, List<String> promised, double[] delays)
      throws Exception {
    Path parent = Files.createDirectory(temp.resolve(name + "-runs"));
    Path tmp = Files.createDirectory(temp.resolve(name + "-tmp"));
    Path out = parent.resolve("out");
    Path log = temp.resolve(name + ".log");
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("--out", out.toString(), "--overwrite"));

    // One whole run, to know how long one takes.
    long t0 = System.nanoTime();
    Process whole = ChildJvm.start(tmp, log, args);
    assertThat(whole.waitFor(60, TimeUnit.SECONDS)).as("a whole run finishes").isTrue();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(whole.exitValue()).as(Files.readString(log)).isZero();
    assertComplete(out, promised, name);

    SplittableRandom jitter = new SplittableRandom(42);
    for (int i = 0; i < delays.length; i++) {
      if (i % 2 == 0) {
        deleteTree(out); // Half the kills hit a first run, half a run that replaces the output.
      }
      long delay = Math.max(3, (long) (delays[i] * millis) + jitter.nextLong(-20, 21));
      Process p = ChildJvm.start(tmp, log, args);
      boolean finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      kills++;
      String what = name + " killed after " + delay + " ms of " + millis + (finished ? " (it had finished)" : "");
      if (Files.exists(out)) {
        assertComplete(out, promised, what);
      }

      CliRun next = CliRun.of(args.toArray(String[]::new));
      assertThat(next.exitCode()).as(what + ", then run again: " + next.err()).isZero();
      assertComplete(out, promised, what + ", then run again");
      try (Stream<Path> beside = Files.list(parent)) {
        assertThat(beside.map(f -> f.getFileName().toString())).as(what + ": left beside the output")
            .containsExactly("out");
      }
    }
    try (Stream<Path> scratch = Files.list(tmp)) {
      assertThat(scratch.map(f -> f.getFileName().toString()))
          .as("nothing left in the temporary folder").noneMatch(f -> f.startsWith("facerecon"));
    }
    System.out.printf("%s: %d kills so far; a whole run took %d ms%n", name, kills, millis);
  }

  /** The output is complete: every promised file is there and readable, and nothing half-written. */
  private static void assertComplete(Path out, List<String> promised, String what) throws IOException {
    assertThat(OutputDirectory.writerOf(out)).as(what + ": the marker").isNotNull();
    for (String f : promised) {
      assertThat(out.resolve(f)).as(what + ": " + f).isRegularFile();
      assertThat(Files.size(out.resolve(f))).as(what + ": " + f).isPositive();
    }
    JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
    assertThat(results.isObject()).as(what + ": results.json").isTrue();
    if (promised.contains("W.npy")) {
      assertThat(Npy.read(out.resolve("W.npy")).shape()).as(what + ": W.npy").containsExactly(TinyFaces.HEIGHT * TinyFaces.WIDTH, 2);
    }
    try (Stream<Path> files = Files.walk(out)) {
      assertThat(files.map(f -> f.getFileName().toString())).as(what + ": temporary files")
          .noneMatch(f -> f.endsWith(".tmp") || f.startsWith(".scratch"));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(f);
      }
    }
  }
}
