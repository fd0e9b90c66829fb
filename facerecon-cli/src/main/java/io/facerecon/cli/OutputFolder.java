package io.facerecon.cli;

import io.facerecon.report.OutputDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The required {@code --out} folder a command writes its files into, and {@code --overwrite}.
 * The folder is written through an {@link OutputDirectory}: it must be new or empty, or with
 * {@code --overwrite} an earlier facerecon output; the files appear all at once at the end.
 */
final class OutputFolder {
  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Output folder: new or empty; the files appear there all at once when the run ends.")
  Path dir;

  @Option(names = "--overwrite",
      description = "Replace the earlier output in --out (only a folder facerecon wrote, which holds "
          + OutputDirectory.MARKER + ").")
  boolean overwrite;

  /** The folder. */
  Path dir() {
    return dir;
  }

  /** The file {@code name} in the folder. */
  Path file(String name) {
    return dir.resolve(name);
  }

  /** Claims the folder for {@code command}'s outputs and creates its staging folder. */
  OutputDirectory open(String command) {
    return OutputDirectory.prepare(dir, policy(command, overwrite));
  }

  /** Claims the folder of an earlier {@code command} run to continue it from {@code file}. */
  OutputDirectory resume(String command, String file) {
    return OutputDirectory.prepare(dir, policy(command, true).resuming(file));
  }

  /** The output policy with the command line's names. */
  static OutputDirectory.Policy policy(String command, boolean overwrite) {
    return OutputDirectory.Policy.of(command).withLabel("--out")
        .withReplace(overwrite, "add --overwrite to replace it");
  }
}
