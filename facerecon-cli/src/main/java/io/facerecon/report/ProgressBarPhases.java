package io.facerecon.report;

import io.facerecon.study.Phases;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows each phase of a study (fit a method, evaluate it) as its own progress bar. */
public final class ProgressBarPhases implements Phases {
  private static final int UPDATE_MILLIS = 200;
  private final Consumer<String> sink;

  private ProgressBarPhases(Consumer<String> sink) {
    this.sink = sink;
  }

  /** Bars drawn on the terminal's standard error, redrawn in place. */
  public static ProgressBarPhases console() {
    return new ProgressBarPhases(null);
  }

  /** Bars rendered as lines handed to {@code sink}, e.g. a log; the last line is the final state. */
  public static ProgressBarPhases to(Consumer<String> sink) {
    return new ProgressBarPhases(sink);
  }

  @Override
  public Phase start(String name) {
    ProgressBarBuilder builder = new ProgressBarBuilder()
        .setTaskName(name)
        .setInitialMax(-1) // Unknown until the method reports its first step.
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(UPDATE_MILLIS);
    if (sink != null) {
      builder.setConsumer(new DelegatingProgressBarConsumer(sink));
    }
    ProgressBar bar = builder.build();
    return new Phase() {
      @Override
      public void update(long done, long total) {
        bar.maxHint(total);
        bar.stepTo(done);
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }
}
