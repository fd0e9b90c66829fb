package io.facerecon.shared;

import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.NmfEstimator;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import io.facerecon.nn.Autoencoder;
import io.facerecon.nn.Trainer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How fast facerecon's vector kernels run in a JVM where other code used the Vector API first
 * ({@link OtherVectorCode}: a k-means fit, or every vector size) against a JVM of their own: NMF
 * fits (mu and cd, k 30, 200 iterations) and autoencoder epochs on 1,217 random 62×47 images.
 * {@code bench/shared-jvm} runs it once per case in a fresh JVM, alternating.
 *
 * <p>Arguments: {@code alone}, {@code kmeans} or {@code sizes} (what runs first), then the steps to
 * time, each of {@code mu}, {@code cd} and {@code ae} (one epoch); each step prints its name and
 * seconds.
 */
public final class SharedJvmBench {
  private SharedJvmBench() {}

  /** Runs the case in {@code args}. */
  public static void main(String[] args) {
    if (args.length < 2 || !List.of("alone", "kmeans", "sizes").contains(args[0])) {
      throw new IllegalArgumentException("usage: alone|kmeans|sizes STEP... (mu, cd, ae)");
    }
    SplittableRandom random = new SplittableRandom(1);
    FloatMatrix x = FloatMatrix.zeros(1217, 62 * 47);
    for (int i = 0; i < x.size(); i++) {
      x.set(i, (float) random.nextDouble());
    }
    if (args[0].equals("kmeans")) {
      OtherVectorCode.kMeans();
    } else if (args[0].equals("sizes")) {
      OtherVectorCode.otherSizes();
    }
    Autoencoder ae = Autoencoder.study(62, 47, 0);
    FaceSet faces = FaceSet.unlabelled(x, 62, 47);
    for (int s = 1; s < args.length; s++) {
      long start = System.nanoTime();
      switch (args[s]) {
        case "mu", "cd" -> new NmfEstimator(NmfOptions.defaults(30)
            .withSolver(args[s].equals("mu") ? Solver.MU : Solver.CD)
            .withInit(InitMethod.RANDOM).withMaxIterations(200).withTol(0).withSeed(0)).fitTransform(x);
        case "ae" -> ae.train(faces, Trainer.Options.defaults().withEpochs(1));
        default -> throw new IllegalArgumentException("unknown step " + args[s] + " (mu, cd, ae)");
      }
      System.out.printf("%s %.4f%n", args[s], (System.nanoTime() - start) / 1e9);
    }
  }
}
