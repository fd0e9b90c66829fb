package io.facerecon.nn;

/**
 * What one epoch did.
 *
 * @param epoch the epoch, from 1
 * @param trainLoss the sample-weighted mean of the minibatch losses during the epoch (as PyTorch
 *     scripts usually report it: {@code Σ loss·len(batch) / N})
 * @param validationLoss MSE on the validation set after the epoch, NaN without one
 * @param seconds wall time of the epoch's training (not validation)
 */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, double seconds) {}
