package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import io.facerecon.testing.TestData;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Final errors on the study's 1,217 LFW faces against scikit-learn 1.2's (measured with the same
 * settings; see the baselines). Our random starts differ from NumPy's, so the errors agree to a
 * tolerance, not exactly.
 */
class NmfLfwTest {
  private static NmfData faces;

  @BeforeAll
  static void load() throws IOException {
    faces = NmfData.ofImagesByPixels(
        FaceSetLoader.load(TestData.lfwRoot(), LoadOptions.defaults().withMinFaces(75)).pixels());
  }

  @ParameterizedTest(name = "mu k={0}")
  @CsvSource({"10, 0.1671", "20, 0.1433", "30, 0.1313"})
  void multiplicativeUpdatesReachScikitLearnsError(int k, double sklearn) {
    NmfFit fit = new Nmf(NmfOptions.defaults(k).withSolver(Solver.MU).withInit(InitMethod.RANDOM)
        .withMaxIterations(1000).withTol(0)).fit(faces);
    assertThat(fit.iterations()).isEqualTo(1000);
    assertThat(fit.relativeError()).isCloseTo(sklearn, withPercentage(1));
  }

  @ParameterizedTest(name = "cd k={0}")
  @CsvSource({"10, 0.1661", "20, 0.1411", "30, 0.1271"})
  void coordinateDescentReachesScikitLearnsError(int k, double sklearn) {
    NmfFit fit = new Nmf(NmfOptions.defaults(k).withMaxIterations(1000).withTol(1e-4)).fit(faces);
    assertThat(fit.relativeError()).isCloseTo(sklearn, withPercentage(0.5));
  }
}
