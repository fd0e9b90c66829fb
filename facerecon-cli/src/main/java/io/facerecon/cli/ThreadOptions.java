package io.facerecon.cli;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.ExecutionContext;
import picocli.CommandLine.Option;

/** {@code --threads}: how many threads a command's own loops and BLAS use. */
final class ThreadOptions {
  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores).")
  Integer threads;

  /** Sets the thread count when {@code --threads} was given; leaves the default otherwise. */
  void apply() {
    if (threads == null) {
      return;
    }
    if (threads < 1) {
      throw new BadInputException("--threads must be >= 1, got " + threads);
    }
    // A command is the program's only user of the library: its setting is the process default.
    ExecutionContext.setDefault(ExecutionContext.ofThreads(threads));
  }
}
