package io.facerecon.data;

import io.facerecon.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.UUID;

/**
 * Downloads a file over HTTP(S) and puts it in place only when it is complete and its SHA-256 is
 * the expected one. The bytes go to a hidden {@code .part} file beside the target, digested as
 * they arrive; any failure deletes that file and leaves the target as it was.
 */
public final class VerifiedDownload {
  private static final int BUFFER_BYTES = 1 << 16;

  private final HttpClient client;
  private final Duration stallTimeout;

  /**
   * A downloader that sends its requests with {@code client}.
   *
   * @param client the client to send requests with (see {@link #defaultClient()})
   * @param stallTimeout how long the body may send nothing before the download is given up
   */
  public VerifiedDownload(HttpClient client, Duration stallTimeout) {
    this.client = client;
    this.stallTimeout = stallTimeout;
  }

  /**
   * The client {@link LfwFetcher#system()} uses: follows redirects, honours the JVM's proxy
   * settings, waits 30 s at most to connect.
   *
   * @return a new client
   */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .proxy(ProxySelector.getDefault())
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * Downloads {@code url} to {@code target}.
   *
   * @param url where to download from
   * @param sha256 the expected digest, hexadecimal
   * @param target the file to create or replace
   * @param progress hears how the transfer advances
   * @throws IOException if the server cannot be reached or answers other than 200, the transfer
   *     breaks off or stalls, or the digest differs; {@code target} is then untouched
   */
  public void fetch(URI url, String sha256, Path target, DownloadProgress progress)
      throws IOException {
    Path abs = target.toAbsolutePath();
    HttpResponse<InputStream> response = send(url);
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException(
            url + ": the server answered HTTP " + response.statusCode() + " (expected 200)");
      }
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      Files.createDirectories(abs.getParent());
      // Not Files.createTempFile: its owner-only permissions would stay with the archive.
      Path part = abs.resolveSibling("." + abs.getFileName() + "." + UUID.randomUUID() + ".part");
      // Also on Ctrl-C, which runs shutdown hooks but not the finally below.
      part.toFile().deleteOnExit();
      try {
        String actual = copy(url, body, total, part, progress);
        if (!actual.equalsIgnoreCase(sha256)) {
          throw new IOException(
              url + ": the download's SHA-256 is " + actual + ", expected " + sha256
                  + "; it is damaged or not the expected file, so nothing was saved");
        }
        AtomicFiles.moveIntoPlace(part, abs);
      } finally {
        Files.deleteIfExists(part);
      }
    }
  }

  private HttpResponse<InputStream> send(URI url) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(1)).GET().build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(url + ": interrupted");
    } catch (IOException e) {
      throw new IOException(url + ": cannot download (" + describe(e) + ")", e);
    }
  }

  /** Streams {@code body} into {@code part}; returns its digest. */
  private String copy(URI url, InputStream body, long total, Path part, DownloadProgress progress)
      throws IOException {
    MessageDigest digest = Sha256.digester();
    byte[] buffer = new byte[BUFFER_BYTES];
    long received = 0;
    progress.started(url.toString(), total);
    try (StallWatchdog watchdog = new StallWatchdog(body, stallTimeout);
        OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW)) {
      while (true) {
        int n;
        try {
          n = body.read(buffer);
        } catch (IOException e) {
          throw brokeOff(url, received, total, watchdog.stallReason().orElse(describe(e)), e);
        }
        if (n < 0) {
          if (watchdog.stallReason().isPresent() || total >= 0 && received != total) {
            throw brokeOff(url, received, total,
                watchdog.stallReason().orElse("the server closed the connection early"), null);
          }
          return Sha256.hex(digest);
        }
        watchdog.arrived();
        out.write(buffer, 0, n);
        digest.update(buffer, 0, n);
        received += n;
        progress.advanced(received);
      }
    } finally {
      progress.ended();
    }
  }

  private static IOException brokeOff(URI url, long received, long total, String why, Throwable cause) {
    String of = total >= 0 ? " of " + total : "";
    return new IOException(
        url + ": the download broke off after " + received + of + " bytes (" + why
            + "); nothing was saved",
        cause);
  }

  /** The first message along the causes; the HTTP client's own exceptions often have none. */
  private static String describe(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }
}
