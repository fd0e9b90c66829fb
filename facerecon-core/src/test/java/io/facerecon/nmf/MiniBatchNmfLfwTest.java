package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.testing.TestData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MiniBatchNMF k=30 on the study's 1,217 LFW faces against scikit-learn 1.2's, from the same seeded
 * start ({@link #start}, written the same way in {@code tools/golden/minibatch_nmf_reference.py}) or
 * scikit-learn's random start with {@code random_state=0}:
 * the final relative error, n_iter_, n_steps_ and the rule that stopped the fit, read from
 * {@code golden/nmf/minibatch_lfw.json} (small summaries only).
 */
class MiniBatchNmfLfwTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FaceSet faces;
  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    golden = JSON.readTree(TestData.golden("nmf/minibatch_lfw.json").toFile());
    faces = TestData.studyFaces(golden.get("data"));
  }

  static List<String> cases() throws IOException {
    List<String> names = new ArrayList<>();
    JSON.readTree(TestData.golden("nmf/minibatch_lfw.json").toFile()).get("cases")
        .forEach(c -> names.add(c.get("name").asText()));
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endsWhereScikitLearnEnds(String name) {
    JsonNode expected = null;
    for (JsonNode c : golden.get("cases")) {
      if (c.get("name").asText().equals(name)) {
        expected = c;
      }
    }
    int k = expected.get("k").asInt();
    MiniBatchNmfOptions options = MiniBatchNmfGoldenTest.options(expected.get("settings"), k);
    MiniBatchNmf nmf = new MiniBatchNmf(options);
    if (options.nmf().init() == InitMethod.CUSTOM) {
      FloatMatrix[] start = start(faces.pixels(), k);
      nmf.fit(faces, start[0], start[1]);
    } else {
      // scikit-learn's random start: NumPy's draws, which ours equal.
      nmf.fit(faces);
    }
    assertThat(nmf.lastFit().stop().name().toLowerCase(Locale.ROOT)).as("stopping rule")
        .isEqualTo(expected.get("stop").asText());
    assertThat(nmf.nSteps()).as("n_steps_").isEqualTo(expected.get("n_steps").asInt());
    assertThat(nmf.nIter()).as("n_iter_").isEqualTo(expected.get("n_iter").asInt());
    assertThat(nmf.lastFit().fit().relativeError()).as("relative error")
        .isCloseTo(expected.get("relative_error").asDouble(), withPercentage(1e-2));
  }

  /**
   * The seeded start of the script's {@code lfw_start}: avg = √(mean(X)/k); scikit-learn's W
   * (images × k) and H (k × pixels) have entry m (row-major) = avg·(0.5 + lowbias32(seed·0x9E3779B9
   * + m)/2³²), seed 1 for W, 2 for H, rounded to float. Returned in our layout: W0 = Hᵀ (pixels × k),
   * H0 = Wᵀ (k × images).
   */
  static FloatMatrix[] start(FloatMatrix x, int k) {
    double sum = 0;
    for (float v : x.toArray()) {
      sum += v;
    }
    double avg = Math.sqrt(sum / ((double) x.rows() * x.cols()) / k);
    FloatMatrix wSk = seeded(x.rows(), k, 1, avg);
    FloatMatrix hSk = seeded(k, x.cols(), 2, avg);
    return new FloatMatrix[] {hSk.transpose(), wSk.transpose()};
  }

  private static FloatMatrix seeded(int rows, int cols, int seed, double avg) {
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    int base = seed * 0x9E3779B9;
    for (int i = 0; i < m.size(); i++) {
      double u = Integer.toUnsignedLong(lowbias32(base + i)) / 4294967296.0;
      m.set(i, (float) (avg * (0.5 + u)));
    }
    return m;
  }

  /** Wellons' lowbias32 integer hash. */
  static int lowbias32(int x) {
    x ^= x >>> 16;
    x *= 0x7FEB352D;
    x ^= x >>> 15;
    x *= 0x846CA68B;
    x ^= x >>> 16;
    return x;
  }
}
