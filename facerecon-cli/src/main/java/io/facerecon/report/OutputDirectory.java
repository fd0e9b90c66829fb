package io.facerecon.report;

import io.facerecon.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;

/**
 * A directory of outputs that appears whole or not at all.
 *
 * <p>{@link #prepare} checks the target before any work starts and creates a hidden staging
 * directory beside it (in the same file system, so the final move is a rename). Files are written
 * into {@link #staging()}; {@link #commit()} renames the staging directory to the target. Until
 * then the target does not exist, so a failed or interrupted run leaves no half-written report,
 * and other directories, including earlier results, are never touched. {@link #close()} removes
 * the staging directory of a run that did not commit, and so does a shutdown hook when the
 * program is interrupted.
 */
public final class OutputDirectory implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private final Thread cleanup;
  private boolean committed;

  private OutputDirectory(Path target, Path staging) {
    this.target = target;
    this.staging = staging;
    this.cleanup = new Thread(() -> discardWhileRunning(staging), "facerecon-output-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /**
   * Checks that {@code target} can receive the outputs (it must not exist, or be an empty
   * directory, and its parent must be writable) and creates the staging directory.
   *
   * @throws BadInputException when the target is a file, a non-empty directory, or cannot be
   *     written
   */
  public static OutputDirectory prepare(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new BadInputException(
          "output directory " + target + " is a file; expected a new or empty directory");
    }
    if (Files.isDirectory(abs) && !isEmpty(abs)) {
      throw new BadInputException(
          "output directory " + target + " already holds files; choose a new directory so earlier"
              + " results stay as they are");
    }
    Path parent = abs.getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new BadInputException(
          "cannot create the folder " + parent + " for output directory " + target + ": "
              + e.getMessage(), e);
    }
    if (!Files.isWritable(parent)) {
      throw new BadInputException(
          "output directory " + target + " cannot be created: " + parent + " is not writable");
    }
    try {
      return new OutputDirectory(abs, createStaging(parent, abs.getFileName().toString()));
    } catch (IOException e) {
      throw new BadInputException(
          "output directory " + target + " cannot be created in " + parent + ": " + e.getMessage(), e);
    }
  }

  /**
   * A new hidden directory beside the target. Created like any directory (not as a private temp
   * directory) so the outputs get the user's usual permissions.
   */
  private static Path createStaging(Path parent, String name) throws IOException {
    SecureRandom random = new SecureRandom();
    while (true) {
      Path candidate = parent.resolve(
          "." + name + ".partial-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE));
      try {
        return Files.createDirectory(candidate);
      } catch (FileAlreadyExistsException e) {
        // Taken by another run: draw another name.
      }
    }
  }

  private static boolean isEmpty(Path dir) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    } catch (IOException e) {
      throw new BadInputException("cannot read output directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Where the outputs go; this directory becomes the target on {@link #commit()}. */
  public Path staging() {
    return staging;
  }

  /** The final directory. */
  public Path target() {
    return target;
  }

  /**
   * Moves the staged outputs to the target in one rename. Fails, leaving everything in place,
   * if the target appeared meanwhile and is not an empty directory.
   */
  public void commit() throws IOException {
    if (committed) {
      throw new IllegalStateException(target + " is already committed");
    }
    // rename(2) replaces an empty directory and refuses a non-empty one. Staging and target share
    // a parent, so the atomic move is always available.
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
  }

  /** Removes the staging directory unless the outputs were committed. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      return; // Shutting down: the hook is running or has run.
    }
    if (!committed) {
      deleteTree(staging);
    }
  }

  /**
   * Removes the staging directory of an interrupted run while the run's threads may still be
   * writing into it: renamed first, so files they create afterwards fail instead of appearing in
   * a directory being deleted.
   */
  private static void discardWhileRunning(Path dir) {
    Path doomed = dir.resolveSibling(dir.getFileName() + ".discarded");
    try {
      Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      doomed = dir; // Already gone, or cannot be renamed: delete it where it is.
    }
    deleteTree(doomed);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove staging directory " + dir, e);
    }
  }
}
