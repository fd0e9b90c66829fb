package io.facerecon.cli;

import picocli.CommandLine.Option;

/** {@code --no-progress}: whether a command draws progress bars on the terminal. */
final class ProgressOptions {
  @Option(names = "--no-progress", description = "Do not draw progress bars.")
  boolean off;

  /** True unless {@code --no-progress} was given. */
  boolean shown() {
    return !off;
  }
}
