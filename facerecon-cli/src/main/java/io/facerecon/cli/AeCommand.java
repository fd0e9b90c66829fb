package io.facerecon.cli;

import io.facerecon.io.BadInputException;

import io.facerecon.eval.ImageMetrics;
import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.io.AtomicFiles;
import io.facerecon.linalg.Parallel;
import io.facerecon.nn.Adam;
import io.facerecon.nn.Architecture;
import io.facerecon.nn.Autoencoder;
import io.facerecon.nn.EpochRecord;
import io.facerecon.nn.ModelFile;
import io.facerecon.nn.Tensor;
import io.facerecon.nn.Trainer;
import io.facerecon.data.Occlusion;
import io.facerecon.study.OcclusionCorruption;
import io.facerecon.nn.TrainingListener;
import io.facerecon.nn.TrainingResult;
import io.facerecon.report.ImageGrid;
import io.facerecon.report.OutputDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facerecon ae}: trains a convolutional autoencoder and writes the model and a report. */
@Command(
    name = "ae",
    mixinStandardHelpOptions = true,
    description = {
      "Train a convolutional autoencoder (PyTorch-exact layers, MSELoss, Adam) to reconstruct faces.",
      "Writes results.json, model.safetensors, reconstructions.png, loss.png and checkpoint.safetensors to --out "
          + "when it finishes. The checkpoint is saved after every epoch: continue a stopped run with --resume."
    })
final class AeCommand implements Callable<Integer>, ParameterFlags {
  static final String CHECKPOINT = "checkpoint.safetensors";
  private static final int SHOWN = 10;

  @Mixin DataOptions data;

  @Option(names = "--arch", defaultValue = "study", paramLabel = "NAME",
      description = "study (the study's model, default) or bottleneck (adds a Linear code of --code-size values).")
  String arch;

  @Option(names = "--code-size", defaultValue = "0", paramLabel = "K",
      description = "Code length of the bottleneck architecture.")
  int codeSize;

  @Option(names = "--epochs", defaultValue = "20", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
      description = "Images per minibatch; the last one may be smaller (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "RATE", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "L",
      description = "Adam's L2 weight decay, as torch.optim.Adam (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "Seeds the initial weights, the shuffling and the validation split (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--validation", defaultValue = "0", paramLabel = "FRACTION",
      description = "Hold out this fraction of the images and report their loss per epoch (default: none).")
  double validationFraction;

  @Option(names = "--patience", defaultValue = "0", paramLabel = "N",
      description = "With --validation: stop when its loss has not improved for N epochs (default: never).")
  int patience;

  @Option(names = "--train-occlusion", paramLabel = "SPEC",
      description = "Train a denoising autoencoder: inputs occluded afresh every epoch (block:F, rows:A:B, "
          + "half:lower|upper|left|right or pixels:F), targets the clean faces.")
  String trainOcclusion;

  @Option(names = "--fill", paramLabel = "V",
      description = "With --train-occlusion: the value of a hidden pixel (default: the training faces' mean).")
  Double fill;

  @Option(names = "--stream",
      description = "Read the faces batch by batch from --data (a memory-mapped .npy, or images decoded as they are"
          + " needed) instead of loading them all: for data sets larger than memory. Same results as without it.")
  boolean stream;

  @Mixin ThreadOptions threads;

  @Option(names = "--resume", description = "Continue from --out/" + CHECKPOINT + ", or from the checkpoint of a run"
      + " that was stopped before it finished (same settings and data); the results replace --out's.")
  boolean resume;

  @Mixin ProgressOptions progressBars;

  @Mixin OutputFolder out;

  private double fillUsed;

  @Override
  public Integer call() throws Exception {
    Architecture architecture = Architecture.byName(arch);
    Trainer.Options options =
        new Trainer.Options(epochs, batchSize, new Adam.Settings(lr, 0.9, 0.999, 1e-8, weightDecay), seed, patience);
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new BadInputException("--validation must be in [0, 1), got " + validationFraction);
    }
    if (patience > 0 && validationFraction == 0) {
      throw new BadInputException("--patience needs a validation set (--validation FRACTION)");
    }
    Occlusion occlusion = trainOcclusion == null ? null : Occlusion.parse(trainOcclusion);
    if (fill != null) {
      if (occlusion == null) {
        throw new BadInputException("--fill needs --train-occlusion SPEC");
      }
      Occlusion.requireFinite(fill);
    }
    threads.apply();
    try (OutputDirectory dir = resume ? out.resume("ae", CHECKPOINT) : out.open("ae")) {
      // A stopped or failed training can be continued from its last checkpoint with --resume.
      dir.keepOnFailureIf(CHECKPOINT);
      Path checkpoint = dir.staging().resolve(CHECKPOINT);
      if (resume && !Files.exists(checkpoint)) {
        Path earlier = dir.earlier(CHECKPOINT);
        if (earlier == null) {
          throw new BadInputException("--resume: no checkpoint " + out.file(CHECKPOINT) + " to continue from");
        }
        Files.copy(earlier, checkpoint);
      }
      // The JIT compiles the layer kernels while the images are read, and no longer.
      AtomicBoolean loading = new AtomicBoolean(true);
      CompletableFuture<Double> warmUp = CompletableFuture.supplyAsync(() -> Autoencoder.warmUp(loading::get));
      try (FaceStream faces = stream ? data.openStream() : load()) {
        loading.set(false);
        double warmUpSeconds = warmUp.join();
        Autoencoder model = Autoencoder.create(architecture, faces.height(), faces.width(), codeSize, seed);
        Split split = Split.of(faces, validationFraction, seed);

        TrainingResult result;
        try (ProgressListener progress = new ProgressListener(epochs, progressBars.shown())) {
          Trainer trainer = new Trainer(model, options, progress).withPrefetch(stream);
          if (occlusion != null) {
            double value = fill != null ? fill : OcclusionCorruption.meanPixel(split.train());
            trainer.withInputCorruption(
                new OcclusionCorruption(occlusion, value, seed, faces.height(), faces.width()));
            fillUsed = value;
          }
          result = trainer.fit(split.train(), split.validation(), checkpoint, resume);
        }
        double trainMse = model.meanSquaredError(split.train());
        Map<String, Object> report = report(model, options, result, trainMse, split);
        report.put("warm_up_seconds", warmUpSeconds);
        report.put("streamed", stream);
        if (occlusion != null) {
          Map<String, Object> denoising = new LinkedHashMap<>();
          denoising.put("occlusion", occlusion.spec());
          denoising.put("fill", fillUsed);
          denoising.put("mask_seed", "seed + 1000003 * epoch, per image index");
          report.put("denoising", denoising);
        }
        if (split.validation() != null) {
          report.put("validation_mse", model.meanSquaredError(split.validation()));
        }
        Path staged = dir.staging();
        ModelFile.save(model, staged.resolve("model.safetensors"));
        writeReconstructions(model, split.train(), staged.resolve("reconstructions.png"));
        writeLossChart(result, staged.resolve("loss.png"));
        AtomicFiles.write(staged.resolve("results.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        dir.commit();
        System.out.printf(
            "%s: %d epochs in %.1f s (%.3f s/epoch), train MSE %.6f (PSNR %.2f dB), code %d values/image, %d parameters%nwrote %s%n",
            architecture.id(), result.epochs(), result.fitSeconds(), result.fitSeconds() / result.epochs(), trainMse,
            ImageMetrics.psnr(trainMse), model.codeSize(), model.parameterCount(), out.dir());
      }
    }
    return 0;
  }

  /** The faces loaded into memory, if they fit, as a stream over them. */
  private FaceStream load() throws IOException {
    FaceSet faces = data.load();
    MemoryBudget.check("ae", faces.size(), (long) faces.height() * faces.width(), 1,
        "read the faces batch by batch with --stream");
    return FaceStream.of(faces);
  }

  private Map<String, Object> report(
      Autoencoder model, Trainer.Options options, TrainingResult result, double trainMse, Split split) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("method", "autoencoder");
    r.put("architecture", model.architecture().id());
    r.put("image_height", model.height());
    r.put("image_width", model.width());
    r.put("code_size", model.codeSize());
    r.put("parameters", model.parameterCount());
    r.put("train_images", split.train().size());
    r.put("validation_images", split.validation() == null ? 0 : split.validation().size());
    r.put("epochs", result.epochs());
    r.put("batch_size", options.batchSize());
    r.put("lr", options.adam().lr());
    r.put("weight_decay", options.adam().weightDecay());
    r.put("seed", options.seed());
    r.put("threads", Parallel.threads());
    r.put("fit_seconds", result.fitSeconds());
    r.put("seconds_per_epoch", result.fitSeconds() / result.epochs());
    r.put("train_mse", trainMse);
    r.put("train_psnr", ImageMetrics.psnr(trainMse));
    r.put("loss_history", result.lossHistory());
    if (split.validation() != null) {
      r.put("validation_history", result.validationHistory());
      r.put("best_epoch", result.bestEpoch());
      r.put("stopped_early", result.stoppedEarly());
    }
    return r;
  }

  /** The first images above their reconstructions. */
  static void writeReconstructions(Autoencoder model, FaceStream images, Path file) throws IOException {
    Tensor shown = Tensor.zeros(Math.min(SHOWN, images.size()), model.imageShape());
    images.read(0, shown.matrix());
    Tensor rec = model.reconstruct(shown);
    ImageGrid.writePng(file, ImageGrid.rows(List.of(shown.matrix(), rec.matrix()), model.height(), model.width(), 2));
  }

  private static void writeLossChart(TrainingResult result, Path file) throws IOException {
    XYChart chart = new XYChartBuilder().width(640).height(400).title("Autoencoder training")
        .xAxisTitle("epoch").yAxisTitle("MSE").build();
    double[] epochsAxis = result.history().stream().mapToDouble(EpochRecord::epoch).toArray();
    chart.addSeries("train (mean minibatch loss)", epochsAxis, result.lossHistory().stream().mapToDouble(Double::doubleValue).toArray());
    if (!result.validationHistory().isEmpty()) {
      chart.addSeries("validation", epochsAxis, result.validationHistory().stream().mapToDouble(Double::doubleValue).toArray());
    }
    chart.getStyler().setYAxisLogarithmic(true);
    byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(file, png);
  }

  /**
   * Training and validation images: a seeded random hold-out of {@code fraction} of the images,
   * each part in the images' order, as views of the stream.
   */
  record Split(FaceStream train, FaceStream validation) {
    static Split of(FaceStream faces, double fraction, long seed) {
      if (fraction == 0) {
        return new Split(faces, null);
      }
      int n = faces.size();
      int nVal = (int) Math.round(n * fraction);
      if (nVal < 1 || nVal >= n) {
        throw new BadInputException(
            "--validation " + fraction + " of " + n + " images leaves " + nVal + " for validation and "
                + (n - nVal) + " for training; both need at least one");
      }
      int[] perm = IntStream.range(0, n).toArray();
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      int[] val = Arrays.copyOfRange(perm, 0, nVal);
      int[] tr = Arrays.copyOfRange(perm, nVal, n);
      Arrays.sort(val);
      Arrays.sort(tr);
      return new Split(faces.subset(tr), faces.subset(val));
    }
  }

  /** Draws a progress bar per epoch: batches done, running loss; prints a line per epoch. */
  static final class ProgressListener implements TrainingListener, AutoCloseable {
    private final int epochs;
    private final boolean draw;
    /**
     * The terminal's width, asked once: a console bar made without it asks the terminal itself,
     * which costs a noticeable part of an epoch's training for every epoch's bar.
     */
    private final int width;
    private ProgressBar bar;

    ProgressListener(int epochs, boolean draw) {
      this.epochs = epochs;
      this.draw = draw;
      this.width = draw ? new ConsoleProgressBarConsumer(System.err).getMaxRenderedLength() : 0;
    }

    @Override
    public void epochStarted(int epoch, int batches) {
      if (draw) {
        bar = new ProgressBarBuilder()
            .setTaskName(String.format("epoch %d/%d", epoch, epochs))
            .setInitialMax(batches)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err, width))
            .setUpdateIntervalMillis(200)
            .hideEta()
            .build();
      }
    }

    @Override
    public void batchFinished(int epoch, int batch, double runningLoss) {
      if (bar != null) {
        bar.stepTo(batch);
        bar.setExtraMessage(String.format("loss %.6f", runningLoss));
      }
    }

    @Override
    public void epochFinished(EpochRecord r) {
      close();
      System.err.printf(
          "epoch %d/%d  loss %.6f%s  %.2f s%n", r.epoch(), epochs, r.trainLoss(),
          Double.isNaN(r.validationLoss()) ? "" : String.format("  validation %.6f", r.validationLoss()), r.seconds());
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader(
        Map.entry("architecture", "--arch"), Map.entry("codeSize", "--code-size"), Map.entry("epochs", "--epochs"),
        Map.entry("batchSize", "--batch-size"), Map.entry("lr", "--lr"), Map.entry("weightDecay", "--weight-decay"),
        Map.entry("patience", "--patience"), Map.entry("resume", "--resume"),
        Map.entry("occlusion", "--train-occlusion"), Map.entry("fill", "--fill"));
  }
}
