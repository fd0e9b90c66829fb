package io.facerecon.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The required {@code --out} folder a command writes its files into. */
final class OutputFolder {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path dir;

  /** The folder. */
  Path dir() {
    return dir;
  }

  /** The file {@code name} in the folder. */
  Path file(String name) {
    return dir.resolve(name);
  }
}
