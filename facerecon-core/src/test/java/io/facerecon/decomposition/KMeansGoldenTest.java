package io.facerecon.decomposition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * k-means against scikit-learn 1.2.1 on synthetic data ({@code tools/golden/kmeans_reference.py}):
 * the same data, settings, seed and thread count give scikit-learn's labels, iteration count,
 * centres and inertia (bit for bit); k-means++ chooses scikit-learn's rows.
 */
class KMeansGoldenTest {
  private static final KMeansGolden CASES = KMeansGolden.load("kmeans_cases");

  static Stream<String> cases() {
    List<String> names = new ArrayList<>();
    CASES.json("cases").forEach(c -> names.add(c.get("name").asText()));
    return names.stream();
  }

  private static JsonNode spec(String name) {
    for (JsonNode c : CASES.json("cases")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fitMatchesScikitLearn(String name) {
    JsonNode c = spec(name);
    JsonNode s = c.get("settings");
    FloatMatrix x = CASES.matrix("data/" + c.get("data").asText());
    String init = s.get("init").asText();
    KMeansOptions options = new KMeansOptions(
        s.get("n_clusters").asInt(),
        init.equals("random") ? KMeansInit.RANDOM : KMeansInit.K_MEANS_PLUS_PLUS,
        s.get("n_init").asInt(), s.get("max_iter").asInt(), s.get("tol").asDouble(),
        s.get("random_state").asLong());
    FloatMatrix start = init.equals("array") ? CASES.matrix(name + "/init") : null;
    KMeansFit fit = ExecutionContext.ofThreads(c.get("threads").asInt())
        .call(() -> new KMeans(options).fit(x, start));

    assertThat(fit.labels()).as("labels").containsExactly(CASES.integers(name + "/labels"));
    assertThat(fit.iterations()).as("n_iter").isEqualTo(c.get("n_iter").asInt());
    // With the labels equal, the centres and the inertia are float32 sums added in scikit-learn's
    // order: equal bit for bit.
    assertThat(fit.clusterCenters().toArray()).as("centres")
        .containsExactly(CASES.matrix(name + "/centers").toArray());
    assertThat(fit.inertia()).as("inertia").isEqualTo(Double.parseDouble(c.get("inertia").asText()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void toleranceIsScaledAsScikitLearnScalesIt(String name) {
    JsonNode c = spec(name);
    FloatMatrix x = CASES.matrix("data/" + c.get("data").asText());
    assertThat(KMeansFloat32.tolerance(x, KMeansFloat32.columnMeans(x), c.get("settings").get("tol").asDouble()))
        .isEqualTo(Double.parseDouble(c.get("tolerance").asText()));
  }

  @Test
  void kMeansPlusPlusChoosesScikitLearnsRows() {
    KMeansGolden golden = KMeansGolden.load("kmeans_plusplus");
    for (JsonNode c : golden.json("cases")) {
      String name = c.get("name").asText();
      int[] chosen = KMeans.kMeansPlusPlus(golden.matrix(name + "/X"), c.get("k").asInt(), c.get("seed").asLong());
      assertThat(chosen).as(name).containsExactly(golden.integers(name + "/indices"));
    }
  }
}
