package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.data.FaceSet;
import io.facerecon.testing.TestData;
import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Final errors on the study's 1,217 LFW faces against scikit-learn 1.2's. The expected errors
 * are read from {@code src/test/resources/golden/nmf/lfw_errors.json}, which
 * {@code tools/golden/nmf_lfw_errors.py} writes by fitting scikit-learn's NMF with the same
 * settings on the same faces, loaded in our loader's order. The random start is NumPy's for the
 * same seed, so MU from it ends at scikit-learn's error to the golden's six decimals (floating-point
 * summation order aside); coordinate descent starts from NNDSVD, whose randomized SVD is computed
 * in another order, so its error agrees to a tolerance.
 */
class NmfLfwTest {
  private static NmfData faces;
  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    golden = new ObjectMapper().readTree(TestData.golden("nmf/lfw_errors.json").toFile());
    FaceSet set = TestData.studyFaces(golden.get("data"));
    faces = NmfData.ofImagesByPixels(set.pixels());
  }

  @ParameterizedTest(name = "mu k={0}")
  @ValueSource(ints = {10, 20, 30})
  void multiplicativeUpdatesReachScikitLearnsError(int k) {
    NmfOptions options = NmfOptions.defaults(k).withSolver(Solver.MU).withInit(InitMethod.RANDOM)
        .withMaxIterations(1000).withTol(0);
    double sklearn = scikitLearnsError(options);
    NmfFit fit = new Nmf(options).fit(faces);
    assertThat(fit.iterations()).isEqualTo(1000);
    assertThat(fit.relativeError()).isCloseTo(sklearn, within(1e-5));
  }

  @ParameterizedTest(name = "cd k={0}")
  @ValueSource(ints = {10, 20, 30})
  void coordinateDescentReachesScikitLearnsError(int k) {
    NmfOptions options = NmfOptions.defaults(k).withMaxIterations(1000).withTol(1e-4);
    double sklearn = scikitLearnsError(options);
    NmfFit fit = new Nmf(options).fit(faces);
    assertThat(fit.relativeError()).isCloseTo(sklearn, withPercentage(0.5));
  }

  /**
   * scikit-learn's relative error for the case of {@code options}' solver and k, whose recorded
   * settings must be those of {@code options}.
   */
  private static double scikitLearnsError(NmfOptions options) {
    String solver = options.solver().name().toLowerCase(Locale.ROOT);
    for (JsonNode c : golden.get("cases")) {
      if (!c.get("solver").asText().equals(solver) || c.get("k").asInt() != options.components()) {
        continue;
      }
      String name = solver + " k=" + options.components();
      JsonNode settings = c.get("settings");
      JsonNode init = settings.get("init");
      if (options.init() == null) {
        assertThat(init.isNull()).as(name + " init (scikit-learn's default)").isTrue();
      } else {
        assertThat(init.asText()).as(name + " init").isEqualTo(options.init().name().toLowerCase(Locale.ROOT));
      }
      assertThat(settings.get("max_iter").asInt()).as(name + " max_iter").isEqualTo(options.maxIterations());
      assertThat(settings.get("tol").asDouble()).as(name + " tol").isEqualTo(options.tol());
      assertThat(settings.get("random_state").asLong()).as(name + " random_state").isEqualTo(options.seed());
      assertThat(settings.get("beta_loss").asText()).as(name + " beta_loss").isEqualTo("frobenius");
      assertThat(options.betaLoss()).isEqualTo(BetaLoss.FROBENIUS);
      return c.get("relative_error").asDouble();
    }
    return fail("golden/nmf/lfw_errors.json has no case %s k=%d; rerun tools/golden/nmf_lfw_errors.py",
        solver, options.components());
  }
}
