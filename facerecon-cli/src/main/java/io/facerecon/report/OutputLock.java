package io.facerecon.report;

import io.facerecon.io.AtomicFiles;
import io.facerecon.io.BadInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * An exclusive claim on an output path, held by one process at a time: a lock file
 * {@code .NAME.lock} beside the output, locked with {@link FileChannel#tryLock()}. A second run
 * that wants the same output fails at once instead of mixing its files with the first one's.
 *
 * <p>The lock file is deleted while still locked when the claim is given up. A killed process
 * leaves its lock file behind, unlocked (the system releases the locks of a dead process); the
 * next run takes it over and deletes it in turn. A run that opened the file just before its owner
 * deleted it notices that the path no longer names the file it locked, and tries again.
 */
public final class OutputLock implements AutoCloseable {
  private static final int ATTEMPTS = 20;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * The lock file that guards {@code target}: {@code .NAME.lock} in the same folder.
   *
   * @param target an absolute output path
   * @return the lock file's path
   */
  public static Path lockFileOf(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".lock");
  }

  /**
   * Claims {@code target}; its folder must exist.
   *
   * @param target the absolute output path to claim
   * @param label how messages name the output, e.g. "output directory /x/y"
   * @return the claim, to be closed when the output is complete or abandoned
   * @throws BadInputException if another run holds the claim, or the lock file cannot be made
   */
  public static OutputLock acquire(Path target, String label) {
    Path file = lockFileOf(target);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new BadInputException(
            label + " cannot be locked: " + file + " is " + AtomicFiles.describe(file)
                + ", not a lock file facerecon made; remove it");
      }
      Object before = fileKey(file);
      FileChannel channel;
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw new BadInputException(label + " cannot be locked: cannot create " + file + ": " + e.getMessage(), e);
      }
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      } catch (IOException e) {
        closeQuietly(channel);
        throw new BadInputException(label + " cannot be locked with " + file + ": " + e.getMessage(), e);
      }
      if (lock == null) {
        closeQuietly(channel);
        throw new BadInputException(
            label + " is being written by another facerecon run (it holds " + file.getFileName()
                + "); wait for it to finish or choose another output");
      }
      Object after = fileKey(file);
      if (after != null && (before == null || Objects.equals(before, after))) {
        return new OutputLock(file, channel, lock);
      }
      // The previous owner deleted the file after we opened it: what we hold guards nothing.
      closeQuietly(channel);
    }
    throw new BadInputException(label + " cannot be locked: " + file + " keeps changing");
  }

  /**
   * The identity of the file at {@code path} (its inode), or null if there is none. Without file
   * keys (some file systems) the creation time stands in.
   */
  private static Object fileKey(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.fileKey() != null ? a.fileKey() : a.creationTime();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Whether another process (or this one) holds the claim on {@code target} right now.
   *
   * @param target the absolute output path
   * @return true if its lock file exists and is locked
   */
  public static boolean isHeld(Path target) {
    Path file = lockFileOf(target);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** Gives up the claim: deletes the lock file, then releases the lock. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Left behind unlocked: the next run takes it over.
    }
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel releases it too.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing held any more.
    }
  }
}
