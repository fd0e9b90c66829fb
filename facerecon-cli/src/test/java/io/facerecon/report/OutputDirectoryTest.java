package io.facerecon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {
  @TempDir Path root;

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void outputsAppearOnlyOnCommit() throws IOException {
    Path target = root.resolve("results").resolve("run-1");
    try (OutputDirectory out = OutputDirectory.prepare(target)) {
      Files.writeString(out.staging().resolve("report.html"), "<html>");
      assertThat(target).doesNotExist();
      assertThat(out.staging().getParent()).isEqualTo(target.getParent());
      assertThat(out.staging().getFileName().toString()).startsWith(".run-1.partial-");
      out.commit();
    }
    assertThat(target.resolve("report.html")).hasContent("<html>");
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertThat(s).containsExactly(target);
    }
  }

  @Test
  void aFailedRunLeavesNothingAndEarlierResultsUntouched() throws IOException {
    Path earlier = root.resolve("run-0");
    Files.createDirectory(earlier);
    Files.writeString(earlier.resolve("report.html"), "old");
    Path target = root.resolve("run-1");
    assertThatThrownBy(() -> {
      try (OutputDirectory out = OutputDirectory.prepare(target)) {
        Files.writeString(out.staging().resolve("report.html"), "half");
        throw new IllegalStateException("fit diverged");
      }
    }).hasMessage("fit diverged");
    assertThat(listing()).containsExactly("run-0");
    assertThat(earlier.resolve("report.html")).hasContent("old");
  }

  @Test
  void anEmptyTargetDirectoryIsFilled() throws IOException {
    Path target = Files.createDirectory(root.resolve("empty"));
    try (OutputDirectory out = OutputDirectory.prepare(target)) {
      Files.writeString(out.staging().resolve("results.json"), "{}");
      out.commit();
    }
    assertThat(target.resolve("results.json")).hasContent("{}");
    assertThat(listing()).containsExactly("empty");
  }

  @Test
  void badTargetsAreRejectedBeforeAnyWork() throws IOException {
    Path file = Files.writeString(root.resolve("a-file"), "x");
    assertThatThrownBy(() -> OutputDirectory.prepare(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("a-file is a regular file");
    Path full = Files.createDirectory(root.resolve("full"));
    Files.writeString(full.resolve("report.html"), "old");
    assertThatThrownBy(() -> OutputDirectory.prepare(full))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("already holds files");
    assertThat(full.resolve("report.html")).hasContent("old");
    assertThatThrownBy(() -> OutputDirectory.prepare(file.resolve("below-a-file")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("passes through " + file + ", which is a regular file, not a folder");
  }

  @Test
  void committingTwiceIsAnError() throws IOException {
    try (OutputDirectory out = OutputDirectory.prepare(root.resolve("once"))) {
      out.commit();
      assertThatThrownBy(out::commit).isInstanceOf(IllegalStateException.class);
    }
  }

  private static OutputDirectory.Policy policy(String command, boolean replace) {
    return OutputDirectory.Policy.of(command).withReplace(replace, "allow it");
  }

  private static void write(Path target, String command, boolean replace, String content) throws IOException {
    try (OutputDirectory out = OutputDirectory.prepare(target, policy(command, replace))) {
      Files.writeString(out.staging().resolve("results.json"), content);
      out.commit();
    }
  }

  @Test
  void anEarlierOutputIsReplacedWholeOnlyWhenAllowed() throws IOException {
    Path target = root.resolve("run");
    write(target, "nmf", false, "first");
    Files.writeString(target.resolve("W.npy"), "nmf only");
    assertThat(OutputDirectory.writerOf(target)).isEqualTo("nmf");
    assertThatThrownBy(() -> write(target, "ae", false, "second"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("already holds an earlier facerecon nmf output; choose a new folder, or allow it");
    assertThat(target.resolve("results.json")).hasContent("first");
    write(target, "ae", true, "second");
    assertThat(target.resolve("results.json")).hasContent("second");
    assertThat(target.resolve("W.npy")).as("nothing of the earlier output is mixed in").doesNotExist();
    assertThat(OutputDirectory.writerOf(target)).isEqualTo("ae");
    assertThat(listing()).containsExactly("run");
  }

  @Test
  void aFolderFaceReconDidNotWriteIsNeverReplaced() throws IOException {
    Path target = Files.createDirectory(root.resolve("mine"));
    Files.writeString(target.resolve("thesis.tex"), "years of work");
    assertThatThrownBy(() -> write(target, "nmf", true, "x"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("holds files that facerecon did not write");
    assertThat(target.resolve("thesis.tex")).hasContent("years of work");
  }

  @Test
  void aSecondRunOnTheSameTargetFailsAtOnce() throws IOException {
    Path target = root.resolve("busy");
    try (OutputDirectory first = OutputDirectory.prepare(target, policy("nmf", false))) {
      assertThat(OutputLock.isHeld(first.target())).isTrue();
      assertThatThrownBy(() -> OutputDirectory.prepare(target, policy("nmf", true)))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("is being written by another facerecon run");
      assertThat(first.staging()).isDirectory();
      first.commit();
    }
    assertThat(listing()).containsExactly("busy");
  }

  @Test
  void whatAKilledRunLeftIsRemovedByTheNextRun() throws IOException {
    Path target = root.resolve("run");
    Path staging = Files.createDirectory(root.resolve(".run.partial-1a2b"));
    Files.writeString(staging.resolve("basis.png"), "half");
    Files.createDirectory(root.resolve(".run.partial-3c.discarded"));
    Files.writeString(root.resolve(".run.lock"), "");
    Path otherRun = Files.createDirectory(root.resolve(".other.partial-1a2b"));
    Path notOurs = Files.createDirectory(root.resolve(".run.partial-mine"));
    write(target, "nmf", false, "new");
    assertThat(listing()).containsExactly(".other.partial-1a2b", ".run.partial-mine", "run");
    assertThat(otherRun).isDirectory();
    assertThat(notOurs).isDirectory();
  }

  @Test
  void anOutputMovedAsideByAKilledRunComesBack() throws IOException {
    Path target = root.resolve("run");
    write(target, "nmf", false, "kept");
    // Killed between its two renames: the earlier output aside, the new one not yet in place.
    Files.move(target, root.resolve(".run.replaced-77"));
    assertThatThrownBy(() -> write(target, "nmf", false, "new"))
        .hasMessageContaining("already holds an earlier facerecon nmf output");
    assertThat(target.resolve("results.json")).hasContent("kept");
    assertThat(listing()).containsExactly("run");
  }

  @Test
  void aResumedRunRescuesItsFileFromAKilledRunAndRefusesOtherOutputs() throws IOException {
    Path target = root.resolve("ae-run");
    Path killed = Files.createDirectory(root.resolve(".ae-run.partial-5"));
    Files.writeString(killed.resolve("checkpoint.safetensors"), "epoch 3");
    OutputDirectory.Policy resume = policy("ae", false).resuming("checkpoint.safetensors");
    try (OutputDirectory out = OutputDirectory.prepare(target, resume)) {
      assertThat(out.staging().resolve("checkpoint.safetensors")).hasContent("epoch 3");
      assertThat(killed).doesNotExist();
      out.commit();
    }
    Path nmf = root.resolve("nmf-run");
    write(nmf, "nmf", false, "{}");
    assertThatThrownBy(() -> OutputDirectory.prepare(nmf, resume))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("holds the output of facerecon nmf, not of facerecon ae");
  }

  @Test
  void theWorkingDirectoryAndAnEmptyNameAreRefused() {
    assertThatThrownBy(() -> OutputDirectory.prepare(Path.of("")))
        .isInstanceOf(BadInputException.class)
        .hasMessage("output directory is empty; give the folder to write into");
    assertThatThrownBy(() -> OutputDirectory.prepare(Path.of(".")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is the working directory");
    assertThatThrownBy(() -> OutputDirectory.prepare(Path.of("..")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("holds the working directory");
  }
}
