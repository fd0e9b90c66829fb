package io.facerecon.cli;

import io.facerecon.data.FaceSet;
import io.facerecon.decomposition.KMeans;
import io.facerecon.decomposition.KMeansFit;
import io.facerecon.decomposition.KMeansModel;
import io.facerecon.decomposition.KMeansOptions;
import io.facerecon.linalg.Parallel;
import io.facerecon.report.OutputDirectory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facerecon kmeans}: vector quantisation of faces, as scikit-learn's KMeans. */
@Command(
    name = "kmeans",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Vector quantisation of faces by k-means, as scikit-learn's KMeans (Lloyd): k prototype faces; a",
      "face's code is a 1 at its nearest centre, its reconstruction that centre.",
      "Writes results.json (inertia, n_iter, cluster sizes, relative_error), basis.png (the centres),",
      "reconstructions.png, components.npy (the centres, k x pixels), codes.npy (images x k, one-hot)",
      "and model.safetensors (for 'facerecon reconstruct') into --out, new or empty."
    })
final class KMeansCommand implements Callable<Integer>, ParameterFlags {
  @Mixin DataOptions data;

  @Option(names = "--k", defaultValue = "30", paramLabel = "K", description = "Clusters, n_clusters (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--init", defaultValue = "k-means++", paramLabel = "k-means++|random",
      description = "How the centres start (default: ${DEFAULT-VALUE}).")
  String init;

  @Option(names = "--n-init", defaultValue = "10", paramLabel = "N",
      description = "Runs from different starts; the lowest inertia is kept (default: ${DEFAULT-VALUE}, scikit-learn 1.2's).")
  int nInit;

  @Option(names = "--max-iter", defaultValue = "300", paramLabel = "N", description = "Iterations per run (default: ${DEFAULT-VALUE}).")
  int maxIter;

  @Option(names = "--tol", defaultValue = "1e-4", paramLabel = "TOL",
      description = "Relative tolerance on the centres' movement, scaled by the data's mean variance as"
          + " scikit-learn scales it; 0 stops when the labels stop changing (default: ${DEFAULT-VALUE}).")
  double tol;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "random_state of the starts, as NumPy's (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin ThreadOptions threads;

  @Mixin OutputFolder out;

  @Override
  public Integer call() throws Exception {
    threads.apply();
    KMeansOptions options = KMeansOptions.defaults(k)
        .withInit(DecompositionNames.kMeansInit("--init", init))
        .withNInit(nInit)
        .withMaxIterations(maxIter)
        .withTol(tol)
        .withSeed(seed);
    try (OutputDirectory dir = out.open("kmeans")) {
      FaceSet faces = data.loadWarmingUp();
      MemoryBudget.check("kmeans", faces.size(), faces.pixelCount(), 2);
      long start = System.nanoTime();
      KMeansFit fit = new KMeans(options).fit(faces);
      double seconds = (System.nanoTime() - start) / 1e9;
      KMeansModel model = fit.model();
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("method", "kmeans");
      settings.put("k", k);
      settings.put("init", options.init().sklearnName());
      settings.put("n_init", nInit);
      settings.put("max_iter", maxIter);
      settings.put("tol", tol);
      settings.put("seed", seed);
      settings.put("threads", Parallel.threads());
      Map<String, Object> results = LinearModelOutputs.write(
          dir.staging(), faces, model.clusterCenters(), model.codes(faces.pixels()),
          model.reconstruct(faces), settings, seconds);
      results.put("inertia", fit.inertia());
      results.put("n_iter", fit.iterations());
      int[] sizes = new int[k];
      for (int label : fit.labels()) {
        sizes[label]++;
      }
      results.put("cluster_sizes", sizes);
      LinearModelOutputs.writeResults(dir.staging(), results);
      model.save(dir.staging().resolve("model.safetensors"));
      dir.commit();
      System.out.printf(Locale.ROOT,
          "k %d  iterations %d  fit %.3f s  inertia %.6g  relative error %.6f%nwrote %s%n",
          k, fit.iterations(), seconds, fit.inertia(), results.get("relative_error"), out.dir());
    }
    return 0;
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader(
        Map.entry("k", "--k"), Map.entry("nInit", "--n-init"), Map.entry("maxIterations", "--max-iter"),
        Map.entry("tol", "--tol"));
  }
}
