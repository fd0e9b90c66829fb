package io.facerecon.cli;

import io.facerecon.data.DownloadProgress;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows a download's progress on standard error: a live bar on a terminal; on a pipe or log, a
 * line at every tenth of the way so that logs stay short.
 */
final class DownloadProgressBar implements DownloadProgress {
  private static final long MIB = 1 << 20;

  private final String task;
  private final boolean terminal;
  private final PrintStream log;
  private ProgressBar bar;
  private long total;
  private int tenthsShown;

  /** A bar named {@code task}; a live bar only if this process has a terminal. */
  DownloadProgressBar(String task) {
    this(task, System.console() != null, System.err);
  }

  DownloadProgressBar(String task, boolean terminal, PrintStream log) {
    this.task = task;
    this.terminal = terminal;
    this.log = log;
  }

  @Override
  public void started(String name, long totalBytes) {
    total = totalBytes;
    tenthsShown = 0;
    if (terminal) {
      bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax(totalBytes > 0 ? totalBytes : -1)
          .setUnit(" MiB", MIB)
          .showSpeed()
          .build();
    } else {
      log.printf(Locale.ROOT, "%s: receiving %s%n", task, totalBytes >= 0 ? mib(totalBytes) : "(size not given)");
    }
  }

  @Override
  public void advanced(long bytesSoFar) {
    if (bar != null) {
      bar.stepTo(bytesSoFar);
    } else if (total > 0) {
      int tenths = (int) (bytesSoFar * 10 / total);
      if (tenths > tenthsShown && tenths < 10) {
        tenthsShown = tenths;
        log.printf(Locale.ROOT, "%s: %s of %s (%d%%)%n", task, mib(bytesSoFar), mib(total), tenths * 10);
      }
    }
  }

  @Override
  public void ended() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
  }
}
