package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.data.LocalArchiveServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchLfwCommandTest {
  @TempDir Path tmp;

  private LocalArchiveServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void start() throws IOException {
    server = new LocalArchiveServer();
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(savedOut);
    System.setErr(savedErr);
    server.close();
  }

  @Test
  void downloadsIntoTheOutputFolder() throws Exception {
    Path dir = tmp.resolve("data");
    int code = Main.run("fetch-lfw", "--force", "--out", dir.toString(),
        "--url", server.url("/lfw.tgz").toString(), "--sha256", sha256(server.archive()));

    assertThat(code).as(err()).isZero();
    Path archive = dir.resolve("lfw-funneled.tgz");
    assertThat(Files.readAllBytes(archive)).isEqualTo(server.archive());
    assertThat(out()).contains("downloaded to " + archive).contains("--data " + archive);
    // Not a terminal here: the progress goes to the log as lines.
    assertThat(err()).contains("lfw-funneled.tgz: receiving").contains("SHA-256 verified");
  }

  @Test
  void theOriginalVariantHasItsOwnFileName() throws Exception {
    Path dir = tmp.resolve("data");
    int code = Main.run("fetch-lfw", "--force", "--variant", "original", "--out", dir.toString(),
        "--url", server.url("/lfw.tgz").toString(), "--sha256", sha256(server.archive()));
    assertThat(code).as(err()).isZero();
    assertThat(dir.resolve("lfw.tgz")).exists();
  }

  @Test
  void aGivenCopyIsUsedWithoutDownloading() throws Exception {
    Path lfw = Files.createDirectories(tmp.resolve("lfw/Ada_Lovelace"));
    Files.write(lfw.resolve("Ada_Lovelace_0001.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8});
    int code = Main.run("fetch-lfw", "--data", lfw.getParent().toString(), "--out", tmp.resolve("o").toString());
    assertThat(code).as(err()).isZero();
    assertThat(out()).contains("found (the given path): " + lfw.getParent());
    assertThat(server.requests()).isZero();
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void aWrongChecksumFailsAndLeavesNothing() throws Exception {
    Path dir = tmp.resolve("data");
    String wrong = "0".repeat(64);
    int code = Main.run("fetch-lfw", "--force", "--out", dir.toString(),
        "--url", server.url("/lfw.tgz").toString(), "--sha256", wrong);
    // Not the expected file: bad input, as the address or the digest given is wrong.
    assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err()).contains("SHA-256 is " + sha256(server.archive())).contains("expected " + wrong);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aBrokenOffDownloadFailsAndLeavesNothing() throws Exception {
    Path dir = tmp.resolve("data");
    int code = Main.run("fetch-lfw", "--force", "--out", dir.toString(),
        "--url", server.url("/broken.tgz").toString(), "--sha256", sha256(server.archive()));
    assertThat(code).isEqualTo(Main.EXIT_FAILURE);
    assertThat(err()).contains("broke off after");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aGivenPathThatIsNotLfwIsRefused() throws Exception {
    Path notLfw = Files.createDirectories(tmp.resolve("photos/holiday"));
    Files.write(notLfw.resolve("IMG_0001.jpg"), new byte[] {1});
    int code = Main.run("fetch-lfw", "--data", notLfw.getParent().toString(), "--out", tmp.resolve("o").toString());
    assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err()).contains("error: " + notLfw.getParent() + " is not an LFW copy: a folder without person folders");
    assertThat(out()).doesNotContain("found");
  }

  @Test
  void theGivenArchiveIsCheckedToo() throws Exception {
    Path archive = Files.write(tmp.resolve("lfw-funneled.tgz"), server.archive());
    assertThat(Main.run("fetch-lfw", "--data", archive.toString())).as(err()).isZero();
    assertThat(out()).contains("found (the given path): " + archive);
  }

  @Test
  void rateOptionsAreChecked() {
    assertThat(Main.run("fetch-lfw", "--min-rate", "-1")).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err()).contains("--min-rate must be >= 0, got -1");
    assertThat(Main.run("fetch-lfw", "--rate-window", "0")).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err()).contains("--rate-window must be > 0");
    assertThat(server.requests()).isZero();
  }

  @Test
  void badOptionsAreBadInput() {
    assertThat(Main.run("fetch-lfw", "--variant", "deep")).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err()).contains("--variant must be funneled or original, got 'deep'");
    assertThat(Main.run("fetch-lfw", "--sha256", "12ab")).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err()).contains("--sha256 must be a SHA-256 digest of 64 hexadecimal digits, got '12ab'");
    assertThat(Main.run("fetch-lfw", "--force", "--data", tmp.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err()).contains("--force");
    assertThat(server.requests()).isZero();
  }

  @Test
  void withoutATerminalProgressIsALineAtEachTenth() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    DownloadProgressBar bar =
        new DownloadProgressBar("lfw.tgz", false, new PrintStream(log, true, StandardCharsets.UTF_8));
    long mib = 1 << 20;
    bar.started("http://127.0.0.1/lfw.tgz", 10 * mib);
    for (long b : new long[] {mib / 2, mib, 3 * mib / 2, 5 * mib, 10 * mib}) {
      bar.advanced(b);
    }
    bar.ended();
    assertThat(log.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "lfw.tgz: receiving 10.0 MiB",
            "lfw.tgz: 1.0 MiB of 10.0 MiB (10%)",
            "lfw.tgz: 5.0 MiB of 10.0 MiB (50%)");
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
