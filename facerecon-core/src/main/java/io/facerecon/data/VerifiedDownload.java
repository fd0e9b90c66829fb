package io.facerecon.data;

import io.facerecon.io.AtomicFiles;
import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
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
 * they arrive; any failure deletes that file and leaves the target as it was, and {@code .part}
 * files that a killed run left beside the target are removed by the next download there.
 *
 * <p>Hostile or broken servers are cut short: a download larger than its {@code maxBytes} is
 * refused from its {@code Content-Length} before any byte is written, and aborted as soon as more
 * bytes arrive; one that stays silent for the stall timeout, or arrives more slowly than the
 * minimum rate averaged over the rate window (by default {@value #DEFAULT_MIN_BYTES_PER_SECOND}
 * bytes/s over {@value #DEFAULT_RATE_WINDOW_SECONDS} s), is given up. These, and a wrong digest,
 * are {@link BadInputException}s: the address or the digest does not give the expected file. A
 * server that cannot be reached, answers other than 200 or closes the connection early gives an
 * {@link IOException}.
 */
public final class VerifiedDownload {
  /** The default minimum rate: 10 KB/s. */
  public static final long DEFAULT_MIN_BYTES_PER_SECOND = 10 * 1024;
  /** The default window over which the minimum rate is averaged, in seconds. */
  public static final long DEFAULT_RATE_WINDOW_SECONDS = 60;
  /** No limit on the size of a download. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  private static final int BUFFER_BYTES = 1 << 16;
  private static final String PART_SUFFIX = ".part";

  private final HttpClient client;
  private final Duration stallTimeout;
  private final long minBytesPerSecond;
  private final Duration rateWindow;

  /**
   * A downloader that sends its requests with {@code client}, with the default minimum rate.
   *
   * @param client the client to send requests with (see {@link #defaultClient()})
   * @param stallTimeout how long the body may send nothing before the download is given up
   */
  public VerifiedDownload(HttpClient client, Duration stallTimeout) {
    this(client, stallTimeout, DEFAULT_MIN_BYTES_PER_SECOND, Duration.ofSeconds(DEFAULT_RATE_WINDOW_SECONDS));
  }

  /**
   * A downloader that sends its requests with {@code client} and gives up a download that arrives
   * more slowly than {@code minBytesPerSecond} on average over {@code rateWindow}.
   *
   * @param client the client to send requests with (see {@link #defaultClient()})
   * @param stallTimeout how long the body may send nothing before the download is given up
   * @param minBytesPerSecond the minimum average rate, bytes per second; 0 for none
   * @param rateWindow the span the rate is averaged over, and the time a download has before the
   *     rule applies
   * @throws InvalidParameterException if a duration is not positive or the rate is negative
   */
  public VerifiedDownload(HttpClient client, Duration stallTimeout, long minBytesPerSecond, Duration rateWindow) {
    if (stallTimeout.isNegative() || stallTimeout.isZero()) {
      throw new InvalidParameterException("stallTimeout", "must be > 0, got " + stallTimeout);
    }
    if (minBytesPerSecond < 0) {
      throw new InvalidParameterException("minBytesPerSecond", "must be >= 0, got " + minBytesPerSecond);
    }
    if (rateWindow.isNegative() || rateWindow.isZero()) {
      throw new InvalidParameterException("rateWindow", "must be > 0, got " + rateWindow);
    }
    this.client = client;
    this.stallTimeout = stallTimeout;
    this.minBytesPerSecond = minBytesPerSecond;
    this.rateWindow = rateWindow;
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
   * Downloads {@code url} to {@code target}, of any size.
   *
   * @param url where to download from
   * @param sha256 the expected digest, hexadecimal
   * @param target the file to create or replace
   * @param progress hears how the transfer advances
   * @throws IOException if the server cannot be reached or answers other than 200, or the transfer
   *     breaks off; {@code target} is then untouched
   * @throws BadInputException if the transfer is too slow or the digest differs; {@code target}
   *     is then untouched
   */
  public void fetch(URI url, String sha256, Path target, DownloadProgress progress) throws IOException {
    fetch(url, sha256, UNLIMITED, target, progress);
  }

  /**
   * Downloads {@code url} to {@code target}, refusing more than {@code maxBytes}.
   *
   * @param url where to download from
   * @param sha256 the expected digest, hexadecimal
   * @param maxBytes the largest the file may be ({@link #UNLIMITED} for any size); a larger
   *     {@code Content-Length} is refused before the download, more bytes abort it
   * @param target the file to create or replace
   * @param progress hears how the transfer advances
   * @throws IOException if the server cannot be reached or answers other than 200, or the transfer
   *     breaks off; {@code target} is then untouched
   * @throws BadInputException if the file is larger than {@code maxBytes}, the transfer is too
   *     slow, or the digest differs; {@code target} is then untouched
   */
  public void fetch(URI url, String sha256, long maxBytes, Path target, DownloadProgress progress)
      throws IOException {
    if (maxBytes < 0) {
      throw new InvalidParameterException("maxBytes", "must be >= 0, got " + maxBytes);
    }
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    removeStaleParts(abs);
    HttpResponse<InputStream> response = send(url);
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException(
            url + ": the server answered HTTP " + response.statusCode() + " (expected 200)");
      }
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (total > maxBytes) {
        throw new BadInputException(
            url + ": the server announces " + total + " bytes, more than the " + maxBytes
                + " expected at most; not downloading it");
      }
      // Not Files.createTempFile: its owner-only permissions would stay with the archive.
      Path part = abs.resolveSibling(partPrefix(abs) + UUID.randomUUID() + PART_SUFFIX);
      // Also on Ctrl-C, which runs shutdown hooks but not the finally below.
      part.toFile().deleteOnExit();
      try {
        String actual = copy(url, body, total, maxBytes, part, progress);
        if (!actual.equalsIgnoreCase(sha256)) {
          throw new BadInputException(
              url + ": the download's SHA-256 is " + actual + ", expected " + sha256
                  + "; it is damaged or not the expected file, so nothing was saved");
        }
        AtomicFiles.moveIntoPlace(part, abs);
      } finally {
        Files.deleteIfExists(part);
      }
    }
  }

  private static String partPrefix(Path target) {
    return "." + target.getFileName() + ".";
  }

  /**
   * Deletes the {@code .part} files of earlier downloads of {@code target} that nothing has
   * written to for longer than a live download may stay silent (twice the stall timeout and the
   * rate window): what a killed run left behind. A download running at the same time keeps its
   * file.
   */
  private void removeStaleParts(Path target) throws IOException {
    Path dir = target.getParent();
    String prefix = partPrefix(target);
    long quietMillis = 2 * Math.max(stallTimeout.toMillis(), rateWindow.toMillis());
    long before = System.currentTimeMillis() - quietMillis;
    try (var entries = Files.newDirectoryStream(dir, p -> {
      String name = p.getFileName().toString();
      return name.startsWith(prefix) && name.endsWith(PART_SUFFIX);
    })) {
      for (Path p : entries) {
        try {
          if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
              && Files.getLastModifiedTime(p).toMillis() < before) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          // Another run may have removed it meanwhile; a file that stays is only space.
        }
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

  /** Streams {@code body} into {@code part}, at most {@code maxBytes}; returns its digest. */
  private String copy(URI url, InputStream body, long total, long maxBytes, Path part, DownloadProgress progress)
      throws IOException {
    MessageDigest digest = Sha256.digester();
    byte[] buffer = new byte[BUFFER_BYTES];
    long received = 0;
    progress.started(url.toString(), total);
    try (StallWatchdog watchdog = new StallWatchdog(body, stallTimeout, minBytesPerSecond, rateWindow);
        OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW)) {
      while (true) {
        int n;
        try {
          n = body.read(buffer);
        } catch (IOException e) {
          throw failed(url, received, total, watchdog, describe(e), e);
        }
        if (n < 0) {
          if (watchdog.stallReason().isPresent() || total >= 0 && received != total) {
            throw failed(url, received, total, watchdog, "the server closed the connection early", null);
          }
          return Sha256.hex(digest);
        }
        watchdog.arrived(n);
        if (n > maxBytes - received) {
          throw new BadInputException(
              url + ": more than the " + maxBytes + " bytes expected at most arrived"
                  + (total >= 0 ? " (the server announced " + total + ")" : "")
                  + "; the download was aborted and nothing was saved");
        }
        out.write(buffer, 0, n);
        digest.update(buffer, 0, n);
        received += n;
        progress.advanced(received);
      }
    } finally {
      progress.ended();
    }
  }

  /**
   * The error for a transfer that ended early: given up by the watchdog (too slow; bad input),
   * else broken off.
   */
  private static IOException failed(
      URI url, long received, long total, StallWatchdog watchdog, String otherwise, Throwable cause) {
    String of = total >= 0 ? " of " + total : "";
    if (watchdog.stallReason().isPresent()) {
      throw new BadInputException(
          url + ": the download was given up after " + received + of + " bytes ("
              + watchdog.stallReason().get() + "); nothing was saved; try again later or another address",
          cause);
    }
    return brokeOff(url, received, total, otherwise, cause);
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
