package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.testing.GoldenTensors;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our randomized SVD against scikit-learn 1.2's {@code randomized_svd} with the same seed: tall
 * and wide data (the transposed branch), both n_iter='auto' branches, k + oversamples above the
 * smaller side, and each normaliser (fixtures by {@code tools/golden/decomposition_reference.py}).
 */
class RandomizedSvdGoldenTest {
  private static final GoldenTensors DATA = GoldenTensors.load("decomposition/data.safetensors");
  private static final GoldenTensors EXPECTED =
      GoldenTensors.load("decomposition/randomized_svd.safetensors");

  static List<String> cases() {
    return EXPECTED.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesScikitLearn(String name) throws Exception {
    JsonNode c = new ObjectMapper().readTree(EXPECTED.metadata().get(name));
    JsonNode iterations = c.get("n_iter");
    RandomizedSvd.Options options = RandomizedSvd.Options.defaults()
        .withIterations(iterations.isNumber() ? iterations.asInt() : RandomizedSvd.AUTO_ITERATIONS)
        .withNormalizer(RandomizedSvd.Normalizer.valueOf(c.get("normalizer").asText().toUpperCase()));
    FloatMatrix x = DATA.matrix(c.get("data").asText());
    Lapack.Svd svd = RandomizedSvd.compute(x, null, c.get("k").asInt(), c.get("seed").asLong(), options);
    assertThat(GoldenTensors.relativeMaxDifference(svd.s(), EXPECTED.vector(name + "_s")))
        .as("singular values").isLessThan(1e-5);
    assertThat(GoldenTensors.relativeMaxDifference(svd.u(), EXPECTED.matrix(name + "_u")))
        .as("u").isLessThan(1e-4);
    assertThat(GoldenTensors.relativeMaxDifference(svd.vt(), EXPECTED.matrix(name + "_vt")))
        .as("vt").isLessThan(1e-4);
  }
}
