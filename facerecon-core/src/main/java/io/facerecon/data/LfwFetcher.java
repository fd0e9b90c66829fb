package io.facerecon.data;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds Labeled Faces in the Wild on this machine, or downloads the official archive.
 *
 * <p>Search order: the path the caller names ({@code data}) if given; {@code $FACERECON_LFW}; the archive (or its
 * unpacked folder) in the output folder, where an earlier download put it; scikit-learn's cache
 * ({@code $SCIKIT_LEARN_DATA} or {@code ~/scikit_learn_data}, then {@code lfw_home/}), which holds
 * the unpacked folder and, while it downloads, the archive. Archives found in the two caches are
 * used only if their SHA-256 is the expected one; paths the user names are taken as they are.
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
   * What to look for and, if absent, what to download.
   *
   * @param archive the variant
   * @param data a path the user named, taken before any other
   * @param outDir where a download goes (as {@code archive.fileName()})
   * @param url where to download from
   * @param sha256 the expected digest of the download, lower-case hexadecimal
   * @param force download even if a copy exists, replacing an earlier download
   */
  public record Request(
      LfwArchive archive, Optional<Path> data, Path outDir, URI url, String sha256, boolean force) {
    /**
     * Checks the request and normalises the digest.
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
    public Request {
      if (force && data.isPresent()) {
        throw new InvalidParameterException("force", "downloads a fresh copy; it cannot be used with a given data path");
      }
      sha256 = Sha256.parse("sha256", sha256);
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
    return new LfwFetcher(
        new VerifiedDownload(VerifiedDownload.defaultClient(), Duration.ofMinutes(2)),
        System.getenv(),
        userHome(),
        System.err::println);
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
    download.fetch(request.url(), request.sha256(), target, progress);
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
        return Optional.of(new Located(path, Origin.ENVIRONMENT));
      }
      messages.accept(LFW_VARIABLE + "=" + named + " does not exist; looking elsewhere");
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
    if (hasSubfolder(folder)) {
      return Optional.of(new Located(folder, origin));
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

  private static boolean hasSubfolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.anyMatch(Files::isDirectory);
    }
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
