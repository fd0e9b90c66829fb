package io.facerecon.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader sees either the old content or the complete new one: the bytes go
 * to a temporary file in the same folder, which is then moved over the target.
 *
 * <p>Only regular files are ever replaced: a target that is a directory, a device (such as
 * {@code /dev/null}), a FIFO or a socket is refused with a {@link BadInputException} before
 * anything is written. The temporary file, named {@code .NAME.<uuid>.tmp}, is locked while it is
 * written; temporary files of the same target left behind by a killed process (so no longer
 * locked) are removed by the next write.
 */
public final class AtomicFiles {
  private static final Pattern UUID_TMP =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

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
   * @throws BadInputException if {@code target} exists and is not a regular file
   * @throws IOException if writing or moving fails
   */
  public static void write(Path target, Writer writer) throws IOException {
    try (Output output = open(target)) {
      writer.write(output.stream());
      output.commit();
    }
  }

  /**
   * Starts writing {@code target} atomically, for a writer that produces the content piece by
   * piece (e.g. rows of an array larger than memory): write to {@link Output#stream()}, then
   * {@link Output#commit()}; closing without a commit leaves the target as it was.
   *
   * @param target the file to write; missing parent folders are created
   * @return the open temporary file
   * @throws BadInputException if {@code target} exists and is not a regular file
   * @throws IOException if the temporary file cannot be created
   */
  public static Output open(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    requireReplaceable(abs);
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    removeStaleTemporaries(abs);
    // Not Files.createTempFile: its owner-only permissions would stay on the final file.
    Path tmp = dir.resolve("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp");
    FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      // Held until the file has been moved into place: an unlocked temporary file is a stale one.
      FileLock lock = channel.lock();
      return new Output(abs, tmp, channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** A file being written atomically: a locked temporary file beside its target. */
  public static final class Output implements Closeable {
    private final Path target;
    private final Path tmp;
    private final FileChannel channel;
    private final FileLock lock;
    private final OutputStream stream;
    private boolean closed;

    private Output(Path target, Path tmp, FileChannel channel, FileLock lock) {
      this.target = target;
      this.tmp = tmp;
      this.channel = channel;
      this.lock = lock;
      this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    /**
     * The stream into the temporary file; {@link #commit} and {@link #close} close it.
     *
     * @return the buffered stream
     */
    public OutputStream stream() {
      return stream;
    }

    /**
     * Moves the complete file into place, replacing the target.
     *
     * @throws IOException if flushing or moving fails; the target is then left as it was
     */
    public void commit() throws IOException {
      if (closed) {
        throw new IllegalStateException(target + ": already committed or abandoned");
      }
      stream.flush();
      moveIntoPlace(tmp, target);
      close();
    }

    /**
     * Ends the write; without a {@link #commit} the temporary file is removed and the target left
     * as it was.
     *
     * @throws IOException if closing the file fails
     */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (lock.isValid()) {
          lock.release();
        }
        channel.close();
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Writes {@code bytes} to {@code target} atomically.
   *
   * @param target the file to write; missing parent folders are created
   * @param bytes the new content
   * @throws BadInputException if {@code target} exists and is not a regular file
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
   * @param target the file it replaces, if any; it must be a regular file
   * @throws BadInputException if {@code target} exists and is not a regular file
   * @throws IOException if the move fails
   */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    requireReplaceable(target);
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Checks that writing {@code target} would replace nothing but a regular file: it must not
   * exist, or be a regular file (or a link to one), and its folder must not be a file.
   *
   * @param target the file about to be written
   * @throws BadInputException naming the path and what it is otherwise
   */
  public static void requireReplaceable(Path target) {
    if (Files.exists(target) && !Files.isRegularFile(target)) {
      throw new BadInputException(
          target + " is " + describe(target) + ", not a regular file; only regular files are replaced");
    }
    for (Path p = target.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new BadInputException(
              "cannot write " + target + ": " + p + " is " + describe(p) + ", not a folder");
        }
        break;
      }
    }
  }

  /**
   * What kind of file {@code path} is, for messages: "a directory", "a regular file", "a
   * character device", "a FIFO (named pipe)", "a block device", "a socket", "a special file".
   *
   * @param path an existing path
   * @return the article and the kind
   */
  public static String describe(Path path) {
    if (Files.isDirectory(path)) {
      return "a directory";
    }
    if (Files.isRegularFile(path)) {
      return "a regular file";
    }
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      switch (mode & 0170000) {
        case 0010000:
          return "a FIFO (named pipe)";
        case 0020000:
          return "a character device";
        case 0060000:
          return "a block device";
        case 0140000:
          return "a socket";
        default:
          return "a special file";
      }
    } catch (IOException | RuntimeException e) {
      return "a special file";
    }
  }

  /**
   * Removes the temporary files of {@code target} ({@code .NAME.<uuid>.tmp} beside it) that no
   * running write holds locked: the leftovers of a killed process.
   *
   * @param target the file whose stale temporary files go
   * @return how many were removed
   */
  public static int removeStaleTemporaries(Path target) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    String prefix = "." + abs.getFileName() + ".";
    int removed = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> {
      String name = p.getFileName().toString();
      return name.startsWith(prefix) && UUID_TMP.matcher(name.substring(prefix.length())).matches();
    })) {
      for (Path tmp : entries) {
        if (removeIfUnlocked(tmp)) {
          removed++;
        }
      }
    } catch (IOException e) {
      // Best effort: a stale temporary file only takes space.
    }
    return removed;
  }

  private static boolean removeIfUnlocked(Path tmp) {
    if (!Files.isRegularFile(tmp, LinkOption.NOFOLLOW_LINKS)) {
      return false; // Never open anything else (a FIFO would block): not one of ours.
    }
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // Written by this process right now.
      }
      if (lock == null) {
        return false; // Written by another process right now.
      }
      try {
        return Files.deleteIfExists(tmp);
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      return false;
    }
  }
}
