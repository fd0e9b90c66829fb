package io.facerecon.data;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Finds Labeled Faces in the Wild on this machine, or downloads the official archive.
 *
 * <p>Search order: the path the caller names ({@code data}) if given; {@code $FACERECON_LFW}; the archive (or its
 * unpacked folder) in the output folder, where an earlier download put it; scikit-learn's cache
 * ({@code $SCIKIT_LEARN_DATA} or {@code ~/scikit_learn_data}, then {@code lfw_home/}), which holds
 * the unpacked folder and, while it downloads, the archive. Archives found in the two caches are
 * used only if their SHA-256 is the expected one, folders there and the copy {@code $FACERECON_LFW}
 * names only if they have LFW's structure ({@link #lfwProblem}); the path the caller names is taken
 * as it is (a caller that wants LFW there checks it with {@link #requireLfw}). A download is
 * refused beyond {@link Request#maxBytes()}.
 */
public final class LfwFetcher {
  /** The variable that names an LFW copy (folder or archive). */
  public static final String LFW_VARIABLE = "FACERECON_LFW";
  /** The variable scikit-learn reads for its data folder. */
  public static final String SCIKIT_LEARN_VARIABLE = "SCIKIT_LEARN_DATA";

  /** Where a copy came from. */
  public enum Origin {
    /** The path the caller named. */
    GIVEN("the given path"),
    /** The path in {@code $FACERECON_LFW}. */
    ENVIRONMENT("$" + LFW_VARIABLE),
    /** An earlier download in the output folder. */
    OUTPUT_FOLDER("the output folder"),
    /** scikit-learn's data cache. */
    SCIKIT_LEARN_CACHE("scikit-learn's cache"),
    /** Downloaded just now. */
    DOWNLOADED("download");

    private final String description;

    Origin(String description) {
      this.description = description;
    }

    /**
     * A few words for messages.
     *
     * @return e.g. "scikit-learn's cache"
     */
    public String description() {
      return description;
    }
  }

  /**
   * An LFW copy: a folder of person folders or an archive of them.
   *
   * @param path the folder or archive
   * @param origin where it was found
   */
  public record Located(Path path, Origin origin) {}

  /**
   * The most an LFW archive may weigh: both official archives are under 250 MiB, so a server that
   * announces or sends more is not sending LFW.
   */
  public static final long MAX_ARCHIVE_BYTES = 300L << 20;

  /** A person folder's image: {@code <Person>_NNNN} with an image extension. */
  private static final Pattern IMAGE_NUMBER = Pattern.compile("_[0-9]{4}\\.[A-Za-z]+");
  /** Archive entries looked at before deciding that an archive holds no LFW image. */
  private static final int ENTRIES_TO_LOOK_AT = 2000;

  /**
   * What to look for and, if absent, what to download.
   *
   * @param archive the variant
   * @param data a path the user named, taken before any other
   * @param outDir where a download goes (as {@code archive.fileName()})
   * @param url where to download from
   * @param sha256 the expected digest of the download, lower-case hexadecimal
   * @param force download even if a copy exists, replacing an earlier download
   * @param maxBytes the most the download may weigh; a server announcing or sending more is cut
   *     off before the digest is checked
   */
  public record Request(
      LfwArchive archive, Optional<Path> data, Path outDir, URI url, String sha256, boolean force, long maxBytes) {
    /**
     * Checks the request and normalises the digest.
     *
     * @param archive the variant
     * @param data a path the user named, taken before any other
     * @param outDir where a download goes
     * @param url where to download from
     * @param sha256 the expected digest, hexadecimal in any case
     * @param force download even if a copy exists
     * @param maxBytes the most the download may weigh, at least 1
     * @throws InvalidParameterException if {@code force} comes with a data path, or {@code maxBytes}
     *     is below 1
     * @throws BadInputException if the digest is not 64 hexadecimal digits
     */
    public Request {
      if (force && data.isPresent()) {
        throw new InvalidParameterException("force", "downloads a fresh copy; it cannot be used with a given data path");
      }
      if (maxBytes < 1) {
        throw new InvalidParameterException("maxBytes", "must be >= 1, got " + maxBytes);
      }
      sha256 = Sha256.parse("sha256", sha256);
    }

    /**
     * A request whose download may weigh {@link #MAX_ARCHIVE_BYTES} at most.
     *
     * @param archive the variant
     * @param data a path the user named, taken before any other
     * @param outDir where a download goes
     * @param url where to download from
     * @param sha256 the expected digest, hexadecimal in any case
     * @param force download even if a copy exists
     * @throws InvalidParameterException if {@code force} comes with a data path
     * @throws BadInputException if the digest is not 64 hexadecimal digits
     */
    public Request(LfwArchive archive, Optional<Path> data, Path outDir, URI url, String sha256, boolean force) {
      this(archive, data, outDir, url, sha256, force, MAX_ARCHIVE_BYTES);
    }

    /**
     * The official archive of {@code archive}, downloaded to {@code outDir} if no copy exists.
     *
     * @param archive the variant
     * @param outDir where a download goes
     * @return the request, without a named path or {@code force}
     */
    public static Request of(LfwArchive archive, Path outDir) {
      return new Request(archive, Optional.empty(), outDir, archive.url(), archive.sha256(), false);
    }

    /**
     * Where a download goes.
     *
     * @return {@code outDir} resolved with the archive's file name
     */
    public Path target() {
      return outDir.resolve(archive.fileName());
    }

    /**
     * The same request with another size limit.
     *
     * @param bytes the most the download may weigh
     * @return the new request
     */
    public Request withMaxBytes(long bytes) {
      return new Request(archive, data, outDir, url, sha256, force, bytes);
    }
  }

  private final VerifiedDownload download;
  private final Map<String, String> environment;
  private final Path home;
  private final Consumer<String> messages;

  /**
   * A fetcher with the given environment, for tests and embedding.
   *
   * @param download downloads and verifies the archive
   * @param environment the environment variables to read ({@link #LFW_VARIABLE}, {@link
   *     #SCIKIT_LEARN_VARIABLE})
   * @param home the user's home folder
   * @param messages hears what was found, skipped or downloaded, one line each
   */
  public LfwFetcher(
      VerifiedDownload download, Map<String, String> environment, Path home, Consumer<String> messages) {
    this.download = download;
    this.environment = environment;
    this.home = home;
    this.messages = messages;
  }

  /**
   * A fetcher for this process: its environment and home, messages to standard error.
   *
   * @return the fetcher
   */
  public static LfwFetcher system() {
    return system(new VerifiedDownload(VerifiedDownload.defaultClient(), Duration.ofMinutes(2)));
  }

  /**
   * A fetcher for this process that downloads with {@code download} (e.g. with another minimum
   * rate): its environment and home, messages to standard error.
   *
   * @param download downloads and verifies the archive
   * @return the fetcher
   */
  public static LfwFetcher system(VerifiedDownload download) {
    return new LfwFetcher(download, System.getenv(), userHome(), System.err::println);
  }

  /**
   * Where downloads go unless told otherwise.
   *
   * @return {@code ~/facerecon_data}
   */
  public static Path defaultOutDir() {
    return userHome().resolve("facerecon_data");
  }

  /**
   * The copy the request names or an existing one, else the downloaded archive.
   *
   * @param request what to look for and what to download
   * @param progress hears how a download advances
   * @return the copy and where it came from
   * @throws BadInputException if the given data path names nothing
   * @throws IOException if the download fails; nothing is then left at its target
   */
  public Located obtain(Request request, DownloadProgress progress) throws IOException {
    if (!request.force()) {
      Optional<Located> found = findExisting(request);
      if (found.isPresent()) {
        return found.get();
      }
    }
    Path target = request.target();
    messages.accept("downloading " + request.url() + " to " + target);
    download.fetch(request.url(), request.sha256(), request.maxBytes(), target, progress);
    messages.accept("SHA-256 verified: " + request.sha256());
    return new Located(target, Origin.DOWNLOADED);
  }

  /**
   * An existing copy, looked for in the order the class describes.
   *
   * @param request what to look for
   * @return the copy, or empty if there is none
   * @throws BadInputException if the given data path names nothing
   * @throws IOException if listing a cache or hashing an archive fails
   */
  public Optional<Located> findExisting(Request request) throws IOException {
    if (request.data().isPresent()) {
      Path data = request.data().get();
      if (!Files.exists(data)) {
        throw new BadInputException(data + ": no such file or folder");
      }
      return Optional.of(new Located(data, Origin.GIVEN));
    }
    String named = environment.get(LFW_VARIABLE);
    if (named != null && !named.isBlank()) {
      Path path = expandHome(named.trim());
      if (Files.exists(path)) {
        Optional<String> problem = lfwProblem(path);
        if (problem.isEmpty()) {
          return Optional.of(new Located(path, Origin.ENVIRONMENT));
        }
        messages.accept(LFW_VARIABLE + "=" + named + " is not an LFW copy (" + problem.get() + "); looking elsewhere");
      } else {
        messages.accept(LFW_VARIABLE + "=" + named + " does not exist; looking elsewhere");
      }
    }
    Optional<Located> cached = inCache(request.outDir(), request, Origin.OUTPUT_FOLDER);
    if (cached.isPresent()) {
      return cached;
    }
    return inCache(scikitLearnHome().resolve("lfw_home"), request, Origin.SCIKIT_LEARN_CACHE);
  }

  /** scikit-learn's data folder: {@code $SCIKIT_LEARN_DATA} or {@code ~/scikit_learn_data}. */
  Path scikitLearnHome() {
    String named = environment.get(SCIKIT_LEARN_VARIABLE);
    return named != null && !named.isBlank() ? expandHome(named.trim()) : home.resolve("scikit_learn_data");
  }

  /** The unpacked folder in {@code dir}, else the archive there if its digest is right. */
  private Optional<Located> inCache(Path dir, Request request, Origin origin) throws IOException {
    Path folder = dir.resolve(request.archive().folderName());
    if (Files.isDirectory(folder)) {
      Optional<String> problem = lfwProblem(folder);
      if (problem.isEmpty()) {
        return Optional.of(new Located(folder, origin));
      }
      messages.accept(folder + " is not an LFW folder (" + problem.get() + "); not using it");
    }
    Path archive = dir.resolve(request.archive().fileName());
    if (!Files.isRegularFile(archive)) {
      return Optional.empty();
    }
    String actual = Sha256.of(archive);
    if (!actual.equals(request.sha256())) {
      messages.accept(
          archive + " has SHA-256 " + actual + ", expected " + request.sha256() + "; not using it");
      return Optional.empty();
    }
    return Optional.of(new Located(archive, origin));
  }

  /**
   * Refuses a path that is not an LFW copy, as {@link #lfwProblem} decides.
   *
   * @param path a folder or archive that should hold LFW
   * @throws BadInputException naming the path and what was found, if it is not LFW
   * @throws IOException if listing the folder fails
   */
  public static void requireLfw(Path path) throws IOException {
    Optional<String> problem = lfwProblem(path);
    if (problem.isPresent()) {
      throw new BadInputException(path + " is not an LFW copy: " + problem.get());
    }
  }

  /**
   * Why {@code path} is not an LFW copy, if it is not. A folder must hold person folders with
   * images named {@code <Person>_NNNN} ({@code George_W_Bush/George_W_Bush_0001.jpg}); an archive
   * must be a tar (gzip-compressed or not) with such images one folder deeper
   * ({@code lfw_funneled/<Person>/<Person>_NNNN.jpg}) among its first entries. Finding one such
   * image is enough: the loaders check every file later.
   *
   * @param path a folder or archive
   * @return what was found instead, or empty if it is LFW
   * @throws IOException if listing the folder fails
   */
  public static Optional<String> lfwProblem(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (Stream<Path> entries = Files.list(path)) {
        boolean found = entries.filter(Files::isDirectory).anyMatch(LfwFetcher::isPersonFolder);
        return found ? Optional.empty() : Optional.of(
            "a folder without person folders holding <Person>_NNNN.jpg images");
      }
    }
    if (!Files.isRegularFile(path)) {
      return Optional.of("neither a folder nor a regular file");
    }
    try (InputStream file = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      InputStream tar = LfwArchiveReader.tarStream(file);
      if (tar == null) {
        return Optional.of("neither a folder nor a .tgz or .tar archive");
      }
      try (TarArchiveInputStream entries = new TarArchiveInputStream(tar)) {
        TarArchiveEntry entry;
        for (int i = 0; i < ENTRIES_TO_LOOK_AT && (entry = entries.getNextEntry()) != null; i++) {
          String[] parts = Stream.of(entry.getName().split("/"))
              .filter(p -> !p.isEmpty() && !p.equals(".")).toArray(String[]::new);
          if (entry.isFile() && parts.length == 3 && isPersonImage(parts[1], parts[2])) {
            return Optional.empty();
          }
        }
      }
      return Optional.of("an archive without <top folder>/<Person>/<Person>_NNNN.jpg images");
    } catch (IOException | RuntimeException e) {
      return Optional.of("not a readable .tgz archive (" + e.getMessage() + ")");
    }
  }

  private static boolean isPersonFolder(Path folder) {
    String person = folder.getFileName().toString();
    try (Stream<Path> files = Files.list(folder)) {
      return files.anyMatch(f -> isPersonImage(person, f.getFileName().toString()) && Files.isRegularFile(f));
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether {@code name} is {@code <person>_NNNN} with an image extension. */
  private static boolean isPersonImage(String person, String name) {
    return !person.startsWith(".")
        && name.startsWith(person)
        && IMAGE_NUMBER.matcher(name.substring(person.length())).matches()
        && ImageFiles.isImageName(name);
  }

  private Path expandHome(String path) {
    if (path.equals("~")) {
      return home;
    }
    return path.startsWith("~/") ? home.resolve(path.substring(2)) : Paths.get(path);
  }

  private static Path userHome() {
    return Paths.get(System.getProperty("user.home"));
  }
}
