package io.facerecon.decomposition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.RandomizedSvd;
import io.facerecon.testing.GoldenTensors;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PCA and TruncatedSVD against scikit-learn 1.2's on synthetic data (fixtures by {@code
 * tools/golden/decomposition_reference.py}): tall and wide data, both solvers with the same seeds,
 * whitening, variance fractions, all components; every attribute, the training codes, and
 * transform / inverse transform of new images, to 1e-4 of the largest value.
 */
class DecompositionGoldenTest {
  private static final double TOLERANCE = 1e-4;
  private static final GoldenTensors DATA = GoldenTensors.load("decomposition/data.safetensors");
  private static final GoldenTensors PCA = GoldenTensors.load("decomposition/pca.safetensors");
  private static final GoldenTensors SVD = GoldenTensors.load("decomposition/truncated_svd.safetensors");
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<String> pcaCases() {
    return PCA.cases();
  }

  static List<String> svdCases() {
    return SVD.cases();
  }

  @ParameterizedTest(name = "PCA {0}")
  @MethodSource("pcaCases")
  void pcaMatchesScikitLearn(String name) throws Exception {
    JsonNode c = JSON.readTree(PCA.metadata().get(name));
    JsonNode n = c.get("n_components");
    ComponentCount count = n.isNull() ? ComponentCount.all()
        : n.isInt() ? ComponentCount.of(n.asInt()) : ComponentCount.varianceFraction(n.asDouble());
    PcaOptions options = PcaOptions.defaults(count)
        .withSolver(SvdSolver.valueOf(c.get("svd_solver").asText().toUpperCase()))
        .withWhiten(c.path("whiten").asBoolean(false))
        .withSeed(c.path("random_state").asLong(0));
    if (c.has("power_iteration_normalizer")) {
      options = options.withNormalizer(
          RandomizedSvd.Normalizer.valueOf(c.get("power_iteration_normalizer").asText().toUpperCase()));
    }
    if (c.has("iterated_power")) {
      options = options.withPowerIterations(c.get("iterated_power").asInt());
    }
    String data = c.get("data").asText();
    Pca.Fit fit = new Pca(options).fitTransform(DATA.matrix(data));
    PcaModel model = fit.model();
    assertThat(model.k()).as("n_components_").isEqualTo(c.get("n_components_").asInt());
    assertThat(model.noiseVariance()).as("noise_variance_")
        .isCloseTo(c.get("noise_variance").asDouble(), org.assertj.core.data.Offset.offset(
            TOLERANCE * model.spectrum().explainedVariance()[0]));
    assertClose(model.mean(), PCA.vector(name + "_mean"), "mean_");
    checkCommon(PCA, name, model, fit.codes(), DATA.matrix(data + "_new"));
  }

  @ParameterizedTest(name = "TruncatedSVD {0}")
  @MethodSource("svdCases")
  void truncatedSvdMatchesScikitLearn(String name) throws Exception {
    JsonNode c = JSON.readTree(SVD.metadata().get(name));
    TruncatedSvdOptions options = TruncatedSvdOptions.defaults(c.get("n_components").asInt())
        .withSeed(c.path("random_state").asLong(0));
    if (c.has("n_iter")) {
      options = options.withIterations(c.get("n_iter").asInt());
    }
    if ("arpack".equals(c.path("algorithm").asText())) {
      options = options.withAlgorithm(SvdSolver.FULL);
    }
    String data = c.get("data").asText();
    TruncatedSvd.Fit fit = new TruncatedSvd(options).fitTransform(DATA.matrix(data));
    assertThat(fit.model().mean()).isNull();
    checkCommon(SVD, name, fit.model(), fit.codes(), DATA.matrix(data + "_new"));
  }

  private static void checkCommon(
      GoldenTensors expected, String name, SubspaceModel model, FloatMatrix codes, FloatMatrix fresh) {
    assertClose(model.components(), expected.matrix(name + "_components"), "components_");
    Spectrum spectrum = model.spectrum();
    assertClose(spectrum.explainedVariance(), expected.vector(name + "_explained_variance"), "explained_variance_");
    assertClose(spectrum.explainedVarianceRatio(), expected.vector(name + "_explained_variance_ratio"),
        "explained_variance_ratio_");
    assertClose(spectrum.singularValues(), expected.vector(name + "_singular_values"), "singular_values_");
    assertClose(codes, expected.matrix(name + "_fit_transform"), "fit_transform");
    FloatMatrix z = model.transform(fresh);
    assertClose(z, expected.matrix(name + "_transform"), "transform");
    assertClose(model.inverseTransform(z), expected.matrix(name + "_inverse_transform"), "inverse_transform");
  }

  private static void assertClose(FloatMatrix actual, FloatMatrix expected, String what) {
    assertThat(GoldenTensors.relativeMaxDifference(actual, expected)).as(what).isLessThan(TOLERANCE);
  }

  private static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(GoldenTensors.relativeMaxDifference(actual, expected)).as(what).isLessThan(TOLERANCE);
  }
}
