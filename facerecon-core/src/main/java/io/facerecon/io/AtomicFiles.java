package io.facerecon.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that a reader sees either the old content or the complete new one: the bytes go
 * to a temporary file in the same folder, which is then moved over the target.
 */
public final class AtomicFiles {
  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface Writer {
    /**
     * Writes everything to {@code out}.
     *
     * @param out the stream into the temporary file; the caller closes it
     * @throws IOException if writing fails; the target is then left as it was
     */
    void write(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code target} atomically; on failure the previous file, if any, is left intact.
   *
   * @param target the file to write; missing parent folders are created
   * @param writer writes the new content
   * @throws IOException if writing or moving fails
   */
  public static void write(Path target, Writer writer) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: its owner-only permissions would stay on the final file.
    Path tmp = dir.resolve("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out =
          new BufferedOutputStream(
              Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              1 << 16)) {
        writer.write(out);
      }
      moveIntoPlace(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Writes {@code bytes} to {@code target} atomically.
   *
   * @param target the file to write; missing parent folders are created
   * @param bytes the new content
   * @throws IOException if writing or moving fails
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Moves {@code source} over {@code target} in one step where the file system allows it, else
   * with a plain replacing move.
   *
   * @param source the finished file
   * @param target the file it replaces
   * @throws IOException if the move fails
   */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
