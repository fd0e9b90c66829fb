package io.facerecon.nn;

import io.facerecon.data.FaceStream;
import io.facerecon.linalg.ExecutionContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The minibatches of one pass over a {@link FaceStream}: images taken in a given order (an epoch's
 * shuffle, or the stream's own order), {@code batchSize} at a time, the last batch smaller, each
 * read into one of two buffers reused from pass to pass. With prefetch, batch b + 1 is read on a
 * background thread while the caller works on batch b; the pixels are the same either way, so
 * prefetching changes the time a pass takes, never its numbers. The background thread reads
 * serially, leaving the execution context's threads to the caller.
 */
final class BatchReader implements AutoCloseable {
  private final FaceStream faces;
  private final Shape shape;
  private final Buffer[] buffers = {new Buffer(), new Buffer()};
  private final ExecutorService background;
  private int[] order;
  private int batchSize;
  private int batches;
  /** The batch the next call of {@link #next} returns. */
  private int nextBatch;
  /** The read of batch {@link #nextBatch} under way in the background, or null. */
  private Future<Tensor> pending;

  /**
   * A reader of {@code faces}, whose images are of {@code shape}.
   *
   * @param prefetch read each batch ahead on a background thread
   */
  BatchReader(FaceStream faces, Shape shape, boolean prefetch) {
    this.faces = faces;
    this.shape = shape;
    this.background = prefetch
        ? Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "facerecon-prefetch");
          t.setDaemon(true);
          return t;
        })
        : null;
  }

  /**
   * Starts a pass over all images.
   *
   * @param imageOrder the images in the order they are visited, or null for the stream's order
   * @param size images per batch
   * @return the number of batches
   */
  int start(int[] imageOrder, int size) {
    finishPending();
    order = imageOrder;
    batchSize = size;
    batches = (faces.size() + size - 1) / size;
    nextBatch = 0;
    return batches;
  }

  /**
   * The next batch of the pass, valid until the next call.
   *
   * @return the images, one per sample
   * @throws IOException if the stream cannot read them
   */
  Tensor next() throws IOException {
    if (nextBatch >= batches) {
      throw new IllegalStateException("the pass has " + batches + " batches");
    }
    int b = nextBatch++;
    Tensor batch = pending != null ? await() : read(b);
    if (background != null && nextBatch < batches) {
      int ahead = nextBatch;
      ExecutionContext serial = ExecutionContext.serial();
      pending = background.submit(() -> serial.call(() -> {
        try {
          return read(ahead);
        } catch (IOException e) {
          throw new Prefetch(e);
        }
      }));
    }
    return batch;
  }

  /** Reads batch {@code b} into the buffer of its parity. */
  private Tensor read(int b) throws IOException {
    int from = b * batchSize;
    int count = Math.min(batchSize, faces.size() - from);
    Tensor t = buffers[b % 2].tensor(count, shape);
    if (order == null) {
      faces.read(from, t.matrix());
    } else {
      faces.read(Arrays.copyOfRange(order, from, from + count), t.matrix());
    }
    return t;
  }

  private Tensor await() throws IOException {
    Future<Tensor> f = pending;
    pending = null;
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the next batch");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Prefetch) {
        throw ((Prefetch) cause).io;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Waits for a read left under way by a pass that stopped early; its outcome no longer matters. */
  private void finishPending() {
    if (pending != null) {
      try {
        await();
      } catch (IOException | RuntimeException e) {
        // The pass it belonged to has ended; the next pass reads afresh.
      }
    }
  }

  /** Stops the background thread. */
  @Override
  public void close() {
    finishPending();
    if (background != null) {
      background.shutdownNow();
    }
  }

  /** An IOException of the background read, carried through the executor. */
  private static final class Prefetch extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient IOException io;

    Prefetch(IOException io) {
      super(io);
      this.io = io;
    }
  }
}
