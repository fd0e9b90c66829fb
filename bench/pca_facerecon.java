import io.facerecon.decomposition.Pca;
import io.facerecon.decomposition.PcaOptions;
import io.facerecon.decomposition.SubspaceModel;
import io.facerecon.decomposition.SvdSolver;
import io.facerecon.decomposition.TruncatedSvd;
import io.facerecon.decomposition.TruncatedSvdOptions;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * One facerecon PCA or TruncatedSVD fit for bench/pca, the counterpart of bench/pca_sklearn.py:
 * prints a JSON line with the time of the fit and the sum of its explained variance ratios. One
 * untimed fit first (the JIT compiles the code), then the timed fit. Run from the shaded jar:
 *
 *   java -cp facerecon.jar bench/pca_facerecon.java --npy FILE --case CASE [--k 30]
 */
class PcaBench {
  public static void main(String[] args) throws Exception {
    String npy = null;
    String name = null;
    int k = 30;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--npy" -> npy = args[i + 1];
        case "--case" -> name = args[i + 1];
        case "--k" -> k = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Npy.Array array = Npy.read(Path.of(npy));
    int n = array.shape()[0];
    FloatMatrix x = array.values().reshape(n, array.values().size() / n);
    Function<FloatMatrix, SubspaceModel> fit = estimator(name, k);
    fit.apply(x);
    long start = System.nanoTime();
    SubspaceModel model = fit.apply(x);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("{\"seconds\": %.6f, \"explained_variance_ratio_sum\": %.8f}%n",
        seconds, model.spectrum().totalRatio());
  }

  static Function<FloatMatrix, SubspaceModel> estimator(String name, int k) {
    return switch (name) {
      case "pca-randomized" -> x -> new Pca(PcaOptions.defaults(k).withSolver(SvdSolver.RANDOMIZED)).fit(x);
      case "pca-full" -> x -> new Pca(PcaOptions.defaults(k).withSolver(SvdSolver.FULL)).fit(x);
      case "svd-randomized" -> x -> new TruncatedSvd(TruncatedSvdOptions.defaults(k)).fit(x);
      default -> throw new IllegalArgumentException("unknown case " + name);
    };
  }
}
