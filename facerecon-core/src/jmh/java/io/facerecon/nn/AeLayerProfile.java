package io.facerecon.nn;

import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Per-layer cost of training the study's autoencoder: one thread runs epochs over 1,217 random
 * 62×47 images in chunks of 4 (as {@link Trainer} hands them to its replicas), timing each
 * layer's forward and backward, the loss gradient and Adam (once per 32 images), and prints CPU
 * milliseconds per epoch with the GFLOP/s of the convolutions. Two replicas split this work, so an
 * epoch on 2 threads costs about half the total.
 *
 * <p>Arguments: {@code [EPOCHS] [PEAK_GFLOPS]} (default 10 timed epochs after 3 warm-up epochs; the
 * last columns are shares of PEAK_GFLOPS, by default the rate of a square 2000×2000 SGEMM on this
 * one thread, measured first); {@code -Dbatch=N} sets the images per chunk.
 */
public final class AeLayerProfile {
  private static final int IMAGES = 1217;
  private static final int BATCH = Integer.getInteger("batch", 4);
  private static final int ADAM_EVERY = 32;

  private AeLayerProfile() {}

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    ExecutionContext.serial().run(() -> run(epochs, args.length > 1 ? Double.parseDouble(args[1]) : squareSgemmRate()));
  }

  /** GFLOP/s of the best of three 2000×2000 SGEMMs on the calling thread, after one untimed. */
  private static double squareSgemmRate() {
    int n = 2000;
    FloatMatrix a = FloatMatrix.zeros(n, n);
    FloatMatrix c = FloatMatrix.zeros(n, n);
    for (int i = 0; i < a.size(); i++) {
      a.set(i, (i % 97) / 97f);
    }
    long best = Long.MAX_VALUE;
    for (int r = 0; r < 4; r++) {
      long t = System.nanoTime();
      Blas.gemm(false, false, 1f, a, a, 0f, c);
      if (r > 0) {
        best = Math.min(best, System.nanoTime() - t);
      }
    }
    double rate = 2.0 * n * n * n / best;
    System.out.println(String.format(Locale.ROOT, "square SGEMM %d³ on this thread: %.1f GFLOP/s (the %%pk columns' peak)", n, rate));
    return rate;
  }

  private static void run(int epochs, double peak) {
    Autoencoder model = Autoencoder.create(Architecture.STUDY, 62, 47, 0, 0);
    List<Layer> layers = new ArrayList<>();
    flatten(model.network(), layers);
    Tensor images = Tensor.zeros(IMAGES, model.imageShape());
    SplittableRandom random = new SplittableRandom(0);
    for (int i = 0; i < images.size(); i++) {
      images.set(i, (float) random.nextDouble());
    }
    Adam adam = new Adam(model.parameters(), Adam.Settings.defaults(1e-3));
    MSELoss loss = new MSELoss();
    // Thread CPU time rather than wall time, so that other processes on the machine disturb less.
    ThreadMXBean clock = ManagementFactory.getThreadMXBean();
    int count = layers.size();
    long[] forward = new long[count];
    long[] backward = new long[count];
    long[] other = new long[2]; // loss, Adam
    int adamSteps = 0;
    for (int e = -3; e < epochs; e++) {
      boolean timed = e >= 0;
      for (int from = 0; from < IMAGES; from += BATCH) {
        Tensor x = images.samples(from, Math.min(IMAGES, from + BATCH));
        Tensor y = x;
        for (int l = 0; l < count; l++) {
          long t = clock.getCurrentThreadCpuTime();
          y = layers.get(l).forward(y);
          if (timed) {
            forward[l] += clock.getCurrentThreadCpuTime() - t;
          }
        }
        long t = clock.getCurrentThreadCpuTime();
        MSELoss.sumOfSquares(y, x);
        Tensor g = loss.gradient(y, x, x.size());
        if (timed) {
          other[0] += clock.getCurrentThreadCpuTime() - t;
        }
        for (int l = count - 1; l >= 0; l--) {
          t = clock.getCurrentThreadCpuTime();
          g = layers.get(l).backward(g, l > 0);
          if (timed) {
            backward[l] += clock.getCurrentThreadCpuTime() - t;
          }
        }
        // One Adam step per minibatch of 32 images.
        if ((from + BATCH) % ADAM_EVERY == 0 || from + BATCH >= IMAGES) {
          t = clock.getCurrentThreadCpuTime();
          adam.step();
          if (timed) {
            other[1] += clock.getCurrentThreadCpuTime() - t;
            adamSteps++;
          }
        }
      }
    }
    Shape shape = model.imageShape();
    double total = 0;
    System.out.println("one thread, CPU ms per epoch of " + IMAGES + " images (chunks of " + BATCH + ")");
    System.out.println(String.format(Locale.ROOT, "%-40s %9s %9s %8s %8s %7s %7s",
        "layer", "fwd ms", "bwd ms", "fwd GF/s", "bwd GF/s", "fwd %pk", "bwd %pk"));
    for (int l = 0; l < count; l++) {
      Layer layer = layers.get(l);
      double macs = macsPerImage(layer, shape);
      double f = forward[l] / 1e6 / epochs;
      double b = backward[l] / 1e6 / epochs;
      total += f + b;
      // Backward does the weight-gradient product and, except for the first layer, the input gradient.
      double bwdFlops = 2 * macs * (l > 0 ? 2 : 1) * IMAGES;
      double fwdFlops = 2 * macs * IMAGES;
      if (macs > 0) {
        System.out.println(String.format(Locale.ROOT, "%-40s %9.2f %9.2f %8.1f %8.1f %6.0f%% %6.0f%%",
            name(layer), f, b, fwdFlops / f / 1e6, bwdFlops / b / 1e6,
            100 * fwdFlops / f / 1e6 / peak, 100 * bwdFlops / b / 1e6 / peak));
      } else {
        System.out.println(String.format(Locale.ROOT, "%-40s %9.2f %9.2f", name(layer), f, b));
      }
      shape = layer.outputShape(shape);
    }
    double lossMs = other[0] / 1e6 / epochs;
    double adamMs = other[1] / 1e6 / epochs;
    total += lossMs + adamMs;
    System.out.println(String.format(Locale.ROOT, "%-40s %9.2f", "MSE loss and gradient", lossMs));
    System.out.println(String.format(Locale.ROOT, "%-40s %9.2f", "Adam (" + adamSteps / epochs + " steps)", adamMs));
    System.out.println(String.format(Locale.ROOT, "%-40s %9.2f  (≈ %.1f ms per epoch on 2 replicas)",
        "total", total, total / 2));
  }

  private static String name(Layer layer) {
    String s = layer.toString();
    int cut = s.indexOf(", kernel_size");
    return cut < 0 ? s : s.substring(0, cut) + ")" + (s.endsWith("relu") ? " relu" : s.endsWith("sigmoid") ? " sigmoid" : "");
  }

  /** Multiply-adds of one image's forward pass through a convolution (0 for other layers). */
  private static double macsPerImage(Layer layer, Shape input) {
    Shape out = layer.outputShape(input);
    if (layer instanceof Conv2d) {
      return (double) out.size() * input.channels() * 9;
    }
    if (layer instanceof ConvTranspose2d) {
      return (double) input.size() * out.channels() * 9;
    }
    return 0;
  }

  private static void flatten(Layer layer, List<Layer> into) {
    if (layer instanceof Sequential s) {
      for (Layer child : s.layers()) {
        flatten(child, into);
      }
    } else {
      into.add(layer);
    }
  }
}
