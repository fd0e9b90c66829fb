package io.facerecon.nn;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Data parallelism inside one process: one copy of the network per thread. Work is cut into
 * chunks of a few samples, and each replica takes the next chunk when it has finished one, with
 * serial kernels and single-threaded BLAS; the first replica is the model itself. Small chunks keep
 * each layer's arrays in the core's cache, and a thread slowed by the rest of the machine does less
 * of the work instead of holding the other one up. What a chunk yields (a loss, an output, its
 * parameter gradients) does not depend on the replica that computed it, and the callers combine
 * the chunks in chunk order, so results do not depend on the number of threads.
 */
final class Replicas {
  /**
   * Images per chunk of training or evaluation. The arrays of four images' layers stay in the
   * core's cache, where those of 16 or 32 images spill out of it.
   */
  static final int CHUNK = 4;

  /** The work of one replica on samples {@code [from, to)}, one chunk. */
  @FunctionalInterface
  interface Task {
    void run(int replica, Autoencoder model, MSELoss loss, int from, int to);
  }

  private final List<Autoencoder> models = new ArrayList<>();
  private final List<MSELoss> losses = new ArrayList<>();
  /** Each replica's parameters, listed once: a model builds its list anew on every call. */
  private final List<List<Parameter>> parameters = new ArrayList<>();
  /** Values in all parameters of one model. */
  private final int parameterValues;
  /** The parameter gradients of each chunk, all parameters in a row ({@link #saveGradients}). */
  private float[][] saved = new float[0][];

  Replicas(Autoencoder master, int count) {
    models.add(master);
    for (int i = 1; i < count; i++) {
      models.add(master.sameShape());
    }
    for (Autoencoder model : models) {
      losses.add(new MSELoss());
      parameters.add(model.parameters());
    }
    parameterValues = parameters.get(0).stream().mapToInt(Parameter::size).sum();
  }

  /** Number of replicas. */
  int count() {
    return models.size();
  }

  /** How many chunks {@code n} samples make. */
  static int chunksFor(int n) {
    return (n + CHUNK - 1) / CHUNK;
  }

  /**
   * Copies the master's weights into the other replicas, then runs {@code task} on the chunks
   * {@code [c·CHUNK, (c+1)·CHUNK)} of {@code n} samples, each replica taking the next chunk when it
   * has finished one, one replica per thread; inside a replica's loop its kernels and products run
   * serially.
   */
  void runChunks(int n, Task task) {
    syncWeights();
    int chunks = chunksFor(n);
    AtomicInteger next = new AtomicInteger();
    Parallel.forRange(
        Math.min(count(), chunks),
        (a, b) -> {
          for (int r = a; r < b; r++) {
            int replica = r;
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
              task.run(replica, models.get(replica), losses.get(replica), c * CHUNK, Math.min(n, (c + 1) * CHUNK));
            }
          }
        });
  }

  /** Keeps the parameter gradients of {@code replica}'s last backward pass as those of chunk {@code chunk}. */
  void saveGradients(int replica, int chunk) {
    float[] into = savedSlot(chunk);
    int at = 0;
    for (Parameter p : parameters.get(replica)) {
      FloatMatrix g = p.grad();
      g.buffer().get(g.offset(), into, at, g.size());
      at += g.size();
    }
  }

  /**
   * Sets the master's parameter gradients to the sum of those saved for chunks 0 … chunks−1, in
   * that order (summed in chunk 0's slot).
   */
  void sumSavedGradients(int chunks) {
    float[] total = saved[0];
    for (int c = 1; c < chunks; c++) {
      float[] add = saved[c];
      for (int k = 0; k < total.length; k++) {
        total[k] += add[k];
      }
    }
    int at = 0;
    for (Parameter p : parameters.get(0)) {
      FloatMatrix g = p.grad();
      g.buffer().put(g.offset(), total, at, g.size());
      at += g.size();
    }
  }

  /** The storage of chunk {@code chunk}'s gradients, made when first needed (other threads fill other slots). */
  private synchronized float[] savedSlot(int chunk) {
    if (chunk >= saved.length) {
      saved = Arrays.copyOf(saved, chunk + 1);
    }
    if (saved[chunk] == null) {
      saved[chunk] = new float[parameterValues];
    }
    return saved[chunk];
  }

  private void syncWeights() {
    List<Parameter> source = parameters.get(0);
    for (int r = 1; r < models.size(); r++) {
      List<Parameter> target = parameters.get(r);
      for (int i = 0; i < source.size(); i++) {
        target.get(i).value().copyFrom(source.get(i).value());
      }
    }
  }
}
