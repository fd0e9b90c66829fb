package io.facerecon.nn;

/**
 * Corrupts a training minibatch's inputs while the targets stay clean: a denoising autoencoder
 * (Vincent et al. 2008) learns to map corrupted faces to clean ones.
 */
@FunctionalInterface
public interface InputCorruption {
  /**
   * Corrupts {@code inputs} in place: a copy of the clean minibatch.
   *
   * @param epoch the epoch, from 1, so that the corruption can be drawn afresh every epoch
   * @param images the training images' indices, one per sample of {@code inputs}
   * @param inputs the minibatch's inputs (N × C × H × W), to be modified
   */
  void corrupt(int epoch, int[] images, Tensor inputs);
}
