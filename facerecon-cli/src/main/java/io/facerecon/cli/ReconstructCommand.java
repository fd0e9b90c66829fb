package io.facerecon.cli;

import io.facerecon.data.Occlusion;
import io.facerecon.eval.HoleMetrics;
import io.facerecon.io.BadInputException;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.eval.ImageMetrics;
import io.facerecon.io.AtomicFiles;
import io.facerecon.io.NpyWriter;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.report.ImageGrid;
import io.facerecon.report.OutputDirectory;
import io.facerecon.study.Reconstruction;
import io.facerecon.study.SavedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facerecon reconstruct}: applies a saved model to new images. The kind of model is read
 * from the model file's header ({@code format}) by the library's {@link SavedModel}; the faces go
 * through {@link Reconstruction}, all in one batch, or with {@code --stream} read, reconstructed
 * and written a batch at a time.
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

  @Option(names = "--stream",
      description = "Read, reconstruct and write the faces --batch-size at a time instead of loading them all: for data sets"
          + " larger than memory. Same numbers for an autoencoder; NMF codes each batch on its own (within its tolerance).")
  boolean stream;

  @Option(names = "--batch-size", paramLabel = "N",
      description = "With --stream: faces per batch (default: " + DEFAULT_BATCH + ").")
  Integer batchSize;

  private static final int DEFAULT_BATCH = 256;

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
    if (batchSize != null && !stream) {
      throw new BadInputException("--batch-size needs --stream (without it all faces are one batch)");
    }
    threads.apply();
    try (OutputDirectory dir = out.open("reconstruct")) {
      SavedModel saved = SavedModel.load(model);
      try (FaceStream faces = stream ? data.openStream() : load()) {
        int h = faces.height();
        int w = faces.width();
        if (h != saved.height() || w != saved.width()) {
          throw new BadInputException(
              "--model " + model + " was made for " + saved.height() + "x" + saved.width() + " images, but --data "
                  + data.data + " has " + h + "x" + w + " images");
        }
        int n = faces.size();
        Reconstruction.Settings settings = new Reconstruction.Settings(
            stream ? (batchSize != null ? batchSize : DEFAULT_BATCH) : Math.max(1, n), occ, seed,
            fill == null ? OptionalDouble.empty() : OptionalDouble.of(fill));
        Path staged = dir.staging();
        Gallery shown = new Gallery(Math.min(SHOWN, n), h * w, occ != null);
        Reconstruction.Result result;
        try (NpyWriter recs = NpyWriter.float32(staged.resolve("reconstructions.npy"), n, h, w);
            NpyWriter masks = occ == null ? null : NpyWriter.bool(staged.resolve("masks.npy"), n, h, w)) {
          result = Reconstruction.run(saved, faces, settings, batch -> {
            recs.write(batch.reconstructions());
            if (masks != null) {
              masks.write(batch.masks());
            }
            shown.keep(batch);
          });
          recs.commit();
          if (masks != null) {
            masks.commit();
          }
        }
        double mse = result.mse();
        Map<String, Object> report = new LinkedHashMap<>(saved.describe());
        report.put("model_file", model.toString());
        report.put("images", n);
        report.put("mse", mse);
        report.put("psnr", ImageMetrics.psnr(mse));
        report.put("seconds", result.seconds());
        report.put("streamed", stream);
        if (occ != null) {
          HoleMetrics hole = result.hole();
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("spec", occ.spec());
          o.put("seed", seed);
          o.put("fill", "nmf".equals(saved.describe().get("method")) ? null : result.fill());
          o.put("hidden_fraction", hole.hiddenFraction());
          o.put("hole_mse", hole.mse());
          o.put("hole_psnr", hole.psnr());
          o.put("hole_ssim_bbox", hole.ssim());
          o.put("masks", "masks.npy");
          report.put("occlusion", o);
          System.out.printf("occlusion %s: hole MSE %.6f (PSNR %.2f dB), hole SSIM %.4f%n", occ.spec(), hole.mse(), hole.psnr(), hole.ssim());
        }
        ImageGrid.writePng(staged.resolve("reconstructions.png"), ImageGrid.rows(shown.rows(result.fill()), h, w, 2));
        AtomicFiles.write(staged.resolve("results.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        dir.commit();
        System.out.printf(
            "%d images, MSE %.6f (PSNR %.2f dB) in %.3f s%nwrote %s%n", n, mse, ImageMetrics.psnr(mse), result.seconds(), out.dir());
      }
    }
    return 0;
  }

  /** The faces loaded into memory, if they and the arrays made from them fit, as a stream over them. */
  private FaceStream load() throws IOException {
    FaceSet faces = data.load();
    // A copy of the faces, the masks, the occluded inputs and the reconstructions.
    MemoryBudget.check("reconstruct", faces.size(), (long) faces.height() * faces.width(), 4,
        "reconstruct them batch by batch with --stream");
    return FaceStream.of(faces);
  }

  /** The first faces, their masks and reconstructions, kept from the batches for the picture. */
  private static final class Gallery {
    private final FloatMatrix originals;
    private final FloatMatrix masks;
    private final FloatMatrix reconstructions;

    Gallery(int faces, int pixels, boolean occluded) {
      originals = FloatMatrix.zeros(faces, pixels);
      masks = occluded ? FloatMatrix.zeros(faces, pixels) : null;
      reconstructions = FloatMatrix.zeros(faces, pixels);
    }

    /** Copies the batch's faces that are among the first ones. */
    void keep(Reconstruction.Batch batch) {
      int count = Math.min(originals.rows() - batch.first(), batch.originals().rows());
      if (count <= 0) {
        return;
      }
      int from = batch.first();
      originals.rowRange(from, from + count).copyFrom(batch.originals().rowRange(0, count));
      reconstructions.rowRange(from, from + count).copyFrom(batch.reconstructions().rowRange(0, count));
      if (masks != null) {
        masks.rowRange(from, from + count).copyFrom(batch.masks().rowRange(0, count));
      }
    }

    /** The picture's rows: originals, occluded inputs (with an occlusion), reconstructions. */
    List<FloatMatrix> rows(double fill) {
      return masks == null
          ? List.of(originals, reconstructions)
          : List.of(originals, Occlusion.fill(originals, masks, (float) fill), reconstructions);
    }
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader(Map.entry("occlusion", "--occlusion"), Map.entry("fill", "--fill"),
        Map.entry("batchSize", "--batch-size"));
  }
}
