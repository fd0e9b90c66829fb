package io.facerecon.decomposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.NumpyRandomState;
import io.facerecon.testing.GoldenTensors;
import io.facerecon.testing.TestData;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PCA (both solvers) and TruncatedSVD with k = 30 on the study's 1,217 LFW faces against scikit-learn
 * 1.2 with the same seed. The fixture {@code golden/decomposition/lfw_summary.json} ({@code
 * tools/golden/decomposition_reference.py --lfw}) holds only summaries: the spectrum, and each
 * component's and the mean's dot product with a seeded random vector, which checks directions and
 * signs without storing anything computed from the faces pixel by pixel.
 */
class DecompositionLfwTest {
  private static final int K = 30;
  private static FloatMatrix faces;
  private static JsonNode golden;
  private static float[] probe;

  @BeforeAll
  static void load() throws IOException {
    golden = new ObjectMapper().readTree(TestData.golden("decomposition/lfw_summary.json").toFile());
    FaceSet set = TestData.studyFaces(golden.get("data"));
    assertThat(golden.get("k").asInt()).isEqualTo(K);
    faces = set.pixels();
    probe = new NumpyRandomState(1).standardNormal(1, set.pixelCount()).toArray();
  }

  @Test
  void randomizedPcaMatchesScikitLearn() {
    PcaOptions options = PcaOptions.defaults(K).withSolver(SvdSolver.RANDOMIZED).withSeed(0);
    check("pca_randomized", new Pca(options).fit(faces));
  }

  @Test
  void fullPcaMatchesScikitLearn() {
    check("pca_full", new Pca(PcaOptions.defaults(K).withSolver(SvdSolver.FULL)).fit(faces));
  }

  @Test
  void randomizedTruncatedSvdMatchesScikitLearn() {
    check("truncated_svd_randomized", new TruncatedSvd(TruncatedSvdOptions.defaults(K)).fit(faces));
  }

  @Test
  void autoChoosesTheRandomizedSolverForTheseFaces() {
    assertThat(new Pca(PcaOptions.defaults(K)).fit(faces).solver()).isEqualTo(SvdSolver.RANDOMIZED);
  }

  private static void check(String name, SubspaceModel model) {
    JsonNode expected = golden.get("cases").get(name);
    Spectrum spectrum = model.spectrum();
    assertThat(GoldenTensors.relativeMaxDifference(
        spectrum.explainedVarianceRatio(), floats(expected.get("explained_variance_ratio"))))
        .as("explained_variance_ratio_").isLessThan(1e-4);
    assertThat(GoldenTensors.relativeMaxDifference(spectrum.singularValues(), floats(expected.get("singular_values"))))
        .as("singular_values_").isLessThan(1e-4);
    // Components are unit rows; the probe has norm ≈ 54: 1e-3 allows directions off by ~2e-5.
    FloatMatrix c = model.components();
    JsonNode probes = expected.get("component_probe");
    for (int j = 0; j < K; j++) {
      assertThat(dot(c.row(j), probe)).as("component %d · probe", j).isCloseTo(probes.get(j).asDouble(), offset(1e-3));
    }
    if (expected.has("mean_probe")) {
      assertThat(dot(model.mean(), probe)).as("mean · probe").isCloseTo(expected.get("mean_probe").asDouble(), offset(1e-3));
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static float[] floats(JsonNode values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values.get(i).asDouble();
    }
    return out;
  }
}
