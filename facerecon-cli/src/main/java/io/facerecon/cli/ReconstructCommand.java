package io.facerecon.cli;

import io.facerecon.data.Occlusion;
import io.facerecon.eval.HoleMetrics;
import io.facerecon.eval.Ssim;
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

  @Option(names = "--occlusion", paramLabel = "SPEC",
      description = "Hide pixels first (block:F, rows:A:B, half:lower|upper|left|right or pixels:F, seeded per image): "
          + "an NMF model codes the observed pixels and fills the hole, an autoencoder sees the hole filled with --fill. "
          + "Adds hole metrics to results.json and writes masks.npy (bool N x h x w, true = hidden).")
  String occlusion;

  @Option(names = "--fill", paramLabel = "V",
      description = "With --occlusion, for an autoencoder: the value of a hidden pixel (default: the mean of the visible pixels).")
  Double fill;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the occlusion masks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin ThreadOptions threads;

  @Mixin OutputFolder out;

  @Override
  public Integer call() throws Exception {
    Occlusion occ = occlusion == null ? null : Occlusion.parse(occlusion);
    if (fill != null) {
      if (occ == null) {
        throw new BadInputException("--fill needs --occlusion SPEC");
      }
      Occlusion.requireFinite(fill);
    }
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
      FloatMatrix masks = occ == null ? null : occ.masks(faces.size(), faces.height(), faces.width(), seed);
      double fillValue = fill != null ? fill : (masks == null ? 0 : visibleMean(faces.pixels(), masks));
      FloatMatrix rec = masks == null ? saved.reconstruct(faces) : saved.reconstructOccluded(faces, masks, fillValue);
      double seconds = (System.nanoTime() - start) / 1e9;
      double mse = ImageMetrics.mse(faces.pixels().toArray(), rec.toArray());
      Map<String, Object> report = new LinkedHashMap<>(saved.describe());
      report.put("model_file", model.toString());
      report.put("images", faces.size());
      report.put("mse", mse);
      report.put("psnr", ImageMetrics.psnr(mse));
      report.put("seconds", seconds);
      if (masks != null) {
        HoleMetrics hole = HoleMetrics.of(faces.pixels(), rec, masks, faces.height(), faces.width(), Ssim.SKIMAGE_DEFAULT);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("spec", occ.spec());
        o.put("seed", seed);
        o.put("fill", "nmf".equals(saved.describe().get("method")) ? null : fillValue);
        o.put("hidden_fraction", hole.hiddenFraction());
        o.put("hole_mse", hole.mse());
        o.put("hole_psnr", hole.psnr());
        o.put("hole_ssim_bbox", hole.ssim());
        o.put("masks", "masks.npy");
        report.put("occlusion", o);
        System.out.printf("occlusion %s: hole MSE %.6f (PSNR %.2f dB), hole SSIM %.4f%n", occ.spec(), hole.mse(), hole.psnr(), hole.ssim());
      }
      int shown = Math.min(SHOWN, faces.size());
      Path staged = dir.staging();
      List<FloatMatrix> gridRows = masks == null
          ? List.of(faces.pixels().rowRange(0, shown), rec.rowRange(0, shown))
          : List.of(faces.pixels().rowRange(0, shown),
              Occlusion.fill(faces.pixels().rowRange(0, shown), masks.rowRange(0, shown), (float) fillValue),
              rec.rowRange(0, shown));
      ImageGrid.writePng(staged.resolve("reconstructions.png"), ImageGrid.rows(gridRows, faces.height(), faces.width(), 2));
      if (masks != null) {
        Occlusion.save(staged.resolve("masks.npy"), masks, faces.height(), faces.width());
      }
      Npy.write(staged.resolve("reconstructions.npy"), rec, faces.size(), faces.height(), faces.width());
      AtomicFiles.write(staged.resolve("results.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
      dir.commit();
      System.out.printf(
          "%d images, MSE %.6f (PSNR %.2f dB) in %.3f s%nwrote %s%n", faces.size(), mse, ImageMetrics.psnr(mse), seconds, out.dir());
    }
    return 0;
  }

  /** The mean of the pixels the masks leave visible. */
  static double visibleMean(FloatMatrix pixels, FloatMatrix masks) {
    double sum = 0;
    long n = 0;
    for (int i = 0, size = pixels.size(); i < size; i++) {
      if (masks.get(i) == 0) {
        sum += pixels.get(i);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader(Map.entry("occlusion", "--occlusion"), Map.entry("fill", "--fill"));
  }
}
