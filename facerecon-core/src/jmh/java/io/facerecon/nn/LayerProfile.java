package io.facerecon.nn;

import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.Parallel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Where a training step of the study's autoencoder spends its time: per layer, forward and
 * backward, on random 62×47 images in minibatches of 32 (median over repeats, in ms per batch).
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.facerecon.nn.LayerProfile [threads] [batch]}.
 */
public final class LayerProfile {
  private LayerProfile() {}

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    ExecutionContext.setDefault(ExecutionContext.ofThreads(threads));
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    LongSupplier clock = threads == 1 ? bean::getCurrentThreadCpuTime : System::nanoTime;
    Autoencoder model = Autoencoder.create(Architecture.STUDY, 62, 47, 0, 0);
    Tensor x = Tensor.zeros(batch, model.imageShape());
    SplittableRandom r = new SplittableRandom(0);
    for (int i = 0; i < x.size(); i++) {
      x.set(i, (float) r.nextDouble());
    }
    List<Layer> layers = new ArrayList<>();
    Sequential net = (Sequential) model.network();
    for (Layer part : net.layers()) {
      if (part instanceof Sequential s) {
        layers.addAll(s.layers());
      } else {
        layers.add(part);
      }
    }
    int repeats = 200;
    double[][] fwd = new double[layers.size()][repeats];
    double[][] bwd = new double[layers.size()][repeats];
    double[] loss = new double[repeats];
    double[] step = new double[repeats];
    MSELoss mse = new MSELoss();
    Adam adam = new Adam(model.parameters(), Adam.Settings.defaults(1e-3));
    for (int rep = 0; rep < repeats; rep++) {
      Tensor t = x;
      for (int l = 0; l < layers.size(); l++) {
        long s = clock.getAsLong();
        t = layers.get(l).forward(t);
        fwd[l][rep] = (clock.getAsLong() - s) / 1e6;
      }
      long s = clock.getAsLong();
      mse.forward(t, x);
      Tensor g = mse.backward();
      loss[rep] = (clock.getAsLong() - s) / 1e6;
      for (int l = layers.size() - 1; l >= 0; l--) {
        s = clock.getAsLong();
        g = layers.get(l).backward(g, l > 0);
        bwd[l][rep] = (clock.getAsLong() - s) / 1e6;
      }
      s = clock.getAsLong();
      adam.step();
      step[rep] = (clock.getAsLong() - s) / 1e6;
    }
    double total = 0;
    System.out.printf("threads %d, batch %d, fastest ms (%s) per batch over the last %d repeats (a busy machine only adds time)%n", threads, batch, threads == 1 ? "thread CPU time" : "wall time", repeats / 2);
    System.out.printf("%-70s %9s %9s%n", "layer", "forward", "backward");
    for (int l = 0; l < layers.size(); l++) {
      double f = fastest(fwd[l]);
      double b = fastest(bwd[l]);
      total += f + b;
      System.out.printf("%-70s %9.3f %9.3f%n", layers.get(l), f, b);
    }
    System.out.printf("%-70s %9.3f%n", "MSELoss forward+backward", fastest(loss));
    System.out.printf("%-70s %9.3f%n", "Adam step", fastest(step));
    total += fastest(loss) + fastest(step);
    System.out.printf("%-70s %9.3f  (%.3f s per 1,217-image epoch)%n", "total", total, total * Math.ceil(1217.0 / batch) / 1000);
  }

  private static double fastest(double[] v) {
    double[] tail = Arrays.copyOfRange(v, v.length / 2, v.length);
    Arrays.sort(tail);
    return tail[0];
  }
}
