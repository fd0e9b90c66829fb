package io.facerecon.nn;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;


import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains an autoencoder to reconstruct its input with MSELoss and Adam, in shuffled minibatches, as
 * the PyTorch loop {@code for xb in DataLoader(shuffle=True, drop_last=False): loss(model(xb), xb)
 * .backward(); opt.step()} does. Optionally it measures a validation set after each epoch and stops
 * early, and it checkpoints after each epoch so a killed run can be resumed with the same result.
 *
 * <p>The images come from a {@link FaceStream}, so that they need not fit in memory: each
 * minibatch is read in the epoch's shuffled order into a reused buffer (optionally one batch ahead
 * on a background thread, {@link #withPrefetch}), and the validation set is measured batch by
 * batch. Training on images in memory ({@link #fit(Tensor, Tensor, Path, boolean)}) is the same
 * loop over a stream of those images, so a stream and the same images in memory give the same
 * weights, bit for bit.
 *
 * <p>Numbers stay finite: every minibatch's loss, the validation loss and, after every epoch, the
 * weights are checked for NaN and infinity; training that diverges stops with a {@link
 * TrainingDivergedException} naming the learning rate ({@code lr}) before anything non-finite is
 * checkpointed or returned.
 */
public final class Trainer {
  /**
   * Training settings.
   *
   * @param epochs epochs to train in all (a resumed run counts the ones already done), ≥ 1
   * @param batchSize images per minibatch, ≥ 1; the last batch of an epoch may be smaller
   * @param adam optimiser settings
   * @param seed seeds the order of the images in each epoch
   * @param patience stop when the validation loss has not improved for this many epochs (0: never)
   */
  public record Options(int epochs, int batchSize, Adam.Settings adam, long seed, int patience) {
    /**
     * Checks every setting.
     *
     * @param epochs epochs to train in all, at least 1
     * @param batchSize images per minibatch, at least 1
     * @param adam optimiser settings
     * @param seed seed of the image order
     * @param patience epochs without improvement before stopping, 0 for never
     */
    public Options {
      if (epochs < 1) {
        throw new InvalidParameterException("epochs", "must be >= 1, got " + epochs);
      }
      if (batchSize < 1) {
        throw new InvalidParameterException("batchSize", "must be >= 1, got " + batchSize);
      }
      if (patience < 0) {
        throw new InvalidParameterException("patience", "must be >= 0, got " + patience);
      }
    }

    /**
     * The study's settings: 20 epochs of minibatches of 32, Adam with learning rate 1e-3 and
     * PyTorch's other defaults, seed 0, no early stopping.
     *
     * @return the default settings
     */
    public static Options defaults() {
      return new Options(20, 32, Adam.Settings.defaults(1e-3), 0, 0);
    }

    /**
     * These settings with another number of epochs.
     *
     * @param n the epoch count
     * @return the new settings
     */
    public Options withEpochs(int n) {
      return new Options(n, batchSize, adam, seed, patience);
    }

    /**
     * These settings with another minibatch size.
     *
     * @param n the minibatch size
     * @return the new settings
     */
    public Options withBatchSize(int n) {
      return new Options(epochs, n, adam, seed, patience);
    }

    /**
     * These settings with another learning rate (Adam's other settings kept).
     *
     * @param lr the learning rate
     * @return the new settings
     */
    public Options withLr(double lr) {
      return new Options(epochs, batchSize,
          new Adam.Settings(lr, adam.beta1(), adam.beta2(), adam.eps(), adam.weightDecay()), seed, patience);
    }

    /**
     * These settings with other optimiser settings.
     *
     * @param settings Adam's settings
     * @return the new settings
     */
    public Options withAdam(Adam.Settings settings) {
      return new Options(epochs, batchSize, settings, seed, patience);
    }

    /**
     * These settings with another seed for the order of the images.
     *
     * @param s the seed
     * @return the new settings
     */
    public Options withSeed(long s) {
      return new Options(epochs, batchSize, adam, s, patience);
    }

    /**
     * These settings with early stopping after {@code n} epochs without improvement (0: never).
     *
     * @param n the patience, 0 for never
     * @return the new settings
     */
    public Options withPatience(int n) {
      return new Options(epochs, batchSize, adam, seed, n);
    }
  }

  /** Images reconstructed after every epoch to check that the weights still give finite outputs. */
  private static final int PROBE_IMAGES = 4;

  private final Autoencoder model;
  private final Options options;
  private final EpochOrder order;
  private final TrainingListener listener;
  private final Adam adam;
  private final Buffer corrupted = new Buffer();
  private final Buffer probe = new Buffer();
  private InputCorruption corruption;
  private boolean checkpointKept = true;
  private boolean prefetch;

  /**
   * A trainer that shuffles with the options' seed.
   *
   * @param model the model to train
   * @param options the training settings
   * @param listener told of progress
   */
  public Trainer(Autoencoder model, Options options, TrainingListener listener) {
    this(model, options, EpochOrder.shuffled(options.seed()), listener);
  }

  /**
   * A trainer that visits the images in the given order (e.g. one exported from PyTorch).
   *
   * @param model the model to train
   * @param options the training settings
   * @param order the image order of every epoch
   * @param listener told of progress
   */
  public Trainer(Autoencoder model, Options options, EpochOrder order, TrainingListener listener) {
    this.model = model;
    this.options = options;
    this.order = order;
    this.listener = listener;
    this.adam = new Adam(model.parameters(), options.adam());
  }

  /**
   * Trains a denoising autoencoder: each minibatch's inputs are a copy of the clean images that
   * {@code c} corrupts, while the loss compares the reconstruction with the clean images. Null (the
   * default) trains on the clean inputs.
   *
   * @param c the corruption, or null
   * @return this trainer
   */
  public Trainer withInputCorruption(InputCorruption c) {
    this.corruption = c;
    return this;
  }

  /**
   * Says whether the checkpoint file outlives the caller's use of it, so that the message of a
   * {@link TrainingDivergedException} points to it only then. A caller that keeps its checkpoint
   * in a scratch folder it deletes afterwards passes {@code false}. The default is {@code true}.
   *
   * @param kept whether the checkpoint stays where it is after the training
   * @return this trainer
   */
  public Trainer checkpointKept(boolean kept) {
    this.checkpointKept = kept;
    return this;
  }

  /**
   * Reads each training minibatch on a background thread while the one before is trained on, or
   * not (the default). Worth it when the images come from disk (a memory-mapped array, an image
   * folder decoded batch by batch); the weights are the same either way.
   *
   * @param ahead whether to read one batch ahead
   * @return this trainer
   */
  public Trainer withPrefetch(boolean ahead) {
    this.prefetch = ahead;
    return this;
  }

  /**
   * Trains on {@code train}, with no validation set and no checkpoint.
   *
   * @param train the training images
   * @return the training history
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public TrainingResult fit(Tensor train) {
    return fit(train, null);
  }

  /**
   * Trains on {@code train}, measuring {@code validation} (may be null) after each epoch, for early
   * stopping and the history; no checkpoint.
   *
   * @param train the training images
   * @param validation the validation images, or null
   * @return the training history
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public TrainingResult fit(Tensor train, Tensor validation) {
    try {
      return fit(train, validation, null, false);
    } catch (IOException e) {
      throw new UncheckedIOException("no checkpoint is written, yet: " + e.getMessage(), e);
    }
  }

  /**
   * Trains on {@code train}, measuring {@code validation} (may be null) after each epoch.
   *
   * @param train the training images
   * @param validation the validation images, or null
   * @param checkpoint file written after every epoch, or null for none
   * @param resume continue from {@code checkpoint}, which must exist and have been written with the
   *     same settings and data, for at most the options' epochs
   * @return the training history
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   * @throws InvalidParameterException naming {@code epochs} if the checkpoint to resume already has
   *     more epochs than the options ask for
   * @throws IOException if the checkpoint cannot be read or written
   */
  public TrainingResult fit(Tensor train, Tensor validation, Path checkpoint, boolean resume) throws IOException {
    model.requireImages(train, "training images");
    if (validation != null) {
      model.requireImages(validation, "validation images");
    }
    return fit(stream(train), validation == null ? null : stream(validation), checkpoint, resume);
  }

  /**
   * Trains on the images of {@code train}, measuring {@code validation} (may be null) after each
   * epoch; both are read batch by batch and stay open.
   *
   * @param train the training images
   * @param validation the validation images, or null
   * @param checkpoint file written after every epoch, or null for none
   * @param resume continue from {@code checkpoint}, which must exist and have been written with the
   *     same settings and data, for at most the options' epochs
   * @return the training history
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   * @throws InvalidParameterException naming {@code epochs} if the checkpoint to resume already has
   *     more epochs than the options ask for
   * @throws BadInputException if the images are not of the model's size, or a stream finds bad
   *     input as it reads
   * @throws IOException if the images, or the checkpoint, cannot be read or written
   */
  public TrainingResult fit(FaceStream train, FaceStream validation, Path checkpoint, boolean resume)
      throws IOException {
    model.requireImages(train, "training images");
    if (train.size() < 1) {
      throw new BadInputException("no training images");
    }
    if (validation != null) {
      model.requireImages(validation, "validation images");
    }
    try (BatchReader batches = new BatchReader(train, model.imageShape(), prefetch);
        BatchReader validationBatches = validation == null ? null : new BatchReader(validation, model.imageShape(), false)) {
      return run(train, validation, batches, validationBatches, checkpoint, resume);
    }
  }

  /** {@link #fit(FaceStream, FaceStream, Path, boolean)} with the readers of both streams open. */
  private TrainingResult run(
      FaceStream train, FaceStream validation, BatchReader batches, BatchReader validationBatches, Path checkpoint,
      boolean resume) throws IOException {
    Map<String, String> fingerprint = checkpoint == null ? null : fingerprint(train, validation);
    Checkpoint.Progress progress = new Checkpoint.Progress(List.of(), Double.POSITIVE_INFINITY, 0, 0, false);
    if (resume) {
      if (checkpoint == null || !Files.exists(checkpoint)) {
        throw new BadInputException("resume: no checkpoint at " + checkpoint);
      }
      progress = Checkpoint.restore(checkpoint, model, adam, fingerprint);
      int done = progress.history().size();
      if (done > options.epochs()) {
        throw new InvalidParameterException("epochs",
            "is " + options.epochs() + ", but the checkpoint " + checkpoint + " already has " + done
                + " epochs; resuming would replace a longer training with a shorter one: ask for at least "
                + done + " epochs, or start a new training elsewhere");
      }
    }
    List<EpochRecord> history = new ArrayList<>(progress.history());
    double best = progress.bestValidation();
    int bestEpoch = progress.bestEpoch();
    int stale = progress.staleEpochs();
    boolean stopped = progress.stoppedEarly();
    for (int epoch = history.size() + 1; epoch <= options.epochs() && !stopped; epoch++) {
      long start = System.nanoTime();
      double trainLoss = trainEpoch(epoch, batches, train.size(), checkpoint, history.size());
      double seconds = (System.nanoTime() - start) / 1e9;
      requireFiniteWeights(epoch, train, checkpoint, history.size());
      double val = Double.NaN;
      if (validation != null) {
        val = model.meanSquaredErrorUnchecked(validationBatches);
        if (!Double.isFinite(val)) {
          throw diverged("the validation loss is " + val + " after epoch " + epoch, checkpoint, history.size());
        }
        if (val < best) {
          best = val;
          bestEpoch = epoch;
          stale = 0;
        } else {
          stale++;
        }
        stopped = options.patience() > 0 && stale >= options.patience() && epoch < options.epochs();
      }
      EpochRecord record = new EpochRecord(epoch, trainLoss, val, seconds);
      history.add(record);
      if (checkpoint != null) {
        Checkpoint.write(checkpoint, model, adam, new Checkpoint.Progress(history, best, bestEpoch, stale, stopped), fingerprint);
      }
      listener.epochFinished(record);
    }
    return new TrainingResult(history, stopped, bestEpoch);
  }

  /** The images of {@code images} (1 × h × w each, checked) as a stream over the same memory. */
  private static FaceStream stream(Tensor images) {
    return FaceStream.of(FaceSet.unlabelled(images.matrix(), images.shape().height(), images.shape().width()));
  }

  /** One pass over the shuffled images; returns the sample-weighted mean minibatch loss. */
  private double trainEpoch(int epoch, BatchReader batches, int n, Path checkpoint, int epochsDone)
      throws IOException {
    int bs = options.batchSize();
    int[] perm = order.permutation(epoch - 1, n);
    int batchCount = batches.start(perm, bs);
    listener.epochStarted(epoch, batchCount);
    Replicas replicas = model.replicas();
    double[] sumsOfSquares = new double[Replicas.chunksFor(bs)];
    double sum = 0;
    for (int b = 0; b < batchCount; b++) {
      int from = b * bs;
      Tensor xb = batches.next();
      int count = xb.n();
      Tensor inputs = corruptedInputs(epoch, xb, perm, from, count);
      int total = xb.size();
      // Each chunk backpropagates with the whole batch's normalisation, so the summed gradients are
      // those of the mean loss over the batch.
      replicas.runChunks(count, (r, replica, mse, lo, hi) -> {
        Tensor x = xb.samples(lo, hi);
        Tensor y = replica.network().forward(inputs.samples(lo, hi));
        sumsOfSquares[lo / Replicas.CHUNK] = MSELoss.sumOfSquares(y, x);
        replica.network().backward(mse.gradient(y, x, total), false);
        replicas.saveGradients(r, lo / Replicas.CHUNK);
      });
      int chunks = Replicas.chunksFor(count);
      double l = 0;
      for (int c = 0; c < chunks; c++) {
        l += sumsOfSquares[c];
      }
      l /= total;
      if (!Double.isFinite(l)) {
        throw diverged("the loss is " + l + " in epoch " + epoch + ", batch " + (b + 1), checkpoint, epochsDone);
      }
      replicas.sumSavedGradients(chunks);
      adam.step();
      sum += l * count;
      listener.batchFinished(epoch, b + 1, sum / (from + count));
    }
    return sum / n;
  }

  /**
   * Throws {@link #diverged} if a weight is NaN or infinite after {@code epoch}, or if finite weights
   * too large for float arithmetic give a non-finite reconstruction of the first few training images
   * (the last minibatch's loss was measured before the last step).
   */
  private void requireFiniteWeights(int epoch, FaceStream train, Path checkpoint, int epochsDone) throws IOException {
    for (Parameter p : model.parameters()) {
      FloatMatrix v = p.value();
      for (int i = 0, n = v.size(); i < n; i++) {
        if (!Float.isFinite(v.get(i))) {
          throw diverged("weight " + p.name() + " is " + v.get(i) + " after epoch " + epoch, checkpoint, epochsDone);
        }
      }
    }
    Tensor first = probe.tensor(Math.min(PROBE_IMAGES, train.size()), model.imageShape());
    train.read(0, first.matrix());
    double mse = model.meanSquaredErrorUnchecked(first);
    if (!Double.isFinite(mse)) {
      throw diverged("the reconstruction error is " + mse + " after epoch " + epoch, checkpoint, epochsDone);
    }
  }

  /** Training diverged: names the learning rate, and the checkpoint if it is kept. */
  private TrainingDivergedException diverged(String what, Path checkpoint, int epochsDone) {
    return new TrainingDivergedException("lr",
        options.adam().lr() + " is too large: training diverged (" + what + ")"
            + (checkpoint == null || epochsDone == 0 || !checkpointKept
                ? ""
                : "; the checkpoint after epoch " + epochsDone + " is kept in " + checkpoint)
            + "; try a smaller learning rate");
  }

  /** The minibatch's inputs: {@code xb} itself, or a corrupted copy when a corruption is set. */
  private Tensor corruptedInputs(int epoch, Tensor xb, int[] perm, int from, int count) {
    if (corruption == null) {
      return xb;
    }
    Tensor in = corrupted.tensor(count, xb.shape());
    in.buffer().put(in.offset(), xb.buffer(), xb.offset(), xb.size());
    corruption.corrupt(epoch, java.util.Arrays.copyOfRange(perm, from, from + count), in);
    return in;
  }

  /** What a resumed run must share with the run that wrote the checkpoint. */
  private Map<String, String> fingerprint(FaceStream train, FaceStream validation) throws IOException {
    Map<String, String> f = new LinkedHashMap<>(ModelFile.metadata(model));
    f.put("batch_size", Integer.toString(options.batchSize()));
    f.put("lr", Double.toString(options.adam().lr()));
    f.put("betas", options.adam().beta1() + "," + options.adam().beta2());
    f.put("eps", Double.toString(options.adam().eps()));
    f.put("weight_decay", Double.toString(options.adam().weightDecay()));
    f.put("seed", Long.toString(options.seed()));
    f.put("patience", Integer.toString(options.patience()));
    f.put("train_images", train.size() + " checksum " + checksum(train));
    f.put("validation_images", validation == null ? "none" : validation.size() + " checksum " + checksum(validation));
    return f;
  }

  /** A hash of every pixel, in order, read batch by batch. */
  private String checksum(FaceStream images) throws IOException {
    long h = 1125899906842597L;
    try (BatchReader reader = new BatchReader(images, model.imageShape(), false)) {
      for (int b = 0, batches = reader.start(null, Autoencoder.EVAL_BATCH); b < batches; b++) {
        Tensor t = reader.next();
        for (int i = 0, n = t.size(); i < n; i++) {
          h = 31 * h + Float.floatToRawIntBits(t.get(i));
        }
      }
    }
    return Long.toHexString(h);
  }
}
