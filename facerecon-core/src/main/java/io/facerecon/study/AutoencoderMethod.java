package io.facerecon.study;

import io.facerecon.io.BadInputException;

import io.facerecon.data.FaceSet;
import io.facerecon.data.Occlusion;
import io.facerecon.study.Curve;
import io.facerecon.study.FitResult;
import io.facerecon.study.Progress;
import io.facerecon.study.ReconstructionMethod;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nn.Architecture;
import io.facerecon.nn.Autoencoder;
import io.facerecon.nn.EpochRecord;
import io.facerecon.nn.Tensor;
import io.facerecon.nn.Trainer;
import io.facerecon.nn.TrainingListener;
import io.facerecon.nn.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The convolutional autoencoder as a study method: trained on the training faces with MSELoss and
 * Adam; every face, training or held-out, is encoded and decoded by the network. A face's code is
 * the encoder's output; the fit learns all weights and biases.
 *
 * <p>Runs at several epoch counts are snapshots of one training ({@link #snapshots}): each run
 * continues the previous one from its checkpoint (weights, Adam's moments, epoch order), which
 * gives exactly the numbers of separate trainings with the same seed at a third of the cost. A
 * snapshot's fit time is the training time of all its epochs, the earlier ones included.
 */
public final class AutoencoderMethod implements ReconstructionMethod {
  private final Training training;
  private final int epochs;
  private Autoencoder model;

  private AutoencoderMethod(Training training, int epochs) {
    this.training = training;
    this.epochs = epochs;
  }

  /**
   * Training settings shared by the snapshots of one training.
   *
   * @param architecture the network
   * @param codeSize the bottleneck's code length (ignored by {@link Architecture#STUDY})
   * @param batchSize images per minibatch
   * @param lr Adam's learning rate
   * @param seed seeds the initial weights and the order of the images in each epoch
   */
  public record Settings(Architecture architecture, int codeSize, int batchSize, double lr, long seed) {}

  /**
   * Runs of one training, evaluated after each of {@code epochs} (increasing). They must be fitted
   * in order, each right after the one before.
   *
   * @param settings the autoencoder and training settings
   * @param epochs the epoch counts to evaluate at, increasing
   * @param checkpoint where each run leaves the training for the next; unused with one snapshot.
   *     It is a hand-over, not an output: messages never point to it
   * @param monitor faces measured after every epoch for a curve (never for a decision), or null
   * @return one run per epoch count, in the same order
   */
  public static List<AutoencoderMethod> snapshots(
      Settings settings, List<Integer> epochs, Path checkpoint, FaceSet monitor) {
    return snapshots(settings, epochs, checkpoint, monitor, List.of());
  }

  /**
   * Like {@link #snapshots(Settings, List, Path, FaceSet)}, for a denoising autoencoder when
   * {@code denoising} lists occlusions: its inputs are the training faces occluded afresh every
   * epoch by these occlusions in turn ({@link OcclusionCorruption}, hidden pixels set to the
   * training faces' mean pixel, masks seeded by the settings' seed), its targets the clean faces.
   * Such runs are of kind "DAE" and named "DAE ...".
   *
   * @param settings the autoencoder and training settings
   * @param epochs the epoch counts to evaluate at, increasing
   * @param checkpoint where each run leaves the training for the next; unused with one snapshot
   * @param monitor faces measured after every epoch for a curve (never for a decision), or null
   * @param denoising the occlusions of the inputs, empty for a plain autoencoder
   * @return one run per epoch count, in the same order
   */
  public static List<AutoencoderMethod> snapshots(
      Settings settings, List<Integer> epochs, Path checkpoint, FaceSet monitor, List<Occlusion> denoising) {
    for (int i = 0; i < epochs.size(); i++) {
      if (epochs.get(i) < 1 || (i > 0 && epochs.get(i) <= epochs.get(i - 1))) {
        throw new BadInputException("snapshot epochs must be increasing and >= 1, got " + epochs);
      }
    }
    if (epochs.size() > 1 && checkpoint == null) {
      throw new BadInputException("snapshots at " + epochs + " epochs need a checkpoint file");
    }
    Training training = new Training(
        settings, epochs.get(epochs.size() - 1), checkpoint, monitor, List.copyOf(denoising));
    List<AutoencoderMethod> runs = new ArrayList<>();
    for (int e : epochs) {
      runs.add(new AutoencoderMethod(training, e));
    }
    return List.copyOf(runs);
  }

  /**
   * The code size of the architecture on {@code height × width} faces, without training.
   *
   * @param settings the autoencoder settings
   * @param height face height in pixels
   * @param width face width in pixels
   * @return numbers in one face's code
   */
  public static int codeSize(Settings settings, int height, int width) {
    return Autoencoder.create(settings.architecture(), height, width, settings.codeSize(), settings.seed())
        .codeSize();
  }

  @Override
  public String name() {
    Settings s = training.settings;
    String trained = epochs + (epochs == 1 ? " epoch" : " epochs");
    return s.architecture() == Architecture.STUDY
        ? kind() + " " + trained
        : kind() + " " + s.architecture().id() + " " + s.codeSize() + ", " + trained;
  }

  /** "AE", or "DAE" for a denoising autoencoder. */
  @Override
  public String kind() {
    return training.denoising.isEmpty() ? "AE" : "DAE";
  }

  @Override
  public Map<String, Object> settings() {
    Settings s = training.settings;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architecture", s.architecture().id());
    if (s.architecture() != Architecture.STUDY) {
      m.put("code_size", s.codeSize());
    }
    m.put("epochs", epochs);
    m.put("batch_size", s.batchSize());
    m.put("lr", s.lr());
    m.put("seed", s.seed());
    if (training.lastEpoch != epochs) {
      m.put("snapshot_of", training.lastEpoch + " epochs");
    }
    if (!training.denoising.isEmpty()) {
      m.put("denoising", String.join(" ", training.denoising.stream().map(Occlusion::spec).toList()));
      m.put("fill", "training mean");
    }
    return m;
  }

  @Override
  public FitResult fit(FaceSet train, Progress progress) {
    Settings s = training.settings;
    if (training.epochsDone >= epochs) {
      throw new IllegalStateException(
          name() + ": the training is already at epoch " + training.epochsDone + "; snapshots are fitted in order");
    }
    model = Autoencoder.create(s.architecture(), train.height(), train.width(), s.codeSize(), s.seed());
    Trainer.Options options =
        Trainer.Options.defaults().withEpochs(epochs).withBatchSize(s.batchSize()).withLr(s.lr()).withSeed(s.seed());
    boolean resume = training.epochsDone > 0;
    boolean handOn = epochs < training.lastEpoch;
    TrainingResult result;
    try {
      // The checkpoint only hands the training to the next snapshot: a message about a diverged
      // training must not send the user to it.
      Trainer trainer = new Trainer(model, options, listener(progress));
      if (!training.denoising.isEmpty()) {
        trainer.withInputCorruption(new OcclusionCorruption(
            training.denoising, OcclusionCorruption.meanPixel(train), s.seed(), train.height(), train.width()));
      }
      result = trainer
          .checkpointKept(false)
          .fit(Tensor.images(train), training.monitorImages(), handOn || resume ? training.checkpoint : null, resume);
    } catch (IOException e) {
      throw new UncheckedIOException("autoencoder checkpoint " + training.checkpoint + ": " + e.getMessage(), e);
    }
    training.epochsDone = result.epochs();
    return new FitResult(result.epochs(), "epochs", curves(result), result.fitSeconds());
  }

  /** Progress in minibatches over all epochs of this run, the resumed ones counted as done. */
  private TrainingListener listener(Progress progress) {
    return new TrainingListener() {
      private int batches;

      @Override
      public void epochStarted(int epoch, int batchCount) {
        batches = batchCount;
        progress.update((long) (epoch - 1) * batches, (long) epochs * batches);
      }

      @Override
      public void batchFinished(int epoch, int batch, double runningLoss) {
        progress.update((long) (epoch - 1) * batches + batch, (long) epochs * batches);
      }
    };
  }

  private List<Curve> curves(TrainingResult result) {
    List<Curve> curves = new ArrayList<>();
    double[] loss = result.history().stream().mapToDouble(EpochRecord::trainLoss).toArray();
    curves.add(Curve.perStep("training loss (mean minibatch MSE)", "epoch", loss));
    if (training.monitor != null) {
      double[] heldOut = result.history().stream().mapToDouble(EpochRecord::validationLoss).toArray();
      curves.add(Curve.perStep("held-out MSE after each epoch", "epoch", heldOut));
    }
    return curves;
  }

  @Override
  public FloatMatrix reconstruct(FaceSet faces) {
    return requireModel().reconstruct(Tensor.images(faces)).matrix();
  }

  private Autoencoder requireModel() {
    if (model == null) {
      throw new IllegalStateException(name() + " is not fitted yet");
    }
    return model;
  }

  @Override
  public int codeSize() {
    return requireModel().codeSize();
  }

  @Override
  public long parameterCount() {
    return requireModel().parameterCount();
  }

  /** One training that its snapshot runs advance in turn. */
  private static final class Training {
    final Settings settings;
    final int lastEpoch;
    final Path checkpoint;
    final FaceSet monitor;
    final List<Occlusion> denoising;
    int epochsDone;

    Training(Settings settings, int lastEpoch, Path checkpoint, FaceSet monitor, List<Occlusion> denoising) {
      this.denoising = denoising;
      this.settings = settings;
      this.lastEpoch = lastEpoch;
      this.checkpoint = checkpoint;
      this.monitor = monitor;
    }

    Tensor monitorImages() {
      return monitor == null ? null : Tensor.images(monitor);
    }
  }
}
