package io.facerecon.nn;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Data parallelism inside one process: one copy of the network per thread, each running a
 * contiguous part of the batch with serial kernels and single-threaded BLAS, and the parameter
 * gradients summed afterwards in replica order. A batch then costs one fork-join instead of dozens
 * (one per kernel), which matters most when the machine is busy; the first replica is the model
 * itself. Results depend on the number of replicas (summation order), not on timing.
 */
final class Replicas {
  /** The work of one replica on samples {@code [from, to)} of the batch. */
  @FunctionalInterface
  interface Task {
    void run(int replica, Autoencoder model, MSELoss loss, int from, int to);
  }

  /** The work of a replica on samples {@code [from, to)}, one chunk of an evaluation. */
  @FunctionalInterface
  interface ChunkTask {
    void run(Autoencoder model, int from, int to);
  }

  private final Autoencoder master;
  private final List<Autoencoder> models = new ArrayList<>();
  private final List<MSELoss> losses = new ArrayList<>();

  Replicas(Autoencoder master, int count) {
    this.master = master;
    models.add(master);
    for (int i = 1; i < count; i++) {
      models.add(Autoencoder.create(master.architecture(), master.height(), master.width(), master.codeSize(), 0));
    }
    for (int i = 0; i < count; i++) {
      losses.add(new MSELoss());
    }
  }

  /** Number of replicas. */
  int count() {
    return models.size();
  }

  /** How many replicas a batch of {@code n} samples uses. */
  int partsFor(int n) {
    return Math.min(count(), n);
  }

  /** First sample of part {@code r} of a batch of {@code n} split into {@code parts}. */
  static int start(int n, int parts, int r) {
    return (int) ((long) n * r / parts);
  }

  /**
   * Copies the master's weights into the other replicas, then runs {@code task} on each part of a
   * batch of {@code n} samples, one replica per thread, each with serial kernels and its products
   * on one OpenBLAS thread ({@link Blas#onOneThread}: OpenBLAS's count then stays put from batch to
   * batch; switching it per batch cost 40 % more CPU time in training here).
   */
  void run(int n, Task task) {
    syncWeights();
    int parts = partsFor(n);
    if (parts <= 1) {
      task.run(0, master, losses.get(0), 0, n);
      return;
    }
    Parallel.forRange(
        parts,
        (a, b) -> {
          for (int r = a; r < b; r++) {
            int rr = r;
            Blas.onOneThread(() -> Loops.serially(
                () -> task.run(rr, models.get(rr), losses.get(rr), start(n, parts, rr), start(n, parts, rr + 1))));
          }
        });
  }

  /**
   * Copies the master's weights into the other replicas, then runs {@code task} on the chunks
   * {@code [c·chunk, (c+1)·chunk)} of {@code n} samples, each replica taking the next chunk when it
   * has finished one: unlike {@link #run}'s fixed halves, a thread slowed by the rest of the
   * machine then does less of the work instead of holding the other one up. For work whose result
   * per chunk does not depend on the replica (an evaluation's forward passes), so the results do not
   * depend on the number of threads either.
   */
  void runChunks(int n, int chunk, ChunkTask task) {
    syncWeights();
    int chunks = (n + chunk - 1) / chunk;
    AtomicInteger next = new AtomicInteger();
    Parallel.forRange(
        partsFor(chunks),
        (a, b) -> {
          for (int r = a; r < b; r++) {
            Autoencoder model = models.get(r);
            Blas.onOneThread(() -> Loops.serially(() -> {
              for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                task.run(model, c * chunk, Math.min(n, (c + 1) * chunk));
              }
            }));
          }
        });
  }

  /** Adds the parameter gradients of replicas 1 … parts−1 into the master's, in that order. */
  void sumGradients(int parts) {
    List<Parameter> target = master.parameters();
    for (int r = 1; r < parts; r++) {
      List<Parameter> source = models.get(r).parameters();
      for (int i = 0; i < target.size(); i++) {
        FloatMatrix g = target.get(i).grad();
        FloatMatrix s = source.get(i).grad();
        for (int k = 0, size = g.size(); k < size; k++) {
          g.set(k, g.get(k) + s.get(k));
        }
      }
    }
  }

  private void syncWeights() {
    List<Parameter> source = master.parameters();
    for (int r = 1; r < models.size(); r++) {
      List<Parameter> target = models.get(r).parameters();
      for (int i = 0; i < source.size(); i++) {
        target.get(i).value().copyFrom(source.get(i).value());
      }
    }
  }
}
