package io.facerecon.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void aFailedWriteLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("results.json");
    AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write("half".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(Files.readString(target)).isEqualTo("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void writtenFilesAreReadableByOthersAsUsual() throws IOException {
    Path target = dir.resolve("basis.png");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
    assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OTHERS_READ);
  }
}
