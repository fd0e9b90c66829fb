package io.facerecon.cli;

import io.facerecon.data.FaceSet;
import io.facerecon.decomposition.TruncatedSvd;
import io.facerecon.decomposition.TruncatedSvdModel;
import io.facerecon.decomposition.TruncatedSvdOptions;
import io.facerecon.linalg.Parallel;
import io.facerecon.report.OutputDirectory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facerecon svd}: the truncated SVD of the faces, as scikit-learn's TruncatedSVD. */
@Command(
    name = "svd",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Truncated SVD of faces (not centred), as scikit-learn's TruncatedSVD: the best rank-k linear code",
      "(Eckart-Young), the bound every other rank-k method is measured against.",
      "Writes results.json (explained_variance_ratio, singular_values, relative_error), basis.png,",
      "reconstructions.png, components.npy (k x pixels), codes.npy (images x k) and model.safetensors",
      "(for 'facerecon reconstruct') into --out, new or empty."
    })
final class SvdCommand implements Callable<Integer>, ParameterFlags {
  @Mixin DataOptions data;

  @Option(names = "--k", defaultValue = "30", paramLabel = "K", description = "Components (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--solver", defaultValue = "randomized", paramLabel = "randomized|full",
      description = "scikit-learn's algorithm: randomized (Halko et al.), or full (LAPACK's exact SVD, in place"
          + " of scikit-learn's arpack) (default: ${DEFAULT-VALUE}).")
  String solver;

  @Option(names = "--n-iter", defaultValue = "5", paramLabel = "N",
      description = "randomized: power iterations (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--n-oversamples", defaultValue = "10", paramLabel = "N",
      description = "randomized: extra random directions (default: ${DEFAULT-VALUE}).")
  int oversamples;

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
    TruncatedSvdOptions options = TruncatedSvdOptions.defaults(k)
        .withAlgorithm(DecompositionNames.solver("--solver", solver, false))
        .withIterations(iterations)
        .withOversamples(oversamples)
        .withNormalizer(DecompositionNames.normalizer("--power-iteration-normalizer", normalizer))
        .withSeed(seed);
    try (OutputDirectory dir = out.open("svd")) {
      FaceSet faces = data.loadWarmingUp();
      MemoryBudget.check("svd", faces.size(), faces.pixelCount(), 3);
      long start = System.nanoTime();
      TruncatedSvd.Fit fit = new TruncatedSvd(options).fitTransform(faces.pixels());
      double seconds = (System.nanoTime() - start) / 1e9;
      TruncatedSvdModel model = fit.model().withImageSize(faces.height(), faces.width());
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("method", "truncated_svd");
      settings.put("k", k);
      settings.put("solver", model.algorithm().name().toLowerCase(Locale.ROOT));
      settings.put("n_iter", iterations);
      settings.put("seed", seed);
      settings.put("threads", Parallel.threads());
      Map<String, Object> results =
          LinearModelOutputs.writeSubspace(dir.staging(), faces, model, fit.codes(), settings, seconds);
      LinearModelOutputs.writeResults(dir.staging(), results);
      model.save(dir.staging().resolve("model.safetensors"));
      dir.commit();
      System.out.print(LinearModelOutputs.subspaceSummary(model, results, seconds, out.dir()));
    }
    return 0;
  }

  @Override
  public Map<String, String> parameterFlags() {
    return ParameterFlags.withLoader(
        Map.entry("k", "--k"), Map.entry("algorithm", "--solver"), Map.entry("iterations", "--n-iter"),
        Map.entry("oversamples", "--n-oversamples"));
  }
}
