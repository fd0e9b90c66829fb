package io.facerecon.cli;

import io.facerecon.io.BadInputException;

import io.facerecon.data.FaceSet;
import io.facerecon.eval.ImageMetrics;
import io.facerecon.io.AtomicFiles;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.report.ImageGrid;
import io.facerecon.report.OutputDirectory;
import io.facerecon.study.SavedModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facerecon reconstruct}: applies a saved model to new images. The kind of model is read
 * from the model file's header ({@code format}) by the library's {@link SavedModel}.
 */
@Command(
    name = "reconstruct",
    mixinStandardHelpOptions = true,
    description = {
      "Reconstruct images with a saved model (from 'facerecon ae' or 'facerecon nmf').",
      "Writes results.json (MSE, PSNR), reconstructions.png (the first 10 above their",
      "reconstructions) and reconstructions.npy (N x h x w float32) to --out, new or empty."
    })
final class ReconstructCommand implements Callable<Integer>, ParameterFlags {
  private static final int SHOWN = 10;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file (model.safetensors).")
  Path model;

  @Mixin DataOptions data;

  @Mixin ThreadOptions threads;

  @Mixin OutputFolder out;

  @Override
  public Integer call() throws Exception {
    threads.apply();
    try (OutputDirectory dir = out.open("reconstruct")) {
      SavedModel saved = SavedModel.load(model);
      FaceSet faces = data.load();
      if (faces.height() != saved.height() || faces.width() != saved.width()) {
        throw new BadInputException(
            "--model " + model + " was made for " + saved.height() + "x" + saved.width() + " images, but --data "
                + data.data + " has " + faces.height() + "x" + faces.width() + " images");
      }
      // The reconstructions, and both sets as arrays for the error.
      MemoryBudget.check("reconstruct", faces.size(), (long) faces.height() * faces.width(), 3);
      long start = System.nanoTime();
      FloatMatrix rec = saved.reconstruct(faces);
      double seconds = (System.nanoTime() - start) / 1e9;
      double mse = ImageMetrics.mse(faces.pixels().toArray(), rec.toArray());
      Map<String, Object> report = new LinkedHashMap<>(saved.describe());
      report.put("model_file", model.toString());
      report.put("images", faces.size());
      report.put("mse", mse);
      report.put("psnr", ImageMetrics.psnr(mse));
      report.put("seconds", seconds);
      int shown = Math.min(SHOWN, faces.size());
      Path staged = dir.staging();
      ImageGrid.writePng(
          staged.resolve("reconstructions.png"),
          ImageGrid.rows(List.of(faces.pixels().rowRange(0, shown), rec.rowRange(0, shown)), faces.height(), faces.width(), 2));
      Npy.write(staged.resolve("reconstructions.npy"), rec, faces.size(), faces.height(), faces.width());
      AtomicFiles.write(staged.resolve("results.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
      dir.commit();
      System.out.printf(
          "%d images, MSE %.6f (PSNR %.2f dB) in %.3f s%nwrote %s%n", faces.size(), mse, ImageMetrics.psnr(mse), seconds, out.dir());
    }
    return 0;
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader();
  }
}
