/**
 * File formats and file access shared by the library: NumPy's {@code .npy}, safetensors, atomic
 * replacement of files and checked reading of input, plus the exceptions that report bad input and
 * bad parameters.
 *
 * <p>Entry points: {@link io.facerecon.io.Npy} (read and write arrays NumPy opens),
 * {@link io.facerecon.io.SafeTensors} (tensors PyTorch opens), {@link io.facerecon.io.AtomicFiles}
 * (a reader sees the old file or the complete new one), {@link io.facerecon.io.InputFiles} (the one
 * door for reading input: regular files only, bounded reads), {@link io.facerecon.io.InputLimits}
 * (the pixel and model-size budgets), {@link io.facerecon.io.BadInputException} and {@link
 * io.facerecon.io.InvalidParameterException}.
 *
 * <p>Layering: this package uses {@code linalg} only.
 */
package io.facerecon.io;
