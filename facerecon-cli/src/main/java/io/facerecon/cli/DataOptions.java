package io.facerecon.cli;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import io.facerecon.data.LoadReport;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A data set named with {@code --data}, and the loader flags that say how to read it. */
public final class DataOptions {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "PATH",
      description = "LFW folder or .tgz, image folder (flat or one sub-folder per person), or .npy file.")
  Path data;

  @Mixin LoaderOptions loader;

  /** The loader options these flags describe. */
  public LoadOptions options() {
    return loader.options();
  }

  /**
   * Loads the data set these flags describe; images skipped with {@code --skip-bad} are counted
   * on standard error.
   */
  public FaceSet load() throws IOException {
    LoadReport report = loadReport();
    if (!report.skipped().isEmpty()) {
      System.err.printf("skipped %d unreadable image(s) in %s%n", report.skipped().size(), data);
    }
    return report.faces();
  }

  /** Loads the data set these flags describe, with the format read and the images skipped. */
  public LoadReport loadReport() throws IOException {
    return FaceSetLoader.loadReport(data, options());
  }
}
