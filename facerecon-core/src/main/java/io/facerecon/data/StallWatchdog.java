package io.facerecon.data;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes a stream once nothing has arrived on it for a given time. HTTP bodies have no read
 * timeout; closing the stream is what ends a read that waits on a silent server.
 */
final class StallWatchdog implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final AtomicLong lastArrival = new AtomicLong(System.nanoTime());
  private final AtomicBoolean fired = new AtomicBoolean();
  private final Duration limit;

  StallWatchdog(InputStream watched, Duration limit) {
    this.limit = limit;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "download-stall-watchdog");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, limit.toMillis() / 4);
    timer.scheduleWithFixedDelay(() -> {
      if (System.nanoTime() - lastArrival.get() > limit.toNanos() && !fired.getAndSet(true)) {
        try {
          watched.close();
        } catch (IOException e) {
          // The reader sees the stream fail and reports it.
        }
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /** Bytes arrived just now. */
  void arrived() {
    lastArrival.set(System.nanoTime());
  }

  /** Why the watched stream was closed, if this watchdog closed it. */
  Optional<String> stallReason() {
    return fired.get()
        ? Optional.of("nothing arrived for " + limit.toMillis() / 1000.0 + " s")
        : Optional.empty();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
