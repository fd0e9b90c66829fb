package io.facerecon.nn;

import io.facerecon.linalg.ExecutionContext;
import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import io.facerecon.linalg.Parallel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The Java side of {@code bench/ae} and {@code bench/scale}: trains the study's autoencoder on the
 * LFW faces of persons with at least 75 images, or on the faces of an .npy, exactly as {@code
 * facerecon ae} does, then times an evaluation forward
 * pass over all images (5 untimed warm-up passes, then the median of 7: the JIT compiles the
 * evaluation path during the first few) into one output tensor made before them
 * ({@link Autoencoder#reconstruct(Tensor, Tensor)}): a new 14 MB off-heap tensor took 7 to 58 ms
 * here, faulting in memory never touched before, as long as the pass itself. Prints one JSON line
 * with wall and process CPU times, the median of the second half of the epochs, and the
 * resident-memory high-water mark after training. As
 * {@code facerecon ae}, it lets the JIT compile the kernels while the images load ({@link
 * Autoencoder#warmUp}).
 *
 * <p>Arguments: {@code DATA EPOCHS [THREADS [BATCH_SIZE [UNTIMED_PASSES TIMED_PASSES]]]}, DATA an LFW
 * folder or an N×h×w .npy (all of its faces); defaults 2 threads, batch 32, 5 and 7 passes.
 */
public final class AeBench {
  private AeBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int epochs = Integer.parseInt(args[1]);
    ExecutionContext.setDefault(ExecutionContext.ofThreads(args.length > 2 ? Integer.parseInt(args[2]) : 2));
    int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    int untimed = args.length > 5 ? Integer.parseInt(args[4]) : 5;
    int timed = args.length > 5 ? Integer.parseInt(args[5]) : 7;
    CompletableFuture<Double> warmUp = CompletableFuture.supplyAsync(Autoencoder::warmUp);
    long loadStart = System.nanoTime();
    boolean npy = root.toString().endsWith(".npy");
    FaceSet faces = FaceSetLoader.load(root, npy ? LoadOptions.defaults() : LoadOptions.defaults().withMinFaces(75));
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
    double warmUpSeconds = warmUp.join();
    Tensor images = Tensor.wrap(faces.pixels(), new Shape(1, faces.height(), faces.width()));
    Autoencoder model = Autoencoder.create(Architecture.STUDY, faces.height(), faces.width(), 0, 0);
    Trainer.Options options = new Trainer.Options(epochs, batchSize, Adam.Settings.defaults(1e-3), 0, 0);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    TrainingResult result = new Trainer(model, options, TrainingListener.NONE).fit(images, null, null, false);
    double trainCpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    double trainPeakMb = peakResidentMb();
    double mse = model.meanSquaredError(images);

    Autoencoder fresh = Autoencoder.create(Architecture.STUDY, faces.height(), faces.width(), 0, 0);
    Tensor out = Tensor.zeros(images.n(), images.shape());
    for (int i = 0; i < untimed; i++) {
      fresh.reconstruct(images, out);
    }
    double[] times = new double[timed];
    double[] cpu = new double[timed];
    for (int i = 0; i < times.length; i++) {
      long s = System.nanoTime();
      long c = os.getProcessCpuTime();
      fresh.reconstruct(images, out);
      times[i] = (System.nanoTime() - s) / 1e9;
      cpu[i] = (os.getProcessCpuTime() - c) / 1e9;
    }
    Arrays.sort(times);
    Arrays.sort(cpu);
    System.out.println(String.format(Locale.ROOT,
        "{\"impl\": \"facerecon\", \"images\": %d, \"epochs\": %d, \"train_s\": %.4f, \"s_per_epoch\": %.5f, "
            + "\"recon_mse_train_eval\": %.7f, \"forward_s\": %.5f, \"cpu_s_per_epoch\": %.5f, "
            + "\"forward_cpu_s\": %.5f, \"threads\": %d, \"warm_up_s\": %.3f, \"load_s\": %.3f, "
            + "\"batch_size\": %d, \"train_peak_mb\": %.1f, \"steady_s_per_epoch\": %s}",
        images.n(), result.epochs(), result.fitSeconds(), result.fitSeconds() / result.epochs(), mse,
        times[timed / 2], trainCpu / result.epochs(), cpu[timed / 2], Parallel.threads(), warmUpSeconds,
        loadSeconds, batchSize, trainPeakMb, steadySecondsPerEpoch(result)));
  }

  /**
   * The median of the second half of the epochs, as JSON (null after one epoch): the rate a longer
   * training settles at, once the JIT has compiled what the first epochs run.
   */
  private static String steadySecondsPerEpoch(TrainingResult result) {
    int epochs = result.epochs();
    if (epochs < 2) {
      return "null";
    }
    double[] later = result.history().stream().skip(epochs / 2).mapToDouble(EpochRecord::seconds).sorted().toArray();
    double median = later.length % 2 == 1
        ? later[later.length / 2] : (later[later.length / 2 - 1] + later[later.length / 2]) / 2;
    return String.format(Locale.ROOT, "%.5f", median);
  }

  /** The process's resident-memory high-water mark in MB (Linux's VmHWM; NaN elsewhere). */
  private static double peakResidentMb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (Files.exists(status)) {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    }
    return Double.NaN;
  }
}
