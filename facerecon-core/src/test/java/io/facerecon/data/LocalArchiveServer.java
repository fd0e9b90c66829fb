package io.facerecon.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An HTTP server on the loopback address that serves a small LFW-like archive, whole or broken:
 * {@code /lfw.tgz} whole, {@code /moved} redirects there, {@code /broken.tgz} stops halfway and
 * closes the connection, {@code /stalled.tgz} stops halfway and goes silent, {@code /trickle.tgz}
 * announces the archive and sends it one byte every {@link #TRICKLE_MILLIS} ms, {@code /huge.tgz}
 * announces 1.5 GB (and sends the archive, then closes), {@code /endless.tgz} sends zeros without
 * a length until the client goes or 64 MiB are sent, anything else is 404.
 */
public final class LocalArchiveServer implements AutoCloseable {
  /** The longest a stalled response keeps its connection open. */
  private static final long STALL_LIMIT_SECONDS = 20;
  /** The pause between two bytes of {@code /trickle.tgz}. */
  public static final long TRICKLE_MILLIS = 50;
  /** What {@code /huge.tgz} announces. */
  public static final long HUGE_BYTES = 1_500_000_000L;

  private final HttpServer server;
  // Handlers run on their own threads so that a stalled response does not block the others.
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final byte[] archive;
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch stopping = new CountDownLatch(1);

  public LocalArchiveServer() throws IOException {
    this.archive = smallArchive();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  /** The archive {@code /lfw.tgz} serves. */
  public byte[] archive() {
    return archive.clone();
  }

  /** The address of {@code path} on this server. */
  public URI url(String path) {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + path);
  }

  /** How many requests arrived so far. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    stopping.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      respond(exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void respond(HttpExchange exchange) throws IOException, InterruptedException {
    requests.incrementAndGet();
    try (exchange) {
      switch (exchange.getRequestURI().getPath()) {
        case "/lfw.tgz" -> {
          exchange.sendResponseHeaders(200, archive.length);
          exchange.getResponseBody().write(archive);
        }
        case "/moved" -> {
          exchange.getResponseHeaders().add("Location", "/lfw.tgz");
          exchange.sendResponseHeaders(302, -1);
        }
        case "/broken.tgz" -> {
          exchange.sendResponseHeaders(200, archive.length);
          OutputStream body = exchange.getResponseBody();
          body.write(archive, 0, archive.length / 2);
          body.flush();
          // Closing before all announced bytes are sent drops the connection.
        }
        case "/stalled.tgz" -> {
          exchange.sendResponseHeaders(200, archive.length);
          OutputStream body = exchange.getResponseBody();
          body.write(archive, 0, archive.length / 2);
          body.flush();
          awaitStop();
        }
        case "/trickle.tgz" -> {
          exchange.sendResponseHeaders(200, archive.length);
          OutputStream body = exchange.getResponseBody();
          for (int i = 0; i < archive.length && stopping.getCount() > 0; i++) {
            body.write(archive[i]);
            body.flush(); // throws once the client has gone
            if (stopping.await(TRICKLE_MILLIS, TimeUnit.MILLISECONDS)) {
              break;
            }
          }
        }
        case "/huge.tgz" -> {
          exchange.sendResponseHeaders(200, HUGE_BYTES);
          OutputStream body = exchange.getResponseBody();
          body.write(archive);
          body.flush();
          // Closing short of the announced length drops the connection.
        }
        case "/endless.tgz" -> {
          exchange.sendResponseHeaders(200, 0); // chunked: no length
          OutputStream body = exchange.getResponseBody();
          byte[] zeros = new byte[1 << 16];
          for (int sent = 0; sent < 64 << 20 && stopping.getCount() > 0; sent += zeros.length) {
            body.write(zeros);
          }
        }
        default -> {
          byte[] text = "not found".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(404, text.length);
          exchange.getResponseBody().write(text);
        }
      }
    }
  }

  private void awaitStop() {
    try {
      stopping.await(STALL_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A .tgz of {@code lfw_funneled/<Person>/<Person>_0001.png} made of the golden images. */
  private static byte[] smallArchive() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      String[][] files = {
        {"Ada_Lovelace", "images/noise_gray.png"}, {"Alan_Turing", "images/mixed_rgb.jpg"}
      };
      for (String[] f : files) {
        byte[] content = LfwGoldenFixtures.bytes(f[1]);
        String ext = f[1].substring(f[1].lastIndexOf('.'));
        TarArchiveEntry entry =
            new TarArchiveEntry("lfw_funneled/" + f[0] + "/" + f[0] + "_0001" + ext);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
