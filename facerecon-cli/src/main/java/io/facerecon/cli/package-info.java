/**
 * The {@code facerecon} command line: one sub-command per task (inspect a data set, fetch LFW,
 * fit NMF, train an autoencoder, reconstruct images with a saved model, run the whole comparison).
 * Flags live here; they are turned into the library's parameters, and a parameter the library
 * refuses is reported under the flag that set it.
 *
 * <p>Entry points: {@link io.facerecon.cli.Main} (the command and its exit codes), with the shared
 * option groups {@link io.facerecon.cli.DataOptions} and {@link io.facerecon.cli.LoaderOptions}.
 *
 * <p>Layering: the top of the stack; it may use every package of facerecon-core and
 * {@code report}.
 */
package io.facerecon.cli;
