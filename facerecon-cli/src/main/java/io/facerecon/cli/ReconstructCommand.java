package io.facerecon.cli;

import io.facerecon.io.BadInputException;

import io.facerecon.data.FaceSet;
import io.facerecon.io.AtomicFiles;
import io.facerecon.io.Npy;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.NmfData;
import io.facerecon.nmf.NmfModel;
import io.facerecon.nn.Autoencoder;
import io.facerecon.nn.ModelFile;
import io.facerecon.nn.Tensor;
import io.facerecon.report.ImageGrid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facerecon reconstruct}: applies a saved model to new images. The kind of model is read
 * from the model file's header ({@code format}); each kind is one {@link Kind} in {@link #KINDS}.
 */
@Command(
    name = "reconstruct",
    mixinStandardHelpOptions = true,
    description = {
      "Reconstruct images with a saved model (from 'facerecon ae' or 'facerecon nmf').",
      "Writes results.json (MSE, PSNR), reconstructions.png (the first 10 above their",
      "reconstructions) and reconstructions.npy (N x h x w float32) to --out."
    })
final class ReconstructCommand implements Callable<Integer>, ParameterFlags {
  /** A model loaded from a file, ready to reconstruct images of its size. */
  interface SavedModel {
    /** Image height the model was made for. */
    int height();

    /** Image width the model was made for. */
    int width();

    /** Values in the code of one image. */
    int codeSize();

    /** Reconstructions of {@code pixels} (one image per row), as a new matrix of the same shape. */
    FloatMatrix reconstruct(FloatMatrix pixels);

    /** What the model is, for results.json. */
    Map<String, Object> describe();
  }

  /** One kind of model file, recognised by the {@code format} entry of its header. */
  interface Kind {
    /** The header's {@code format} value. */
    String format();

    /** Reads the model from {@code file}. */
    SavedModel load(Path file) throws IOException;
  }

  /** The kinds of model file this command reads. */
  static final List<Kind> KINDS = List.of(new AutoencoderKind(), new NmfKind());

  private static final int SHOWN = 10;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file (model.safetensors).")
  Path model;

  @Mixin DataOptions data;

  @Mixin ThreadOptions threads;

  @Mixin OutputFolder out;

  @Override
  public Integer call() throws Exception {
    threads.apply();
    SavedModel saved = kindOf(model).load(model);
    FaceSet faces = data.load();
    if (faces.height() != saved.height() || faces.width() != saved.width()) {
      throw new BadInputException(
          "--model " + model + " was made for " + saved.height() + "x" + saved.width() + " images, but --data "
              + data.data + " has " + faces.height() + "x" + faces.width() + " images");
    }
    long start = System.nanoTime();
    FloatMatrix rec = saved.reconstruct(faces.pixels());
    double seconds = (System.nanoTime() - start) / 1e9;
    double mse = meanSquaredError(faces.pixels(), rec);
    Map<String, Object> report = new LinkedHashMap<>(saved.describe());
    report.put("model_file", model.toString());
    report.put("images", faces.size());
    report.put("mse", mse);
    report.put("psnr", AeCommand.psnr(mse));
    report.put("seconds", seconds);
    int shown = Math.min(SHOWN, faces.size());
    ImageGrid.writePng(
        out.file("reconstructions.png"),
        ImageGrid.rows(List.of(faces.pixels().rowRange(0, shown), rec.rowRange(0, shown)), faces.height(), faces.width(), 2));
    Npy.write(out.file("reconstructions.npy"), rec, faces.size(), faces.height(), faces.width());
    AtomicFiles.write(out.file("results.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    System.out.printf(
        "%d images, MSE %.6f (PSNR %.2f dB) in %.3f s%nwrote %s%n", faces.size(), mse, AeCommand.psnr(mse), seconds, out.dir());
    return 0;
  }

  /** The kind of {@code file}, from its header. */
  static Kind kindOf(Path file) throws IOException {
    String format = SafeTensors.read(file).metadata().get(ModelFile.FORMAT_KEY);
    for (Kind k : KINDS) {
      if (k.format().equals(format)) {
        return k;
      }
    }
    throw new BadInputException(
        "--model " + file + ": unknown model format '" + format + "'; expected one of "
            + KINDS.stream().map(Kind::format).collect(Collectors.joining(", ")));
  }

  private static double meanSquaredError(FloatMatrix a, FloatMatrix b) {
    double s = 0;
    for (int i = 0, n = a.size(); i < n; i++) {
      double d = a.get(i) - b.get(i);
      s += d * d;
    }
    return s / a.size();
  }

  /** Autoencoder model files from {@code facerecon ae}. */
  static final class AutoencoderKind implements Kind {
    @Override
    public String format() {
      return ModelFile.FORMAT;
    }

    @Override
    public SavedModel load(Path file) throws IOException {
      Autoencoder ae = ModelFile.load(file);
      return new SavedModel() {
        @Override
        public int height() {
          return ae.height();
        }

        @Override
        public int width() {
          return ae.width();
        }

        @Override
        public int codeSize() {
          return ae.codeSize();
        }

        @Override
        public FloatMatrix reconstruct(FloatMatrix pixels) {
          return ae.reconstruct(Tensor.wrap(pixels, ae.imageShape())).matrix();
        }

        @Override
        public Map<String, Object> describe() {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("method", "autoencoder");
          d.put("architecture", ae.architecture().id());
          d.put("code_size", ae.codeSize());
          d.put("parameters", ae.parameterCount());
          return d;
        }
      };
    }
  }

  /**
   * NMF model files from {@code facerecon nmf}: the basis W and the settings. Images are coded
   * with the basis fixed (scikit-learn's {@code transform}) and reconstructed as W·H.
   */
  static final class NmfKind implements Kind {
    /** The {@code format} that {@link NmfModel#save} writes. */
    private static final String FORMAT = "facerecon-nmf";

    @Override
    public String format() {
      return FORMAT;
    }

    @Override
    public SavedModel load(Path file) throws IOException {
      NmfModel.Loaded loaded = NmfModel.load(file);
      NmfModel nmf = loaded.model();
      int height = dimension(loaded, "height", file);
      int width = dimension(loaded, "width", file);
      if ((long) height * width != nmf.pixels()) {
        throw new BadInputException(
            "--model " + file + ": its basis images have " + nmf.pixels() + " pixels, not " + height + "x" + width);
      }
      return new SavedModel() {
        @Override
        public int height() {
          return height;
        }

        @Override
        public int width() {
          return width;
        }

        @Override
        public int codeSize() {
          return nmf.k();
        }

        @Override
        public FloatMatrix reconstruct(FloatMatrix pixels) {
          FloatMatrix codes = nmf.transform(NmfData.ofImagesByPixels(pixels));
          return Blas.multiply(true, codes, false, nmf.components());
        }

        @Override
        public Map<String, Object> describe() {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("method", "nmf");
          d.put("k", nmf.k());
          d.put("code_size", nmf.k());
          d.put("solver", nmf.options().solver().name().toLowerCase(Locale.ROOT));
          d.put("beta_loss", nmf.options().betaLoss().label());
          d.put("max_iter", nmf.options().maxIterations());
          d.put("parameters", (long) nmf.k() * nmf.pixels());
          return d;
        }
      };
    }

    private static int dimension(NmfModel.Loaded loaded, String key, Path file) {
      String value = loaded.metadata().get(key);
      try {
        int n = Integer.parseInt(value);
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new BadInputException(
          "--model " + file + ": the image " + key + " in its metadata is '" + value
              + "'; expected a positive integer (models from 'facerecon nmf' store it)");
    }
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader();
  }
}
