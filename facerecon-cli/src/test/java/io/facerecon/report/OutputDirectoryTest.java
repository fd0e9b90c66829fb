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
        .hasMessageContaining("a-file is a file");
    Path full = Files.createDirectory(root.resolve("full"));
    Files.writeString(full.resolve("report.html"), "old");
    assertThatThrownBy(() -> OutputDirectory.prepare(full))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("already holds files");
    assertThat(full.resolve("report.html")).hasContent("old");
    assertThatThrownBy(() -> OutputDirectory.prepare(file.resolve("below-a-file")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("cannot create the folder");
  }

  @Test
  void committingTwiceIsAnError() throws IOException {
    try (OutputDirectory out = OutputDirectory.prepare(root.resolve("once"))) {
      out.commit();
      assertThatThrownBy(out::commit).isInstanceOf(IllegalStateException.class);
    }
  }
}
