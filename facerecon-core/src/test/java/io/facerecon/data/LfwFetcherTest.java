package io.facerecon.data;

import io.facerecon.io.BadInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfwFetcherTest {
  @TempDir Path tmp;

  private LocalArchiveServer server;
  private Path home;
  private Path out;
  private final Map<String, String> env = new HashMap<>();
  private final List<String> messages = new ArrayList<>();
  private final RecordingProgress progress = new RecordingProgress();

  @BeforeEach
  void start() throws IOException {
    server = new LocalArchiveServer();
    home = Files.createDirectories(tmp.resolve("home"));
    out = tmp.resolve("out");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void downloadsVerifiesAndPutsTheArchiveInPlace() throws IOException {
    LfwFetcher.Located got = fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress);

    assertThat(got.origin()).isEqualTo(LfwFetcher.Origin.DOWNLOADED);
    assertThat(got.path()).isEqualTo(out.resolve("lfw-funneled.tgz"));
    assertThat(Files.readAllBytes(got.path())).isEqualTo(server.archive());
    assertThat(filesIn(out)).containsExactly("lfw-funneled.tgz");
    assertThat(progress.total).isEqualTo(server.archive().length);
    assertThat(progress.last).isEqualTo(server.archive().length);
    assertThat(progress.ended).isTrue();
  }

  @Test
  void followsRedirects() throws IOException {
    LfwFetcher.Located got = fetcher().obtain(request("/moved", digest(server.archive())), progress);
    assertThat(Files.readAllBytes(got.path())).isEqualTo(server.archive());
  }

  @Test
  void aWrongChecksumLeavesNothing() {
    String wrong = digest(new byte[] {1, 2, 3});
    assertThatThrownBy(() -> fetcher().obtain(request("/lfw.tgz", wrong), progress))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("SHA-256 is " + digest(server.archive()))
        .hasMessageContaining("expected " + wrong)
        .hasMessageContaining("nothing was saved");
    assertThat(filesIn(out)).isEmpty();
  }

  @Test
  void aBrokenOffDownloadLeavesNothing() {
    int size = server.archive().length;
    assertThatThrownBy(() -> fetcher().obtain(request("/broken.tgz", digest(server.archive())), progress))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broke off after")
        .hasMessageContaining("of " + size + " bytes");
    assertThat(filesIn(out)).isEmpty();
    assertThat(progress.ended).isTrue();
  }

  @Test
  void aStalledDownloadIsGivenUp() {
    LfwFetcher impatient = fetcher(Duration.ofMillis(400));
    long start = System.nanoTime();
    assertThatThrownBy(() -> impatient.obtain(request("/stalled.tgz", digest(server.archive())), progress))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("given up after " + server.archive().length / 2 + " of")
        .hasMessageContaining("nothing arrived");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(filesIn(out)).isEmpty();
  }

  @Test
  void anHttpErrorIsReported() {
    assertThatThrownBy(() -> fetcher().obtain(request("/nowhere.tgz", digest(server.archive())), progress))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/nowhere.tgz")
        .hasMessageContaining("HTTP 404");
    assertThat(filesIn(out)).isEmpty();
  }

  @Test
  void anUnreachableServerIsReported() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/lfw.tgz");
    LfwFetcher.Request r = new LfwFetcher.Request(
        LfwArchive.FUNNELED, Optional.empty(), out, url, digest(server.archive()), false);
    assertThatThrownBy(() -> fetcher().obtain(r, progress))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(url + ": cannot download");
  }

  @Test
  void aFailedForcedDownloadKeepsTheEarlierCopy() throws IOException {
    Files.createDirectories(out);
    Files.write(out.resolve("lfw-funneled.tgz"), server.archive());
    LfwFetcher.Request forced = new LfwFetcher.Request(LfwArchive.FUNNELED, Optional.empty(), out,
        server.url("/broken.tgz"), digest(server.archive()), true);
    assertThatThrownBy(() -> fetcher().obtain(forced, progress)).isInstanceOf(IOException.class);
    assertThat(Files.readAllBytes(out.resolve("lfw-funneled.tgz"))).isEqualTo(server.archive());
    assertThat(filesIn(out)).containsExactly("lfw-funneled.tgz");
  }

  @Test
  void forceDownloadsAgain() throws IOException {
    Files.createDirectories(out);
    Files.write(out.resolve("lfw-funneled.tgz"), server.archive());
    LfwFetcher.Request forced = new LfwFetcher.Request(LfwArchive.FUNNELED, Optional.empty(), out,
        server.url("/lfw.tgz"), digest(server.archive()), true);
    assertThat(fetcher().obtain(forced, progress).origin()).isEqualTo(LfwFetcher.Origin.DOWNLOADED);
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void theDataOptionComesFirst() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("mine"));
    env.put(LfwFetcher.LFW_VARIABLE, Files.createDirectories(tmp.resolve("env")).toString());
    LfwFetcher.Request r = new LfwFetcher.Request(LfwArchive.FUNNELED, Optional.of(data), out,
        server.url("/lfw.tgz"), digest(server.archive()), false);
    assertThat(fetcher().obtain(r, progress)).isEqualTo(new LfwFetcher.Located(data, LfwFetcher.Origin.GIVEN));
    assertThat(server.requests()).isZero();
  }

  @Test
  void aMissingDataPathIsBadInput() {
    Path data = tmp.resolve("missing");
    LfwFetcher.Request r = new LfwFetcher.Request(LfwArchive.FUNNELED, Optional.of(data), out,
        server.url("/lfw.tgz"), digest(server.archive()), false);
    assertThatThrownBy(() -> fetcher().obtain(r, progress))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(data + ": no such file or folder");
    assertThat(server.requests()).isZero();
  }

  @Test
  void theEnvironmentVariableIsUsedWhenItExists() throws IOException {
    Path lfw = lfwFolder(tmp.resolve("lfw"));
    env.put(LfwFetcher.LFW_VARIABLE, lfw.toString());
    assertThat(fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress))
        .isEqualTo(new LfwFetcher.Located(lfw, LfwFetcher.Origin.ENVIRONMENT));
    assertThat(server.requests()).isZero();
  }

  @Test
  void aDanglingEnvironmentVariableIsNotedAndPassedOver() throws IOException {
    env.put(LfwFetcher.LFW_VARIABLE, tmp.resolve("gone").toString());
    assertThat(fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress).origin())
        .isEqualTo(LfwFetcher.Origin.DOWNLOADED);
    assertThat(messages).anyMatch(m -> m.contains("gone does not exist"));
  }

  @Test
  void anEarlierDownloadIsFoundWithoutARequest() throws IOException {
    fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress);
    LfwFetcher.Located again = fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress);
    assertThat(again).isEqualTo(new LfwFetcher.Located(out.resolve("lfw-funneled.tgz"), LfwFetcher.Origin.OUTPUT_FOLDER));
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void scikitLearnsUnpackedFolderIsFound() throws IOException {
    Path folder = lfwFolder(home.resolve("scikit_learn_data/lfw_home/lfw_funneled"));
    assertThat(fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress))
        .isEqualTo(new LfwFetcher.Located(folder, LfwFetcher.Origin.SCIKIT_LEARN_CACHE));
    assertThat(server.requests()).isZero();
  }

  @Test
  void scikitLearnsDataVariableIsHonoured() throws IOException {
    Path data = tmp.resolve("sk");
    Path folder = lfwFolder(data.resolve("lfw_home/lfw"));
    env.put(LfwFetcher.SCIKIT_LEARN_VARIABLE, data.toString());
    LfwFetcher.Request original = new LfwFetcher.Request(LfwArchive.ORIGINAL, Optional.empty(), out,
        server.url("/lfw.tgz"), digest(server.archive()), false);
    assertThat(fetcher().obtain(original, progress))
        .isEqualTo(new LfwFetcher.Located(folder, LfwFetcher.Origin.SCIKIT_LEARN_CACHE));
  }

  @Test
  void aCachedArchiveIsUsedOnlyWithTheRightDigest() throws IOException {
    Path cache = Files.createDirectories(home.resolve("scikit_learn_data/lfw_home"));
    Path archive = cache.resolve("lfw-funneled.tgz");
    byte[] partial = java.util.Arrays.copyOf(server.archive(), 100);
    Files.write(archive, partial);

    LfwFetcher.Located got = fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress);
    assertThat(got.origin()).isEqualTo(LfwFetcher.Origin.DOWNLOADED);
    assertThat(messages).anyMatch(m -> m.contains(archive + " has SHA-256 " + digest(partial)));

    Files.write(archive, server.archive());
    Files.delete(got.path());
    assertThat(fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress))
        .isEqualTo(new LfwFetcher.Located(archive, LfwFetcher.Origin.SCIKIT_LEARN_CACHE));
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void requestsAreChecked() {
    assertThatThrownBy(() -> new LfwFetcher.Request(LfwArchive.FUNNELED, Optional.empty(), out,
            server.url("/lfw.tgz"), "abc", false))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("sha256 must be a SHA-256 digest of 64 hexadecimal digits, got 'abc'");
    assertThatThrownBy(() -> new LfwFetcher.Request(LfwArchive.FUNNELED, Optional.of(tmp), out,
            server.url("/lfw.tgz"), LfwArchive.FUNNELED.sha256(), true))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("force");
    // Digests compare in lower case, as checksum tools print them.
    String upper = LfwArchive.FUNNELED.sha256().toUpperCase();
    assertThat(new LfwFetcher.Request(LfwArchive.FUNNELED, Optional.empty(), out,
            server.url("/lfw.tgz"), upper, false).sha256())
        .isEqualTo(LfwArchive.FUNNELED.sha256());
  }

  @Test
  void variantsAreNamedAsScikitLearnNamesThem() {
    assertThat(LfwArchive.ofVariant("Funneled")).isEqualTo(LfwArchive.FUNNELED);
    assertThat(LfwArchive.ofVariant("original").fileName()).isEqualTo("lfw.tgz");
    assertThat(LfwArchive.FUNNELED.fileName()).isEqualTo("lfw-funneled.tgz");
    assertThat(LfwArchive.FUNNELED.folderName()).isEqualTo("lfw_funneled");
    assertThatThrownBy(() -> LfwArchive.ofVariant("deep"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("variant must be funneled or original, got 'deep'");
  }

  @Test
  void aTricklingServerIsGivenUpUnderTheMinimumRateAndLeavesNoPart() {
    // 1 byte per 50 ms is 20 bytes/s, under a minimum of 1000 bytes/s averaged over 0.3 s.
    LfwFetcher slow = fetcher(new VerifiedDownload(
        VerifiedDownload.defaultClient(), Duration.ofSeconds(30), 1000, Duration.ofMillis(300)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> slow.obtain(request("/trickle.tgz", digest(server.archive())), progress))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("/trickle.tgz: the download was given up after")
        .hasMessageContaining("under the minimum rate of 1000 bytes/s averaged over 0.3 s")
        .hasMessageContaining("nothing was saved");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(filesIn(out)).isEmpty();
    assertThat(progress.ended).isTrue();
  }

  @Test
  void aFastEnoughDownloadPassesTheRateRule() throws IOException {
    LfwFetcher strict = fetcher(new VerifiedDownload(
        VerifiedDownload.defaultClient(), Duration.ofSeconds(30), 1000, Duration.ofMillis(300)));
    assertThat(strict.obtain(request("/lfw.tgz", digest(server.archive())), progress).origin())
        .isEqualTo(LfwFetcher.Origin.DOWNLOADED);
  }

  @Test
  void aLengthOverTheLimitIsRefusedBeforeDownloading() {
    LfwFetcher.Request r = request("/huge.tgz", digest(server.archive()));
    assertThat(r.maxBytes()).isEqualTo(LfwFetcher.MAX_ARCHIVE_BYTES);
    assertThatThrownBy(() -> fetcher().obtain(r, progress))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("/huge.tgz: the server announces " + LocalArchiveServer.HUGE_BYTES
            + " bytes, more than the " + LfwFetcher.MAX_ARCHIVE_BYTES + " expected at most");
    assertThat(filesIn(out)).isEmpty();
    assertThat(progress.total).as("no transfer started").isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void moreBytesThanTheLimitAbortTheDownload() {
    LfwFetcher.Request r = request("/endless.tgz", digest(server.archive())).withMaxBytes(100_000);
    assertThatThrownBy(() -> fetcher().obtain(r, progress))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("/endless.tgz: more than the 100000 bytes expected at most arrived")
        .hasMessageContaining("nothing was saved");
    assertThat(progress.last).isLessThanOrEqualTo(100_000);
    assertThat(filesIn(out)).isEmpty();
  }

  @Test
  void theLimitMustBePositive() {
    assertThatThrownBy(() -> request("/lfw.tgz", digest(server.archive())).withMaxBytes(0))
        .isInstanceOf(BadInputException.class)
        .hasMessage("maxBytes must be >= 1, got 0");
  }

  @Test
  void partFilesOfKilledRunsAreRemovedByTheNextDownload() throws IOException {
    Files.createDirectories(out);
    Path stale = Files.write(out.resolve(".lfw-funneled.tgz.0b8e1c2a-dead.part"), new byte[] {1, 2, 3});
    Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    // A download that runs at the same time keeps writing to its own file: it stays.
    Path live = Files.write(out.resolve(".lfw-funneled.tgz.5e7a-live.part"), new byte[] {4});
    Path other = Files.write(out.resolve(".other.tgz.1234.part"), new byte[] {5});
    Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(0));

    fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress);
    assertThat(filesIn(out)).containsExactly(".lfw-funneled.tgz.5e7a-live.part", ".other.tgz.1234.part", "lfw-funneled.tgz");
    assertThat(live).exists();
  }

  @Test
  void aFailedDownloadAfterAKilledOneLeavesNoPartEither() throws IOException {
    Files.createDirectories(out);
    Path stale = Files.write(out.resolve(".lfw-funneled.tgz.killed.part"), new byte[] {1});
    Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
    assertThatThrownBy(() -> fetcher().obtain(request("/broken.tgz", digest(server.archive())), progress))
        .isInstanceOf(IOException.class);
    assertThat(filesIn(out)).isEmpty();
  }

  @Test
  void onlyLfwIsTakenForLfw() throws IOException {
    Path text = Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    assertThat(LfwFetcher.lfwProblem(text)).contains("neither a folder nor a .tgz or .tar archive");
    assertThatThrownBy(() -> LfwFetcher.requireLfw(text))
        .isInstanceOf(BadInputException.class)
        .hasMessage(text + " is not an LFW copy: neither a folder nor a .tgz or .tar archive");

    Path etc = Files.createDirectories(tmp.resolve("etc/ssh"));
    Files.writeString(etc.resolve("ssh_config"), "Host *\n");
    assertThat(LfwFetcher.lfwProblem(etc.getParent()))
        .contains("a folder without person folders holding <Person>_NNNN.jpg images");
    // Images not named after their folder are not LFW's either.
    Path photos = Files.createDirectories(tmp.resolve("photos/holiday"));
    Files.write(photos.resolve("IMG_0001.jpg"), new byte[] {1});
    assertThat(LfwFetcher.lfwProblem(photos.getParent())).isPresent();

    assertThat(LfwFetcher.lfwProblem(lfwFolder(tmp.resolve("lfw")))).isEmpty();
    assertThat(LfwFetcher.lfwProblem(Path.of(System.getenv().getOrDefault(LfwFetcher.LFW_VARIABLE, tmp.resolve("lfw").toString()))))
        .isEmpty();

    Path archive = Files.write(tmp.resolve("lfw.tgz"), server.archive());
    assertThat(LfwFetcher.lfwProblem(archive)).isEmpty();
    Path gzipped = tmp.resolve("text.gz");
    try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipped))) {
      gz.write("not a tar at all".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    assertThat(LfwFetcher.lfwProblem(gzipped)).isPresent();
    assertThat(LfwFetcher.lfwProblem(tmp.resolve("missing"))).contains("neither a folder nor a regular file");
  }

  @Test
  void aVariableNamingSomethingElseIsNotedAndPassedOver() throws IOException {
    Path passwd = Files.writeString(tmp.resolve("passwd"), "root:x:0:0\n");
    env.put(LfwFetcher.LFW_VARIABLE, passwd.toString());
    assertThat(fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress).origin())
        .isEqualTo(LfwFetcher.Origin.DOWNLOADED);
    assertThat(messages).anyMatch(m -> m.contains(passwd + " is not an LFW copy") && m.contains("looking elsewhere"));
  }

  @Test
  void aCachedFolderWithoutLfwIsPassedOver() throws IOException {
    Path folder = Files.createDirectories(home.resolve("scikit_learn_data/lfw_home/lfw_funneled/empty"));
    assertThat(fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress).origin())
        .isEqualTo(LfwFetcher.Origin.DOWNLOADED);
    assertThat(messages).anyMatch(m -> m.contains(folder.getParent() + " is not an LFW folder"));
  }

  @Test
  void rateSettingsAreChecked() {
    assertThatThrownBy(() -> new VerifiedDownload(VerifiedDownload.defaultClient(), Duration.ofSeconds(1), -1, Duration.ofSeconds(1)))
        .isInstanceOf(BadInputException.class).hasMessageStartingWith("minBytesPerSecond must be >= 0");
    assertThatThrownBy(() -> new VerifiedDownload(VerifiedDownload.defaultClient(), Duration.ofSeconds(1), 1, Duration.ZERO))
        .isInstanceOf(BadInputException.class).hasMessageStartingWith("rateWindow must be > 0");
  }

  /** A folder with one person folder holding one image named as LFW names them. */
  static Path lfwFolder(Path dir) throws IOException {
    Path person = Files.createDirectories(dir.resolve("Ada_Lovelace"));
    Files.write(person.resolve("Ada_Lovelace_0001.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8});
    return dir;
  }

  private LfwFetcher fetcher() {
    return fetcher(Duration.ofSeconds(30));
  }

  private LfwFetcher fetcher(Duration stallTimeout) {
    return fetcher(new VerifiedDownload(VerifiedDownload.defaultClient(), stallTimeout));
  }

  private LfwFetcher fetcher(VerifiedDownload download) {
    return new LfwFetcher(download, env, home, messages::add);
  }

  private LfwFetcher.Request request(String path, String sha256) {
    return new LfwFetcher.Request(
        LfwArchive.FUNNELED, Optional.empty(), out, server.url(path), sha256, false);
  }

  static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> filesIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Remembers what a download reported. */
  private static final class RecordingProgress implements DownloadProgress {
    long total = Long.MIN_VALUE;
    long last;
    boolean ended;

    @Override
    public void started(String name, long totalBytes) {
      total = totalBytes;
    }

    @Override
    public void advanced(long bytesSoFar) {
      assertThat(bytesSoFar).isGreaterThan(last);
      last = bytesSoFar;
    }

    @Override
    public void ended() {
      ended = true;
    }
  }
}
