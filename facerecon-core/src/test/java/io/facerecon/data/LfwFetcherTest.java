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
        .isInstanceOf(IOException.class)
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
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broke off after " + server.archive().length / 2 + " of")
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
    Path lfw = Files.createDirectories(tmp.resolve("lfw"));
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
    Path folder = home.resolve("scikit_learn_data/lfw_home/lfw_funneled");
    Files.createDirectories(folder.resolve("Ada_Lovelace"));
    assertThat(fetcher().obtain(request("/lfw.tgz", digest(server.archive())), progress))
        .isEqualTo(new LfwFetcher.Located(folder, LfwFetcher.Origin.SCIKIT_LEARN_CACHE));
    assertThat(server.requests()).isZero();
  }

  @Test
  void scikitLearnsDataVariableIsHonoured() throws IOException {
    Path data = tmp.resolve("sk");
    Path folder = data.resolve("lfw_home/lfw");
    Files.createDirectories(folder.resolve("Ada_Lovelace"));
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

  private LfwFetcher fetcher() {
    return fetcher(Duration.ofSeconds(30));
  }

  private LfwFetcher fetcher(Duration stallTimeout) {
    return new LfwFetcher(
        new VerifiedDownload(VerifiedDownload.defaultClient(), stallTimeout), env, home, messages::add);
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
