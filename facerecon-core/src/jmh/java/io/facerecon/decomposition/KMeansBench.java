package io.facerecon.decomposition;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import io.facerecon.io.Npy;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.FloatMatrix;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Java side of {@code bench/kmeans}.
 *
 * <ul>
 *   <li>{@code export LFW_DIR MIN_FACES OUT.npy}: loads the faces as the library does and writes
 *       them (N × h × w float32), so that both sides cluster the same matrix;
 *   <li>{@code fit FACES.npy K N_INIT MAX_ITER TOL THREADS}: one k-means fit (seed 0), printing
 *       one JSON line: fit seconds (wall and process CPU), inertia, iterations. Untimed before it, as facerecon's
 *       commands do while they read images, the JIT compiles the SIMD kernels ({@link
 *       io.facerecon.linalg.Blas#warmUp}), and a fit of 3 steps on the first 512 faces compiles
 *       k-means' own.
 * </ul>
 */
public final class KMeansBench {
  private KMeansBench() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("export")) {
      FaceSet faces = FaceSetLoader.load(Path.of(args[1]), LoadOptions.defaults().withMinFaces(Integer.parseInt(args[2])));
      Npy.write(Path.of(args[3]), faces.pixels(), faces.size(), faces.height(), faces.width());
      return;
    }
    Npy.Array array = Npy.read(Path.of(args[1]));
    int n = array.shape()[0];
    FloatMatrix x = array.values().reshape(n, array.values().size() / n);
    KMeansOptions options = KMeansOptions.defaults(Integer.parseInt(args[2]))
        .withNInit(Integer.parseInt(args[3])).withMaxIterations(Integer.parseInt(args[4]))
        .withTol(Double.parseDouble(args[5]));
    ExecutionContext.setDefault(ExecutionContext.ofThreads(Integer.parseInt(args[6])));
    Blas.warmUp();
    new KMeans(options.withMaxIterations(3)).fit(x.rowRange(0, Math.min(n, 512)));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    KMeansFit fit = new KMeans(options).fit(x);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
    System.out.printf(Locale.ROOT,
        "{\"seconds\": %.4f, \"cpu_seconds\": %.4f, \"inertia\": %.4f, \"n_iter\": %d, \"images\": %d}%n",
        seconds, cpuSeconds, fit.inertia(), fit.iterations(), n);
  }
}
