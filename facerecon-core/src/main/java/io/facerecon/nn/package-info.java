/**
 * A small neural-network library for convolutional autoencoders, whose layers, initialisation,
 * loss and optimiser compute what their PyTorch namesakes compute, so that weights move freely
 * between the two.
 *
 * <p>Entry points: {@link io.facerecon.nn.Autoencoder} (built for an
 * {@link io.facerecon.nn.Architecture} and an image size), {@link io.facerecon.nn.Trainer}
 * (minibatch training with {@link io.facerecon.nn.Adam}, early stopping and resumable
 * checkpoints), {@link io.facerecon.nn.ModelFile} (safetensors model files PyTorch loads), and the
 * {@link io.facerecon.nn.Layer}s and {@link io.facerecon.nn.Tensor} they are built from.
 *
 * <p>Layering: this package uses {@code linalg}, {@code io} and {@code data}; it does not know
 * {@code nmf}, nor {@code nmf} it.
 */
package io.facerecon.nn;
