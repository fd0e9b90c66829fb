package io.facerecon.nn;

/** Hears how training goes, e.g. to draw a progress bar. All methods do nothing by default. */
public interface TrainingListener {
  /**
   * Epoch {@code epoch} (from 1) starts; it has {@code batches} minibatches.
   *
   * @param epoch the epoch, from 1
   * @param batches minibatches in the epoch
   */
  default void epochStarted(int epoch, int batches) {}

  /**
   * Minibatch {@code batch} (from 1) of the epoch is done; {@code runningLoss} is the
   * sample-weighted mean loss of the epoch so far.
   *
   * @param epoch the epoch, from 1
   * @param batch the minibatch, from 1
   * @param runningLoss the epoch's mean loss so far
   */
  default void batchFinished(int epoch, int batch, double runningLoss) {}

  /**
   * An epoch is done and checkpointed.
   *
   * @param record the epoch's figures
   */
  default void epochFinished(EpochRecord record) {}

  /** Nothing to hear. */
  TrainingListener NONE = new TrainingListener() {};
}
