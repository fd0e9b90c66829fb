package io.facerecon.cli;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.FaceStream;
import io.facerecon.data.LoadOptions;
import io.facerecon.data.LoadReport;
import io.facerecon.linalg.Blas;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.nio.file.Path;
import java.util.List;
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
    reportSkipped(report.skipped());
    return report.faces();
  }

  /**
   * Opens the data set these flags describe as a stream, read batch by batch instead of loaded;
   * images skipped with {@code --skip-bad} are counted on standard error.
   */
  public FaceStream openStream() throws IOException {
    FaceStream stream = FaceStream.open(data, options());
    reportSkipped(stream.skipped());
    return stream;
  }

  private void reportSkipped(List<String> skipped) {
    if (!skipped.isEmpty()) {
      System.err.printf("skipped %d unreadable image(s) in %s%n", skipped.size(), data);
    }
  }

  /**
   * {@link #load()}, while the JIT compiles the product kernels on another thread, so that a fit
   * that follows does not start interpreted.
   */
  public FaceSet loadWarmingUp() throws IOException {
    CompletableFuture<Void> warmUp = CompletableFuture.runAsync(Blas::warmUp);
    FaceSet faces = load();
    warmUp.join();
    return faces;
  }

  /** Loads the data set these flags describe, with the format read and the images skipped. */
  public LoadReport loadReport() throws IOException {
    return FaceSetLoader.loadReport(data, options());
  }
}
