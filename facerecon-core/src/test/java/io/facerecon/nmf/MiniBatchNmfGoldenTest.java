package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our MiniBatchNMF against scikit-learn 1.2's on synthetic data from the same custom start
 * ({@code tools/golden/minibatch_nmf_reference.py}): the factors after the first three steps and at
 * the end, n_iter_, n_steps_, the rule that stopped the fit, the costs and the final error.
 */
class MiniBatchNmfGoldenTest {
  private static final Golden DATA = Golden.load("minibatch_data");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int K = 4;
  private static final double TOLERANCE = 1e-4;

  private static MiniBatchNmfOptions options(JsonNode s) {
    return options(s, K);
  }

  /** Our options for scikit-learn's keyword arguments (init custom unless they name one, random_state 0). */
  static MiniBatchNmfOptions options(JsonNode s, int k) {
    InitMethod init = s.has("init") ? InitMethod.valueOf(s.get("init").asText().toUpperCase(Locale.ROOT)) : InitMethod.CUSTOM;
    NmfOptions nmf = NmfOptions.defaults(k).withSolver(Solver.MU).withInit(init).withSeed(0)
        .withBetaLoss(s.has("beta_loss") ? BetaLoss.parse(s.get("beta_loss").asText()) : BetaLoss.FROBENIUS)
        .withMaxIterations(s.path("max_iter").asInt(200))
        .withTol(s.path("tol").asDouble(1e-4))
        // scikit-learn's alpha_W penalises its W, our codes H: our alphaH; its alpha_H our alphaW.
        .withRegularization(
            s.has("alpha_H") ? s.get("alpha_H").asDouble() : s.path("alpha_W").asDouble(0),
            s.has("alpha_H") ? s.path("alpha_W").asDouble(0) : Double.NaN,
            s.path("l1_ratio").asDouble(0));
    JsonNode mni = s.get("max_no_improvement");
    return new MiniBatchNmfOptions(nmf, s.path("batch_size").asInt(1024), s.path("forget_factor").asDouble(0.7),
        s.path("fresh_restarts").asBoolean(false), s.path("fresh_restarts_max_iter").asInt(30),
        mni == null ? 10 : mni.isNull() ? MiniBatchNmfOptions.NO_IMPROVEMENT_LIMIT_OFF : mni.asInt(),
        s.path("transform_max_iter").asInt(0));
  }

  private static FloatMatrix images(String name) {
    return DATA.matrix(name).transpose();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"frobenius_b10_mni", "frobenius_b15_tol", "frobenius_b6_fresh_reg", "kl_b7_mni",
      "kl_b15_fresh_tol", "beta0.5_b7_mni", "beta3_b15_max_iter", "frobenius_b64_max_iter"})
  void fitMatchesScikitLearn(String name) throws IOException {
    Golden expected = Golden.load("minibatch_" + name);
    MiniBatchNmfOptions options = options(JSON.readTree(expected.metadata().get("settings")));
    FloatMatrix x = images(expected.metadata().get("data"));
    List<double[]> costs = new ArrayList<>();
    MiniBatchNmf nmf = new MiniBatchNmf(options)
        .withProgress((step, max, cost, ewa) -> costs.add(new double[] {cost, ewa}))
        .fit(x, DATA.matrix("W0"), DATA.matrix("H0"));

    assertThat(nmf.nSteps()).as("n_steps_").isEqualTo((int) expected.number("n_steps"));
    assertThat(nmf.nIter()).as("n_iter_").isEqualTo((int) expected.number("n_iter"));
    assertThat(nmf.lastFit().stop().name().toLowerCase(Locale.ROOT)).as("stopping rule")
        .isEqualTo(expected.metadata().get("stop"));
    assertThat(Golden.relativeMaxDifference(nmf.basis(), expected.matrix("W_end"))).as("W").isLessThan(TOLERANCE);
    assertThat(Golden.relativeMaxDifference(nmf.codes(), expected.matrix("H_end"))).as("H").isLessThan(TOLERANCE);
    assertThat(nmf.reconstructionErr()).as("reconstruction_err_")
        .isCloseTo(expected.number("reconstruction_err"), withPercentage(100 * TOLERANCE));

    JsonNode batchCosts = JSON.readTree(expected.metadata().get("batch_costs"));
    JsonNode ewaCosts = JSON.readTree(expected.metadata().get("ewa_costs"));
    for (int i = 0; i < batchCosts.size(); i++) {
      assertThat(costs.get(i)[0]).as("batch cost of step %d", i + 1)
          .isCloseTo(batchCosts.get(i).asDouble(), withPercentage(100 * TOLERANCE));
      if (ewaCosts.get(i).isNull()) {
        assertThat(costs.get(i)[1]).as("ewa of step %d", i + 1).isNaN();
      } else {
        assertThat(costs.get(i)[1]).as("ewa of step %d", i + 1)
            .isCloseTo(ewaCosts.get(i).asDouble(), withPercentage(100 * TOLERANCE));
      }
    }
    double[] last = costs.get(costs.size() - 1);
    assertThat(last[0]).as("last batch cost")
        .isCloseTo(expected.number("last_batch_cost"), withPercentage(100 * TOLERANCE));
    assertThat(last[1]).as("last ewa").isCloseTo(expected.number("last_ewa_cost"), withPercentage(100 * TOLERANCE));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"frobenius_b10_mni", "frobenius_b15_tol", "frobenius_b6_fresh_reg", "kl_b7_mni",
      "beta0.5_b7_mni", "beta3_b15_max_iter"})
  void firstStepsMatchScikitLearn(String name) throws IOException {
    Golden expected = Golden.load("minibatch_" + name);
    MiniBatchNmfOptions options = options(JSON.readTree(expected.metadata().get("settings")));
    FloatMatrix x = images(expected.metadata().get("data"));
    FaceStream stream = FaceStream.of(FaceSet.unlabelled(x, 1, x.cols()));
    FloatMatrix batch = FloatMatrix.zeros(options.batchSizeFor(x.rows()), x.cols());
    MiniBatchScan scan = MiniBatchScan.of(stream, batch);
    MiniBatchRun run = new MiniBatchRun(
        options, stream, scan, DATA.matrix("W0").transpose(), DATA.matrix("H0").transpose(), batch);
    int size = options.batchSizeFor(x.rows());
    for (int step = 1; step <= 3; step++) {
      run.step();
      assertThat(Golden.relativeMaxDifference(run.wt().transpose(), expected.matrix("W_" + step)))
          .as("W after step %d", step).isLessThan(TOLERANCE);
      if (!options.freshRestarts()) {
        int first = (step - 1) * size;
        FloatMatrix codes = run.codesT().rowRange(first, Math.min(first + size, x.rows())).transpose();
        assertThat(Golden.relativeMaxDifference(codes, expected.matrix("Hbatch_" + step)))
            .as("codes of batch %d", step).isLessThan(TOLERANCE);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"frobenius", "kl"})
  void transformMatchesScikitLearn(String name) throws IOException {
    Golden expected = Golden.load("minibatch_transform");
    MiniBatchNmfOptions options = options(JSON.readTree(expected.metadata().get(name + "_settings")));
    MiniBatchNmf nmf = new MiniBatchNmf(options).fit(images("V"), DATA.matrix("W0"), DATA.matrix("H0"));
    assertThat(Golden.relativeMaxDifference(nmf.basis(), expected.matrix(name + "_W"))).isLessThan(TOLERANCE);
    FloatMatrix codes = nmf.transform(images("V2")).transpose();
    assertThat(Golden.relativeMaxDifference(codes, expected.matrix(name + "_codes"))).isLessThan(TOLERANCE);
    // The model alone, and a stream, give the same codes.
    assertThat(nmf.model().transform(NmfData.ofPixelsByImages(DATA.matrix("V2"))).toArray())
        .containsExactly(codes.toArray());
    FloatMatrix streamed = nmf.transform(FaceStream.of(FaceSet.unlabelled(images("V2"), 1, images("V2").cols())));
    assertThat(streamed.transpose().toArray()).containsExactly(codes.toArray());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"custom", "default"})
  void partialFitMatchesScikitLearn(String start) {
    Golden expected = Golden.load("minibatch_partial_fit");
    NmfOptions nmf = MiniBatchNmfOptions.defaults(K).nmf().withRegularization(0.01, Double.NaN, 0.5);
    MiniBatchNmf estimator = new MiniBatchNmf(MiniBatchNmfOptions.defaults(K).withNmf(nmf));
    FloatMatrix x = images("V");
    int[][] chunks = {{0, 20}, {20, 40}, {40, 50}};
    for (int c = 0; c < chunks.length; c++) {
      FloatMatrix chunk = x.rowRange(chunks[c][0], chunks[c][1]).copy();
      if (c == 0 && start.equals("custom")) {
        FloatMatrix h0 = DATA.matrix("H0").transpose().rowRange(0, 20).transpose();
        estimator.partialFit(chunk, DATA.matrix("W0"), h0);
      } else {
        estimator.partialFit(chunk);
      }
      // nndsvda comes from our randomized SVD, which differs from scikit-learn's by its approximation.
      double tolerance = start.equals("custom") ? TOLERANCE : 1e-3;
      assertThat(Golden.relativeMaxDifference(estimator.basis(), expected.matrix(start + "_W_" + (c + 1))))
          .as("W after chunk %d", c + 1).isLessThan(tolerance);
    }
    assertThat(estimator.nSteps()).isEqualTo((int) expected.number(start + "_n_steps"));
  }

  @Test
  void inMemoryFitIsTheStreamedFit() throws IOException {
    MiniBatchNmfOptions options = MiniBatchNmfOptions.defaults(K).withBatchSize(15)
        .withNmf(MiniBatchNmfOptions.defaults(K).nmf().withInit(InitMethod.RANDOM).withSeed(3));
    FaceSet faces = FaceSet.unlabelled(images("V"), 5, 6);
    MiniBatchNmf inMemory = new MiniBatchNmf(options).fit(faces);
    MiniBatchNmf streamed = new MiniBatchNmf(options).fit(FaceStream.of(faces));
    assertThat(streamed.basis().toArray()).containsExactly(inMemory.basis().toArray());
    assertThat(streamed.codes().toArray()).containsExactly(inMemory.codes().toArray());
    assertThat(streamed.nSteps()).isEqualTo(inMemory.nSteps());
    assertThat(streamed.reconstructionErr()).isEqualTo(inMemory.reconstructionErr());
  }
}
