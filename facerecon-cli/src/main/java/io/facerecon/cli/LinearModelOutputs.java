package io.facerecon.cli;

import io.facerecon.data.FaceSet;
import io.facerecon.decomposition.Spectrum;
import io.facerecon.decomposition.SubspaceModel;
import io.facerecon.io.AtomicFiles;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.report.ImageGrid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files {@code pca}, {@code svd} and {@code kmeans} write, each a linear code of faces: the
 * basis images as a grid and as {@code components.npy} (k × pixels, scikit-learn's
 * {@code components_} / {@code cluster_centers_}), the training faces' codes as
 * {@code codes.npy} (images × k), the first faces above their reconstructions, and
 * {@code results.json} with the training faces' relative error ‖X − X̂‖_F / ‖X‖_F.
 */
final class LinearModelOutputs {
  private static final int SHOWN = 10;
  private static final int ZOOM = 2;

  private LinearModelOutputs() {}

  /**
   * Writes the shared files into {@code dir} and returns the results map with the error figures
   * added after {@code settings}; the caller adds its own figures and writes it with {@link
   * #writeResults}.
   *
   * @param dir the staging folder
   * @param faces the training faces
   * @param components k × pixels
   * @param codes images × k
   * @param reconstructions the training faces' reconstructions, images × pixels
   * @param settings the run's settings, in order
   * @param seconds the fit's wall-clock seconds
   * @return the results: settings, image counts, fit seconds, relative_error
   */
  static Map<String, Object> write(
      Path dir, FaceSet faces, FloatMatrix components, FloatMatrix codes, FloatMatrix reconstructions,
      Map<String, Object> settings, double seconds) throws IOException {
    int h = faces.height();
    int w = faces.width();
    int k = components.rows();
    ImageGrid.writePng(dir.resolve("basis.png"),
        ImageGrid.render(components, h, w, Math.min(10, k), ImageGrid.Scaling.PER_IMAGE, ZOOM));
    int shown = Math.min(SHOWN, faces.size());
    ImageGrid.writePng(dir.resolve("reconstructions.png"), ImageGrid.rows(
        java.util.List.of(faces.pixels().rowRange(0, shown), reconstructions.rowRange(0, shown)), h, w, ZOOM));
    Npy.write(dir.resolve("components.npy"), components);
    Npy.write(dir.resolve("codes.npy"), codes);
    Map<String, Object> r = new LinkedHashMap<>(settings);
    r.put("images", faces.size());
    r.put("height", h);
    r.put("width", w);
    r.put("fit_seconds", seconds);
    r.put("relative_error", relativeError(faces.pixels(), reconstructions));
    return r;
  }

  /**
   * {@link #write} for PCA or the truncated SVD, with the spectrum added to the results
   * ({@code explained_variance}, {@code explained_variance_ratio} and its sum, {@code singular_values}).
   *
   * @param dir the staging folder
   * @param faces the training faces
   * @param model the fitted model
   * @param codes the training faces' codes, images × k
   * @param settings the run's settings, in order
   * @param seconds the fit's wall-clock seconds
   * @return the results, to be completed and written with {@link #writeResults}
   */
  static Map<String, Object> writeSubspace(
      Path dir, FaceSet faces, SubspaceModel model, FloatMatrix codes, Map<String, Object> settings,
      double seconds) throws IOException {
    Map<String, Object> results = write(
        dir, faces, model.components(), codes, model.inverseTransform(codes), settings, seconds);
    Spectrum spectrum = model.spectrum();
    results.put("explained_variance", list(spectrum.explainedVariance()));
    results.put("explained_variance_ratio", list(spectrum.explainedVarianceRatio()));
    results.put("explained_variance_ratio_sum", spectrum.totalRatio());
    results.put("singular_values", list(spectrum.singularValues()));
    return results;
  }

  /** The one line {@code pca} and {@code svd} print when done. */
  static String subspaceSummary(SubspaceModel model, Map<String, Object> results, double seconds, Path out) {
    return String.format(java.util.Locale.ROOT,
        "k %d  solver %s  fit %.3f s  explained variance %.4f  relative error %.6f%nwrote %s%n",
        model.k(), results.get("solver"), seconds, model.spectrum().totalRatio(), results.get("relative_error"), out);
  }

  /** Writes {@code results.json} atomically. */
  static void writeResults(Path dir, Map<String, Object> results) throws IOException {
    AtomicFiles.write(dir.resolve("results.json"),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(results));
  }

  /** ‖x − r‖_F / ‖x‖_F, summed in double precision. */
  static double relativeError(FloatMatrix x, FloatMatrix r) {
    double diff = 0;
    double norm = 0;
    for (int i = 0, n = x.size(); i < n; i++) {
      double v = x.get(i);
      double d = v - r.get(i);
      diff += d * d;
      norm += v * v;
    }
    return Math.sqrt(diff / norm);
  }

  /** The values of a float array as a JSON list. */
  private static double[] list(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
