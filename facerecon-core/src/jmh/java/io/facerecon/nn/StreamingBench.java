package io.facerecon.nn;

import io.facerecon.data.FaceStream;
import io.facerecon.io.NpyWriter;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Trains the study's autoencoder on a data set larger than the JVM's heap, streamed from a
 * memory-mapped {@code .npy} file, and prints the time per epoch and the peak memory: the case
 * {@code bench/scale} runs to show that training on more faces than memory holds works and what
 * it costs.
 *
 * <p>It writes a synthetic float32 {@code .npy} of N faces of H×W (smooth seeded blobs in [0, 1],
 * written a block of rows at a time so that writing it needs no more memory than training), by
 * default N such that the file is {@code --factor} times the JVM's maximum heap ({@code -Xmx}),
 * then trains {@code --epochs} epochs on it ({@link FaceStream#ofNpy}, batches read one ahead on a
 * background thread) and deletes it. A sampler thread reads the process's memory every 20 ms.
 *
 * <p>Usage (classpath as {@code bench/ae} builds it: test classes, classes and dependencies of
 * facerecon-core):
 *
 * <pre>{@code
 * java -Xmx1g --add-modules jdk.incubator.vector -cp "$CP" io.facerecon.nn.StreamingBench \
 *     [--dir DIR] [--factor 3] [--size 218x178] [--images N] [--batch 32] [--epochs 1] [--threads 2] [--keep]
 * }</pre>
 *
 * <ul>
 *   <li>{@code --dir}: where the file is written (default: a new folder in {@code java.io.tmpdir});
 *   <li>{@code --factor}: file size over the maximum heap (default 3), unless {@code --images}
 *       gives N;
 *   <li>{@code --size}: face height x width (default 218x178, CelebA's);
 *   <li>{@code --keep}: keep the file (and reuse it when it is already there with this size).
 * </ul>
 *
 * <p>Prints progress on standard error and, last, one JSON line on standard output: {@code images},
 * {@code height}, {@code width}, {@code file_bytes}, {@code max_heap_bytes}, {@code epochs}, {@code
 * s_per_epoch} (the median), {@code epoch_s} (each), {@code loss} (last epoch), {@code write_s},
 * {@code peak_heap_bytes} (heap in use, sampled), {@code peak_direct_bytes} (direct buffers),
 * {@code peak_rss_bytes} (the kernel's high-water mark of the resident set, {@code VmHWM}), {@code
 * peak_rss_anon_bytes} (anonymous resident memory: heap, direct buffers, native; sampled) and
 * {@code peak_rss_file_bytes} (file pages mapped in, the array's pages among them, which the
 * kernel drops again under memory pressure; sampled), {@code threads}, {@code batch}.
 */
public final class StreamingBench {
  private StreamingBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args the options above
   * @throws Exception if writing or training fails
   */
  public static void main(String[] args) throws Exception {
    Path dir = null;
    double factor = 3;
    int height = 218;
    int width = 178;
    long images = -1;
    int batch = 32;
    int epochs = 1;
    int threads = 2;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[++i]);
        case "--factor" -> factor = Double.parseDouble(args[++i]);
        case "--size" -> {
          String[] hw = args[++i].split("x");
          height = Integer.parseInt(hw[0]);
          width = Integer.parseInt(hw[1]);
        }
        case "--images" -> images = Long.parseLong(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--keep" -> keep = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class's Javadoc");
      }
    }
    ExecutionContext.setDefault(ExecutionContext.ofThreads(threads));
    long maxHeap = Runtime.getRuntime().maxMemory();
    long imageBytes = (long) height * width * Float.BYTES;
    int n = Math.toIntExact(images > 0 ? images : (long) Math.ceil(factor * maxHeap / imageBytes));
    boolean madeDir = dir == null;
    if (dir == null) {
      dir = Files.createTempDirectory("facerecon-streaming-bench");
    }
    Path file = dir.resolve("faces-" + n + "x" + height + "x" + width + ".npy");

    MemorySampler sampler = new MemorySampler();
    sampler.start();
    double writeSeconds = 0;
    if (!Files.exists(file)) {
      System.err.printf(Locale.ROOT, "writing %,d faces of %dx%d (%.2f GB, %.1f x the %.2f GB heap) to %s%n",
          n, height, width, n * (double) imageBytes / 1e9, n * (double) imageBytes / maxHeap, maxHeap / 1e9, file);
      long start = System.nanoTime();
      writeFaces(file, n, height, width);
      writeSeconds = (System.nanoTime() - start) / 1e9;
    }
    List<Double> epochSeconds = new ArrayList<>();
    TrainingResult result;
    try (FaceStream faces = FaceStream.ofNpy(file)) {
      Autoencoder model = Autoencoder.study(height, width, 0);
      TrainingListener progress = new TrainingListener() {
        @Override
        public void epochFinished(EpochRecord r) {
          epochSeconds.add(r.seconds());
          System.err.printf(Locale.ROOT, "epoch %d: %.2f s, loss %.6f%n", r.epoch(), r.seconds(), r.trainLoss());
        }
      };
      Trainer.Options options = new Trainer.Options(epochs, batch, Adam.Settings.defaults(1e-3), 0, 0);
      result = new Trainer(model, options, progress).withPrefetch(true).fit(faces, null, null, false);
    } finally {
      sampler.stop();
      if (!keep) {
        Files.deleteIfExists(file);
        if (madeDir) {
          Files.deleteIfExists(dir);
        }
      }
    }
    List<Double> sorted = epochSeconds.stream().sorted().toList();
    System.out.println(String.format(Locale.ROOT,
        "{\"impl\": \"facerecon-stream\", \"images\": %d, \"height\": %d, \"width\": %d, \"file_bytes\": %d, "
            + "\"max_heap_bytes\": %d, \"epochs\": %d, \"s_per_epoch\": %.4f, \"epoch_s\": [%s], \"loss\": %.7f, "
            + "\"write_s\": %.3f, \"peak_heap_bytes\": %d, \"peak_direct_bytes\": %d, \"peak_rss_bytes\": %d, "
            + "\"peak_rss_anon_bytes\": %d, \"peak_rss_file_bytes\": %d, \"threads\": %d, \"batch\": %d}",
        n, height, width, n * imageBytes, maxHeap, result.epochs(), sorted.get(sorted.size() / 2),
        epochSeconds.stream().map(s -> String.format(Locale.ROOT, "%.4f", s)).collect(Collectors.joining(", ")),
        result.lossHistory().get(result.epochs() - 1), writeSeconds, sampler.peakHeap, sampler.peakDirect,
        status("VmHWM"), sampler.peakAnon, sampler.peakFile, Parallel.threads(), batch));
  }

  /** Smooth seeded blobs in [0, 1], written a block of rows at a time. */
  private static void writeFaces(Path file, int n, int height, int width) throws IOException {
    int block = Math.max(1, Math.min(n, (1 << 22) / (height * width)));
    FloatMatrix rows = FloatMatrix.zeros(block, height * width);
    SplittableRandom random = new SplittableRandom(0);
    try (NpyWriter writer = NpyWriter.float32(file, n, height, width)) {
      for (int first = 0; first < n; first += block) {
        int count = Math.min(block, n - first);
        for (int i = 0; i < count; i++) {
          double cy = random.nextDouble(0.3, 0.7) * height;
          double cx = random.nextDouble(0.3, 0.7) * width;
          double s = random.nextDouble(0.15, 0.35) * Math.min(height, width);
          for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
              double d = ((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (s * s);
              rows.set(i * height * width + y * width + x, (float) Math.exp(-d));
            }
          }
        }
        writer.write(rows.rowRange(0, count));
      }
      writer.commit();
    }
  }

  /** A line of {@code /proc/self/status} in bytes (0 where there is none, e.g. off Linux). */
  private static long status(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no figure.
    }
    return 0;
  }

  /** Samples heap, direct buffers and resident memory every 20 ms, keeping the peaks. */
  private static final class MemorySampler implements Runnable {
    private final Thread thread = new Thread(this, "memory-sampler");
    private volatile boolean running = true;
    long peakHeap;
    long peakDirect;
    long peakAnon;
    long peakFile;

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
      sample();
    }

    @Override
    public void run() {
      while (running) {
        sample();
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void sample() {
      peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
        if (pool.getName().equals("direct")) {
          peakDirect = Math.max(peakDirect, pool.getMemoryUsed());
        }
      }
      peakAnon = Math.max(peakAnon, status("RssAnon"));
      peakFile = Math.max(peakFile, status("RssFile"));
    }
  }
}
