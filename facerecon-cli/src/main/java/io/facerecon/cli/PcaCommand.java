package io.facerecon.cli;

import io.facerecon.data.FaceSet;
import io.facerecon.decomposition.Pca;
import io.facerecon.decomposition.PcaModel;
import io.facerecon.decomposition.PcaOptions;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import io.facerecon.report.OutputDirectory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facerecon pca}: eigenfaces, as scikit-learn's PCA. */
@Command(
    name = "pca",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Principal component analysis of faces (eigenfaces), as scikit-learn's PCA: the mean face and the",
      "k leading principal components of the centred faces (X: images x pixels).",
      "Writes results.json (explained_variance_ratio, singular_values, relative_error), basis.png,",
      "reconstructions.png, components.npy (k x pixels), mean.npy, codes.npy (images x k) and",
      "model.safetensors (for 'facerecon reconstruct') into --out, new or empty."
    })
final class PcaCommand implements Callable<Integer>, ParameterFlags {
  @Mixin DataOptions data;

  @Option(names = "--k", defaultValue = "30", paramLabel = "K|F|all",
      description = "Components (scikit-learn's n_components): a number, a fraction of the variance to keep"
          + " in (0, 1) (solver full), or all (default: ${DEFAULT-VALUE}).")
  String k;

  @Option(names = "--solver", defaultValue = "auto", paramLabel = "auto|full|randomized",
      description = "svd_solver: full (LAPACK), randomized (Halko et al.), auto as scikit-learn 1.2 (default: ${DEFAULT-VALUE}).")
  String solver;

  @Option(names = "--whiten", description = "Scale the codes to unit variance.")
  boolean whiten;

  @Option(names = "--n-oversamples", defaultValue = "10", paramLabel = "N",
      description = "randomized: extra random directions (default: ${DEFAULT-VALUE}).")
  int oversamples;

  @Option(names = "--iterated-power", defaultValue = "auto", paramLabel = "N|auto",
      description = "randomized: power iterations; auto is 7 when k < 0.1 min(images, pixels), else 4 (default: ${DEFAULT-VALUE}).")
  String iteratedPower;

  @Option(names = "--power-iteration-normalizer", defaultValue = "auto", paramLabel = "auto|LU|QR|none",
      description = "randomized: how power iterations are normalised (default: ${DEFAULT-VALUE}).")
  String normalizer;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "random_state of the randomized solver, as NumPy's (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin ThreadOptions threads;

  @Mixin OutputFolder out;

  @Override
  public Integer call() throws Exception {
    threads.apply();
    PcaOptions options = PcaOptions.defaults(DecompositionNames.components("--k", k))
        .withSolver(DecompositionNames.solver("--solver", solver, true))
        .withWhiten(whiten)
        .withOversamples(oversamples)
        .withPowerIterations(DecompositionNames.powerIterations("--iterated-power", iteratedPower))
        .withNormalizer(DecompositionNames.normalizer("--power-iteration-normalizer", normalizer))
        .withSeed(seed);
    try (OutputDirectory dir = out.open("pca")) {
      FaceSet faces = data.loadWarmingUp();
      MemoryBudget.check("pca", faces.size(), faces.pixelCount(), 3);
      long start = System.nanoTime();
      Pca.Fit fit = new Pca(options).fitTransform(faces.pixels());
      double seconds = (System.nanoTime() - start) / 1e9;
      PcaModel model = fit.model().withImageSize(faces.height(), faces.width());
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("method", "pca");
      settings.put("k", model.k());
      settings.put("n_components", k);
      settings.put("solver", model.solver().name().toLowerCase(Locale.ROOT));
      settings.put("whiten", whiten);
      settings.put("seed", seed);
      settings.put("threads", Parallel.threads());
      Map<String, Object> results =
          LinearModelOutputs.writeSubspace(dir.staging(), faces, model, fit.codes(), settings, seconds);
      results.put("noise_variance", model.noiseVariance());
      LinearModelOutputs.writeResults(dir.staging(), results);
      Npy.write(dir.staging().resolve("mean.npy"), FloatMatrix.of(1, model.pixels(), model.mean()));
      model.save(dir.staging().resolve("model.safetensors"));
      dir.commit();
      System.out.print(LinearModelOutputs.subspaceSummary(model, results, seconds, out.dir()));
    }
    return 0;
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader(
        Map.entry("k", "--k"), Map.entry("components", "--k"), Map.entry("varianceFraction", "--k"),
        Map.entry("solver", "--solver"),
        Map.entry("oversamples", "--n-oversamples"), Map.entry("powerIterations", "--iterated-power"));
  }
}
