package io.facerecon.report;

import io.facerecon.io.AtomicFiles;
import io.facerecon.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A directory of outputs that appears whole or not at all, written by one run at a time.
 *
 * <p>{@link #prepare} checks the target before any work starts, claims it with an {@link
 * OutputLock} ({@code .NAME.lock} beside it) so that a second run on the same target fails at
 * once, removes what killed runs left beside it, and creates a hidden staging directory
 * {@code .NAME.partial-<hex>} beside it (in the same file system, so the final move is a rename).
 * Files are written into {@link #staging()}; {@link #commit()} renames the staging directory to
 * the target. Until then the target is as it was, so a failed or interrupted run leaves no
 * half-written output, and other directories, including earlier results, are never touched.
 * {@link #close()} removes the staging directory of a run that did not commit and gives up the
 * claim; a shutdown hook removes the staging directory when the program is interrupted.
 *
 * <p>Every output carries a small marker file, {@value #MARKER}, naming the command that wrote
 * it. The target must be new or empty, unless the policy allows replacing an earlier output: then
 * a directory with the marker is replaced whole at commit (moved aside to {@code
 * .NAME.replaced-<hex>}, the new one renamed into place, the old one deleted), and any directory
 * without it is still refused.
 *
 * <p>A run killed with SIGKILL leaves its staging directory, its lock file, and possibly a
 * replaced output it had moved aside. The next run on the same target, once it holds the lock,
 * deletes the staging directories and puts a moved-aside output back if the target is missing
 * (else deletes it): only entries with those names, which no live run can be using while the lock
 * is held.
 */
public final class OutputDirectory implements AutoCloseable {
  /** The marker file in every output directory, naming the command that wrote it. */
  public static final String MARKER = ".facerecon-output";

  private static final String SCRATCH = ".scratch";
  private static final String MARKER_PREFIX = "facerecon ";

  /**
   * How a run may use its target.
   *
   * @param label how messages name the target, e.g. "output directory" or a flag; followed by the
   *     path
   * @param command the command whose output this is, recorded in the marker
   * @param replace whether an earlier output (a directory with the marker) may be replaced
   * @param replaceHint what the user can do to allow replacing, e.g. "allow replacing it"
   * @param resume a file that a resumed run continues from, or null: the target must then be an
   *     earlier output of the same command (or missing), and the file is rescued from a killed
   *     run's staging directory into the new one
   */
  public record Policy(String label, String command, boolean replace, String replaceHint, String resume) {
    /**
     * The strictest policy: a new or empty target only.
     *
     * @param command the command whose output this is
     * @return the policy
     */
    public static Policy of(String command) {
      return new Policy("output directory", command, false, "allow replacing it", null);
    }

    /**
     * This policy with another label.
     *
     * @param newLabel how messages name the target
     * @return the policy
     */
    public Policy withLabel(String newLabel) {
      return new Policy(newLabel, command, replace, replaceHint, resume);
    }

    /**
     * This policy, allowing or refusing to replace an earlier output.
     *
     * @param allowed whether an earlier output may be replaced
     * @param hint what the user can do to allow it, shown when it is refused
     * @return the policy
     */
    public Policy withReplace(boolean allowed, String hint) {
      return new Policy(label, command, allowed, hint, resume);
    }

    /**
     * This policy for a run that continues an earlier run from {@code file}; implies replacing.
     *
     * @param file the file continued from, e.g. a checkpoint
     * @return the policy
     */
    public Policy resuming(String file) {
      return new Policy(label, command, true, replaceHint, file);
    }
  }

  private final Path target;
  private final Path staging;
  private final OutputLock lock;
  private final Thread cleanup;
  private boolean committed;
  private volatile String keepIf;

  private OutputDirectory(Path target, Path staging, OutputLock lock) {
    this.target = target;
    this.staging = staging;
    this.lock = lock;
    this.cleanup = new Thread(() -> {
      if (!keepStaging()) {
        discardWhileRunning(staging);
      }
      lock.close();
    }, "facerecon-output-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /**
   * {@link #prepare(Path, Policy)} with the strictest policy: a new or empty target.
   *
   * @param target the output directory
   * @return the prepared output
   * @throws BadInputException when the target cannot receive the outputs
   */
  public static OutputDirectory prepare(Path target) {
    return prepare(target, Policy.of("output"));
  }

  /**
   * Checks that {@code target} can receive the outputs, claims it, cleans up after killed runs
   * and creates the staging directory.
   *
   * @param target the output directory: not empty, not the working directory or one holding it,
   *     not below a file; missing, empty, or (when the policy allows) an earlier output
   * @param policy what the run may do with the target
   * @return the prepared output
   * @throws BadInputException when the target is refused, or another run is writing it
   */
  public static OutputDirectory prepare(Path target, Policy policy) {
    String named = policy.label() + " " + target;
    if (target.toString().isEmpty()) {
      throw new BadInputException(policy.label() + " is empty; give the folder to write into");
    }
    Path abs = realPath(target.toAbsolutePath().normalize());
    Path cwd = realPath(Paths.get("").toAbsolutePath());
    if (abs.getParent() == null || cwd.startsWith(abs)) {
      throw new BadInputException(named + " is " + (abs.equals(cwd) ? "the working directory" : "a folder that holds the working directory")
          + "; give a new folder for the outputs");
    }
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new BadInputException(
          named + " is " + AtomicFiles.describe(abs) + "; expected a new or empty folder");
    }
    Path parent = abs.getParent();
    for (Path p = parent; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new BadInputException(
              named + " passes through " + p + ", which is " + AtomicFiles.describe(p) + ", not a folder");
        }
        break;
      }
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new BadInputException(
          "cannot create the folder " + parent + " for " + named + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(parent)) {
      throw new BadInputException(named + " cannot be created: " + parent + " is not writable");
    }
    OutputLock lock = OutputLock.acquire(abs, named);
    try {
      List<Path> stale = removeLeftovers(abs);
      checkTarget(abs, named, policy);
      Path staging = createStaging(parent, abs.getFileName().toString());
      OutputDirectory out = new OutputDirectory(abs, staging, lock);
      try {
        Files.writeString(staging.resolve(MARKER), MARKER_PREFIX + policy.command() + "\n", StandardCharsets.UTF_8);
        if (policy.resume() != null) {
          rescue(stale, policy.resume(), staging);
        }
        for (Path s : stale) {
          deleteTree(s);
        }
      } catch (IOException | RuntimeException e) {
        out.close();
        throw e;
      }
      return out;
    } catch (IOException e) {
      lock.close();
      throw new BadInputException(named + " cannot be prepared in " + parent + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** {@code path} with the links of its existing part resolved, so that aliases compare equal. */
  private static Path realPath(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path));
    } catch (IOException e) {
      return path;
    }
  }

  private static void checkTarget(Path abs, String named, Policy policy) {
    if (!Files.isDirectory(abs) || isEmpty(abs)) {
      return; // New or empty. A resumed run then needs the file rescued from a killed run.
    }
    String writer = writerOf(abs);
    if (writer == null) {
      throw new BadInputException(named + " already holds files that facerecon did not write (it has no "
          + MARKER + "); choose a new or empty folder");
    }
    if (policy.resume() != null && !writer.equals(policy.command())) {
      throw new BadInputException(named + " holds the output of facerecon " + writer + ", not of facerecon "
          + policy.command() + "; a resumed run continues in its own output folder");
    }
    if (!policy.replace()) {
      throw new BadInputException(named + " already holds an earlier facerecon " + writer
          + " output; choose a new folder, or " + policy.replaceHint());
    }
  }

  /**
   * The command named in {@code dir}'s marker, or null if {@code dir} has no marker (it is not a
   * facerecon output).
   *
   * @param dir a directory
   * @return the command that wrote it, or null
   */
  public static String writerOf(Path dir) {
    Path marker = dir.resolve(MARKER);
    if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      if (Files.size(marker) > 4096) {
        return null;
      }
      String text = Files.readString(marker, StandardCharsets.UTF_8).trim();
      return text.startsWith(MARKER_PREFIX) ? text.substring(MARKER_PREFIX.length()).trim() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * What killed runs left beside {@code target}; called with the lock held, so no live run uses
   * them. A replaced output moved aside goes back into place if the target is missing, or is
   * deleted; staging directories are returned, to be deleted once a file is rescued from them.
   */
  private static List<Path> removeLeftovers(Path target) throws IOException {
    String name = target.getFileName().toString();
    Pattern staging = Pattern.compile("\\." + Pattern.quote(name) + "\\.partial-[0-9a-f]+(\\.discarded)?");
    Pattern replaced = Pattern.compile("\\." + Pattern.quote(name) + "\\.replaced-[0-9a-f]+");
    List<Path> stale = new ArrayList<>();
    List<Path> moved = new ArrayList<>();
    String prefix = "." + name + ".";
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(),
        p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (staging.matcher(n).matches()) {
          stale.add(p);
        } else if (replaced.matcher(n).matches()) {
          moved.add(p);
        }
      }
    }
    for (Path p : moved) {
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) && writerOf(p) != null) {
        Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        deleteTree(p);
      }
    }
    return stale;
  }

  /** Moves the newest copy of {@code file} among the stale staging directories into {@code staging}. */
  private static void rescue(List<Path> stale, String file, Path staging) throws IOException {
    Path newest = null;
    for (Path s : stale) {
      Path f = s.resolve(file);
      if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
          && (newest == null || Files.getLastModifiedTime(f).compareTo(Files.getLastModifiedTime(newest)) > 0)) {
        newest = f;
      }
    }
    if (newest != null) {
      Files.move(newest, staging.resolve(file), StandardCopyOption.ATOMIC_MOVE);
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
        // Taken: draw another name.
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
   * A folder for files that only help the run along (they are not outputs): inside the staging
   * directory, so a killed run's scratch files go with it, and deleted before the commit.
   *
   * @return the scratch folder, created if missing
   * @throws IOException if it cannot be created
   */
  public Path scratch() throws IOException {
    return Files.createDirectories(staging.resolve(SCRATCH));
  }

  /**
   * The file {@code name} of the earlier output at the target, if the target holds one.
   *
   * @param name a file name
   * @return the file, or null if the target or the file is missing
   */
  public Path earlier(String name) {
    Path f = target.resolve(name);
    return Files.isRegularFile(f) ? f : null;
  }

  /**
   * Keeps the staging directory of a run that fails or is interrupted, if it holds {@code file}
   * (for example a checkpoint to continue from); the next run on the target removes it, or, when
   * resuming from that file, rescues it.
   *
   * @param file a file name in the staging directory
   */
  public void keepOnFailureIf(String file) {
    keepIf = file;
  }

  private boolean keepStaging() {
    return keepIf != null && Files.exists(staging.resolve(keepIf), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Moves the staged outputs to the target: one rename onto a missing or empty target; for an
   * earlier output that may be replaced, the earlier one is moved aside first and deleted after.
   * Fails, leaving everything in place, if the target changed meanwhile into something that may
   * not be replaced.
   *
   * @throws IOException if a rename fails
   */
  public void commit() throws IOException {
    if (committed) {
      throw new IllegalStateException(target + " is already committed");
    }
    deleteTree(staging.resolve(SCRATCH));
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && !isEmpty(target)) {
      if (writerOf(target) == null) {
        throw new IOException(target + " was filled by something else during the run; the outputs are in " + staging);
      }
      Path aside = createName(target.getParent(), "." + target.getFileName() + ".replaced-");
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
      deleteTree(aside);
      return;
    }
    // rename(2) replaces an empty directory and refuses a non-empty one. Staging and target share
    // a parent, so the atomic move is always available.
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
  }

  private static Path createName(Path parent, String prefix) {
    SecureRandom random = new SecureRandom();
    while (true) {
      Path candidate = parent.resolve(prefix + Long.toHexString(random.nextLong() & Long.MAX_VALUE));
      if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return candidate;
      }
    }
  }

  /** Removes the staging directory unless the outputs were committed, and gives up the claim. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      return; // Shutting down: the hook is running or has run.
    }
    try {
      if (!committed && !keepStaging()) {
        deleteTree(staging);
      }
    } finally {
      lock.close();
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
    try {
      deleteTree(doomed);
    } catch (UncheckedIOException e) {
      // The next run on the target removes what is left.
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
