package io.facerecon.nn;

import java.util.List;

/**
 * The outcome of training.
 *
 * @param history one record per epoch trained, including epochs before a resume
 * @param stoppedEarly whether early stopping ended training before the last epoch
 * @param bestEpoch the epoch with the lowest validation loss (0 without validation)
 */
public record TrainingResult(List<EpochRecord> history, boolean stoppedEarly, int bestEpoch) {
  /**
   * Keeps an unmodifiable copy of the history.
   *
   * @param history one record per epoch trained
   * @param stoppedEarly whether early stopping ended training
   * @param bestEpoch the epoch with the lowest validation loss, 0 without validation
   */
  public TrainingResult {
    history = List.copyOf(history);
  }

  /**
   * Epochs trained.
   *
   * @return the number of epochs in the history
   */
  public int epochs() {
    return history.size();
  }

  /**
   * Training wall time summed over the epochs.
   *
   * @return the summed training seconds
   */
  public double fitSeconds() {
    return history.stream().mapToDouble(EpochRecord::seconds).sum();
  }

  /**
   * The training loss per epoch.
   *
   * @return one training loss per epoch
   */
  public List<Double> lossHistory() {
    return history.stream().map(EpochRecord::trainLoss).toList();
  }

  /**
   * The validation loss per epoch (empty without validation).
   *
   * @return the validation losses measured
   */
  public List<Double> validationHistory() {
    return history.stream()
        .map(EpochRecord::validationLoss)
        .filter(v -> !Double.isNaN(v))
        .toList();
  }
}
