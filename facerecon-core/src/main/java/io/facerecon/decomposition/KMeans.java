package io.facerecon.decomposition;

import io.facerecon.data.FaceSet;
import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.NumpyRandomState;
import io.facerecon.linalg.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * k-means clustering as vector quantisation (Lee and Seung's VQ): each face is coded by its
 * nearest of k centres, and reconstructed as that centre. scikit-learn 1.2.1's {@code
 * KMeans(algorithm='lloyd')}, step for step in float32, with its random draws from NumPy's {@code
 * RandomState}: the same data, settings and seed give its centres, labels, inertia and iteration
 * count (centres to float32 rounding; labels equal unless two centres are within rounding of a
 * point — BLAS sums products in its own order).
 *
 * <p>Data x are images × pixels (one image per row, as {@link FaceSet#pixels()} and as
 * scikit-learn's X). The objective is the <b>inertia</b> Σ_i ‖x_i − c_ℓ(i)‖², ℓ(i) the label of
 * image i.
 *
 * <p><b>Fit</b> (scikit-learn's {@code fit}):
 *
 * <ol>
 *   <li>the <b>tolerance</b> is scaled to the data: tol_abs = tol · (1/p) Σ_j Var_j(x), the
 *       mean of the per-pixel variances (scikit-learn's {@code _tolerance});
 *   <li>the data are centred, x ← x − x̄ (x̄ the mean image): a copy, so memory is twice the
 *       data, as scikit-learn's default {@code copy_x};
 *   <li>{@code nInit} times: centres start by k-means++, at random or from the caller's (then one
 *       run), and Lloyd's algorithm runs; a run replaces the best so far when its inertia is lower
 *       and its labels are not the same partition up to renaming;
 *   <li>the best run's centres + x̄ are the model.
 * </ol>
 *
 * <p><b>k-means++</b> (greedy, as scikit-learn): D(x) = squared distance to the nearest chosen
 * centre, potential φ = Σ_x D(x). The first centre is a uniform draw; each further one is the best
 * of 2 + ⌊ln k⌋ candidates drawn with probability D(x)/φ, best meaning the lowest potential
 * Σ_x min(D(x), ‖x − c‖²) after adding it. Details in {@code KMeansPlusPlus}.
 *
 * <p><b>Lloyd step</b>: E-step ℓ(i) = argmin_j ‖x_i − c_j‖² (computed as ‖c_j‖² − 2·x_i·c_j
 * by one GEMM per block of images); M-step c_j = mean of {x_i : ℓ(i) = j}, an empty cluster taking
 * the point farthest from its centre. A run stops when the labels repeat (strict convergence), when
 * Σ_j ‖c_j^new − c_j^old‖² ≤ tol_abs, or after {@code maxIterations} steps; then, unless strict,
 * one more E-step makes the labels match the final centres. Details in {@code KMeansLloyd}.
 *
 * <p><b>Threads</b>: the work is split across the threads of the {@link
 * io.facerecon.linalg.ExecutionContext}. scikit-learn adds its float32 sums per OpenMP thread, so
 * its results depend on its thread count in the last bits; ours do too, in the same way: with the
 * same count, the sums are added in the same order.
 *
 * <p>Only Lloyd's algorithm is offered (scikit-learn's default); its {@code 'elkan'} variant
 * reaches the same centres by other arithmetic.
 */
public final class KMeans {
  /** Non-finite values named in a bad-input message. */
  private static final int SHOWN_POSITIONS = 5;
  private static final int MIN_ROWS_PER_THREAD = 64;

  private final KMeansOptions options;

  /**
   * A k-means estimator.
   *
   * @param options the settings
   */
  public KMeans(KMeansOptions options) {
    this.options = options;
  }

  /**
   * The settings.
   *
   * @return the options
   */
  public KMeansOptions options() {
    return options;
  }

  /**
   * Clusters faces; the model records their image size.
   *
   * @param faces at least k faces
   * @return the fit
   * @throws BadInputException as {@link #fit(FloatMatrix)}
   */
  public KMeansFit fit(FaceSet faces) {
    KMeansFit fit = fit(faces.pixels());
    return new KMeansFit(
        fit.model().withImageSize(faces.height(), faces.width()), fit.labels(), fit.inertia(), fit.iterations());
  }

  /**
   * Clusters the images, starting as the options say.
   *
   * @param x images × pixels, at least k images, all values finite
   * @return the fit
   * @throws InvalidParameterException if there are fewer images than k
   * @throws BadInputException if x holds NaN or infinite values (naming how many and where)
   */
  public KMeansFit fit(FloatMatrix x) {
    return fit(x, null);
  }

  /**
   * Clusters the images from the given centres (one run, whatever {@code nInit} says, as
   * scikit-learn), or as the options say when {@code initialCenters} is null.
   *
   * @param x images × pixels, at least k images, all values finite
   * @param initialCenters k × pixels, or null
   * @return the fit
   * @throws InvalidParameterException if there are fewer images than k
   * @throws BadInputException if x or the centres hold NaN or infinite values, or the centres'
   *     shape is not k × pixels
   */
  public KMeansFit fit(FloatMatrix x, FloatMatrix initialCenters) {
    int k = options.clusters();
    if (x.rows() < k) {
      throw new InvalidParameterException(
          "k", "(number of clusters) is " + k + " but there are only " + x.rows()
              + " images; k-means needs at least k images");
    }
    requireFinite(x, "x");
    if (initialCenters != null) {
      if (initialCenters.rows() != k || initialCenters.cols() != x.cols()) {
        throw new BadInputException(
            "initialCenters are " + initialCenters.rows() + "x" + initialCenters.cols() + ", expected "
                + k + "x" + x.cols() + " (k x pixels)");
      }
      requireFinite(initialCenters, "initialCenters");
    }
    float[] mean = KMeansFloat32.columnMeans(x);
    double tol = KMeansFloat32.tolerance(x, mean, options.tol());
    FloatMatrix centred = shifted(x, mean, -1);
    NumpyRandomState random = new NumpyRandomState(options.seed());
    KMeansLloyd lloyd = new KMeansLloyd(centred, k);
    KMeansUpcastDistances distances =
        initialCenters == null && options.init() == KMeansInit.K_MEANS_PLUS_PLUS
            ? new KMeansUpcastDistances(centred)
            : null;
    int runs = initialCenters != null ? 1 : options.nInit();
    KMeansLloyd.Run best = null;
    for (int r = 0; r < runs; r++) {
      FloatMatrix start =
          initialCenters != null ? shifted(initialCenters, mean, -1) : startingCenters(centred, distances, random);
      KMeansLloyd.Run run = lloyd.run(start, options.maxIterations(), tol);
      if (best == null || (run.inertia() < best.inertia() && !sameClustering(run.labels(), best.labels(), k))) {
        best = run;
      }
    }
    KMeansModel model = new KMeansModel(shifted(best.centers(), mean, 1), options);
    return new KMeansFit(model, best.labels(), best.inertia(), best.iterations());
  }

  /**
   * Fits and returns the labels of the fitted images (scikit-learn's {@code fit_predict}).
   *
   * @param x images × pixels
   * @return the label of each image, 0 to k − 1
   */
  public int[] fitPredict(FloatMatrix x) {
    return fit(x).labels();
  }

  /**
   * The images k-means++ chooses as the k starting centres, as scikit-learn's {@code
   * kmeans_plusplus(x, k, random_state=seed)} (on x as given: {@link #fit} centres the data first).
   *
   * @param x images × pixels, at least k images, all values finite
   * @param k the number of centres, at least 1
   * @param seed the seed of NumPy's {@code RandomState}
   * @return the indices of the chosen images, in the order chosen
   * @throws InvalidParameterException if k is out of range or the seed is not NumPy's
   * @throws BadInputException if x holds NaN or infinite values
   */
  public static int[] kMeansPlusPlus(FloatMatrix x, int k, long seed) {
    KMeansOptions.defaults(k).withSeed(seed); // checks k and the seed as a fit's settings are checked
    if (x.rows() < k) {
      throw new InvalidParameterException("k", "is " + k + " but there are only " + x.rows() + " images");
    }
    requireFinite(x, "x");
    return KMeansPlusPlus.choose(
        x, new KMeansUpcastDistances(x), k, new NumpyRandomState(seed));
  }

  private FloatMatrix startingCenters(FloatMatrix x, KMeansUpcastDistances distances, NumpyRandomState random) {
    int k = options.clusters();
    int[] rows =
        options.init() == KMeansInit.K_MEANS_PLUS_PLUS
            ? KMeansPlusPlus.choose(x, distances, k, random)
            : random.permutation(x.rows());
    FloatMatrix centers = FloatMatrix.zeros(k, x.cols());
    for (int j = 0; j < k; j++) {
      centers.rowRange(j, j + 1).copyFrom(x.rowRange(rows[j], rows[j] + 1));
    }
    return centers;
  }

  /** A new matrix m + sign · v added to every row, in float32. */
  private static FloatMatrix shifted(FloatMatrix m, float[] v, int sign) {
    FloatMatrix out = FloatMatrix.zeros(m.rows(), m.cols());
    Parallel.forRange(m.rows(), MIN_ROWS_PER_THREAD, (from, to) -> {
      float[] row = new float[m.cols()];
      for (int i = from; i < to; i++) {
        m.buffer().get(m.offset() + i * m.cols(), row);
        for (int j = 0; j < row.length; j++) {
          row[j] = sign > 0 ? row[j] + v[j] : row[j] - v[j];
        }
        out.buffer().put(out.offset() + i * m.cols(), row);
      }
    });
    return out;
  }

  /** Whether two labellings are the same partition up to renaming the clusters (scikit-learn's check). */
  static boolean sameClustering(int[] a, int[] b, int k) {
    int[] mapping = new int[k];
    Arrays.fill(mapping, -1);
    for (int i = 0; i < a.length; i++) {
      if (mapping[a[i]] == -1) {
        mapping[a[i]] = b[i];
      } else if (mapping[a[i]] != b[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Refuses data holding NaN or infinite values, which k-means cannot cluster, naming how many and
   * the first few (image, pixel) positions.
   *
   * @param x images × pixels
   * @param parameter the name of the data in the message
   * @throws BadInputException if a value is not finite
   */
  static void requireFinite(FloatMatrix x, String parameter) {
    int p = x.cols();
    double bad = Parallel.sum(x.rows(), MIN_ROWS_PER_THREAD, (from, to) -> {
      float[] row = new float[p];
      int count = 0;
      for (int i = from; i < to; i++) {
        x.buffer().get(x.offset() + i * p, row);
        for (float v : row) {
          count += Float.isFinite(v) ? 0 : 1;
        }
      }
      return count;
    });
    if (bad > 0) {
      throw new BadInputException(nonFiniteMessage(x, parameter));
    }
  }

  /** Counts x's NaN and infinite values and names the first few positions. */
  private static String nonFiniteMessage(FloatMatrix x, String parameter) {
    long nan = 0;
    long infinite = 0;
    List<String> where = new ArrayList<>();
    for (int i = 0; i < x.rows(); i++) {
      float[] row = x.row(i);
      for (int j = 0; j < row.length; j++) {
        if (!Float.isFinite(row[j])) {
          if (Float.isNaN(row[j])) {
            nan++;
          } else {
            infinite++;
          }
          if (where.size() < SHOWN_POSITIONS) {
            where.add("(image " + i + ", pixel " + j + ")");
          }
        }
      }
    }
    String counts = nan > 0 && infinite > 0
        ? nan + " NaN and " + infinite + " infinite values"
        : nan > 0 ? nan + " NaN value" + (nan > 1 ? "s" : "") : infinite + " infinite value" + (infinite > 1 ? "s" : "");
    return parameter + " holds " + counts + ", " + (nan + infinite > where.size() ? "the first at " : "at ")
        + String.join(", ", where) + "; k-means needs complete, finite data";
  }
}
