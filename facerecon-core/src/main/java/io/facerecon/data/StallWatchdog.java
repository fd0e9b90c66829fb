package io.facerecon.data;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closes a stream that arrives too slowly: once nothing has arrived for {@code stallLimit}, or
 * once fewer than {@code minBytesPerSecond} arrived on average over the last {@code rateWindow}
 * (checked from the moment the stream has been watched that long). HTTP bodies have no read
 * timeout; closing the stream is what ends a read that waits on a silent or trickling server.
 */
final class StallWatchdog implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final AtomicLong lastArrival = new AtomicLong(System.nanoTime());
  private final AtomicLong received = new AtomicLong();
  private final AtomicReference<String> reason = new AtomicReference<>();
  /** (time, bytes received) pairs, oldest first; touched by the timer thread only. */
  private final Deque<long[]> samples = new ArrayDeque<>();

  StallWatchdog(InputStream watched, Duration stallLimit, long minBytesPerSecond, Duration rateWindow) {
    long stallNanos = stallLimit.toNanos();
    long windowNanos = rateWindow.toNanos();
    samples.add(new long[] {System.nanoTime(), 0});
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "download-stall-watchdog");
      t.setDaemon(true);
      return t;
    });
    long shortest = minBytesPerSecond > 0 ? Math.min(stallLimit.toMillis(), rateWindow.toMillis()) : stallLimit.toMillis();
    long period = Math.max(1, shortest / 8);
    timer.scheduleWithFixedDelay(() -> {
      long now = System.nanoTime();
      String why = null;
      if (now - lastArrival.get() > stallNanos) {
        why = "nothing arrived for " + seconds(stallNanos) + " s";
      } else if (minBytesPerSecond > 0) {
        why = tooSlow(now, windowNanos, minBytesPerSecond);
      }
      if (why != null && reason.compareAndSet(null, why)) {
        try {
          watched.close();
        } catch (IOException e) {
          // The reader sees the stream fail and reports it.
        }
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /** The reason to give up if the last {@code windowNanos} brought less than the minimum rate. */
  private String tooSlow(long now, long windowNanos, long minBytesPerSecond) {
    long total = received.get();
    samples.addLast(new long[] {now, total});
    // Keep as oldest the newest sample that is at least a window old.
    while (samples.size() > 1 && now - secondOldest()[0] >= windowNanos) {
      samples.removeFirst();
    }
    long[] oldest = samples.peekFirst();
    long elapsed = now - oldest[0];
    if (elapsed < windowNanos) {
      return null;
    }
    long bytes = total - oldest[1];
    double rate = bytes / (elapsed / 1e9);
    if (rate >= minBytesPerSecond) {
      return null;
    }
    return bytes + " bytes arrived in the last " + seconds(elapsed) + " s, under the minimum rate of "
        + rate(minBytesPerSecond) + " averaged over " + seconds(windowNanos) + " s";
  }

  private long[] secondOldest() {
    var it = samples.iterator();
    it.next();
    return it.next();
  }

  /** {@code n} bytes arrived just now. */
  void arrived(long n) {
    received.addAndGet(n);
    lastArrival.set(System.nanoTime());
  }

  /** Why the watched stream was closed, if this watchdog closed it. */
  Optional<String> stallReason() {
    return Optional.ofNullable(reason.get());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private static String seconds(long nanos) {
    return String.valueOf(Math.round(nanos / 1e6) / 1000.0);
  }

  /** A rate as people read it: bytes/s below 1 KB/s, else KB/s. */
  static String rate(long bytesPerSecond) {
    return bytesPerSecond < 1024
        ? bytesPerSecond + " bytes/s"
        : (bytesPerSecond % 1024 == 0 ? String.valueOf(bytesPerSecond / 1024) : String.format(java.util.Locale.ROOT, "%.1f", bytesPerSecond / 1024.0))
            + " KB/s";
  }
}
