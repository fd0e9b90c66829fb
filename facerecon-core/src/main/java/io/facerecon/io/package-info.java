/**
 * File formats and file writing shared by the library: NumPy's {@code .npy}, safetensors, and
 * atomic replacement of files, plus the exceptions that report bad input and bad parameters.
 *
 * <p>Entry points: {@link io.facerecon.io.Npy} (read and write arrays NumPy opens),
 * {@link io.facerecon.io.SafeTensors} (tensors PyTorch opens), {@link io.facerecon.io.AtomicFiles}
 * (a reader sees the old file or the complete new one), {@link io.facerecon.io.BadInputException}
 * and {@link io.facerecon.io.InvalidParameterException}.
 *
 * <p>Layering: this package uses {@code linalg} only.
 */
package io.facerecon.io;
