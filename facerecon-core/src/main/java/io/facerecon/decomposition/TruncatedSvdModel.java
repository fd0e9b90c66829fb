package io.facerecon.decomposition;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A fitted {@link TruncatedSvd}: the leading right singular vectors of the uncentred data and the
 * spectrum, with scikit-learn's attributes ({@code components_}, {@code explained_variance_},
 * {@code explained_variance_ratio_}, {@code singular_values_}). Codes Z = X·Cᵀ and reconstructions
 * X̂ = Z·C as {@link SubspaceModel}, without a mean or scales.
 */
public final class TruncatedSvdModel extends SubspaceModel {
  /** The {@code format} entry of a saved truncated SVD model's metadata. */
  public static final String FORMAT = "facerecon-truncated-svd";

  private final SvdSolver algorithm;
  private final long seed;

  TruncatedSvdModel(FloatMatrix components, Spectrum spectrum, SvdSolver algorithm, long seed, int height, int width) {
    super(components, null, null, spectrum, height, width);
    this.algorithm = algorithm;
    this.seed = seed;
  }

  @Override
  public TruncatedSvdModel withImageSize(int height, int width) {
    return new TruncatedSvdModel(components(), spectrum(), algorithm, seed, height, width);
  }

  /**
   * The algorithm the fit used.
   *
   * @return full or randomized
   */
  public SvdSolver algorithm() {
    return algorithm;
  }

  /**
   * The seed of the randomized algorithm's draws.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  @Override
  String format() {
    return FORMAT;
  }

  @Override
  Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("algorithm", algorithm.name().toLowerCase(Locale.ROOT));
    m.put("seed", Long.toString(seed));
    return m;
  }

  static TruncatedSvdModel fromFile(FloatMatrix components, Spectrum spectrum, Header header) {
    return new TruncatedSvdModel(components, spectrum, header.solver("algorithm"), header.longInteger("seed"), 0, 0);
  }

  /**
   * Reads a truncated SVD model written by {@link #save}.
   *
   * @param file a model file
   * @return the model
   * @throws BadInputException naming the file if it is not a facerecon truncated SVD model or is damaged
   * @throws IOException if the file cannot be read
   */
  public static TruncatedSvdModel load(Path file) throws IOException {
    SubspaceModel model = SubspaceModel.loadWithMetadata(file).model();
    if (!(model instanceof TruncatedSvdModel svd)) {
      throw new BadInputException(file + ": a " + PcaModel.FORMAT + " model, expected " + FORMAT);
    }
    return svd;
  }
}
