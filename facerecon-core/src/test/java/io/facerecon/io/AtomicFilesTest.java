package io.facerecon.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.UUID;
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

  @Test
  void aDirectoryOrADeviceIsNeverReplaced() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("out.npy"));
    assertThatThrownBy(() -> AtomicFiles.write(folder, new byte[] {1}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a directory, not a regular file");
    assertThat(folder).isDirectory();
    Path devNull = Path.of("/dev/null");
    if (Files.exists(devNull)) {
      assertThatThrownBy(() -> AtomicFiles.write(devNull, new byte[] {1}))
          .isInstanceOf(BadInputException.class)
          .hasMessage("/dev/null is a character device, not a regular file; only regular files are replaced");
    }
  }

  @Test
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve("pipe.npy");
    if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0) {
      return; // No mkfifo here.
    }
    assertThatThrownBy(() -> AtomicFiles.write(fifo, new byte[] {1}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a FIFO (named pipe), not a regular file");
  }

  @Test
  void aPathThroughAFileIsRefusedWithTheReason() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    assertThatThrownBy(() -> AtomicFiles.write(file.resolve("out.npy"), new byte[] {1}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file + " is a regular file, not a folder");
  }

  @Test
  void staleTemporaryFilesGoButLockedOnesStay() throws IOException {
    Path target = dir.resolve("W.npy");
    Path stale = Files.writeString(dir.resolve(".W.npy." + UUID.randomUUID() + ".tmp"), "");
    Path live = Files.writeString(dir.resolve(".W.npy." + UUID.randomUUID() + ".tmp"), "");
    Path other = Files.writeString(dir.resolve(".W.npy.mine.tmp"), "keep");
    try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      AtomicFiles.write(target, new byte[] {7});
      assertThat(stale).doesNotExist();
      assertThat(live).exists();
      assertThat(other).hasContent("keep");
    }
    assertThat(AtomicFiles.removeStaleTemporaries(target)).isEqualTo(1);
    assertThat(live).doesNotExist();
    assertThat(Files.readAllBytes(target)).containsExactly(7);
  }
}
