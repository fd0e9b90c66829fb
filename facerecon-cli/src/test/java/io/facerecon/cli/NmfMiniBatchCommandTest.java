package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.data.FaceSet;
import io.facerecon.io.Npy;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.MiniBatchNmf;
import io.facerecon.nmf.MiniBatchNmfOptions;
import io.facerecon.nmf.NmfData;
import io.facerecon.nmf.NmfModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facerecon nmf --minibatch}: scikit-learn's MiniBatchNMF from the command line. */
class NmfMiniBatchCommandTest {
  @TempDir static Path root;
  private static Path faces;
  /** The faces as the command loads them. */
  private static FaceSet set;

  @BeforeAll
  static void writeFaces() throws Exception {
    faces = Files.createDirectories(root.resolve("faces"));
    double[][] v = TinyFaces.write(faces);
    FloatMatrix x = FloatMatrix.zeros(TinyFaces.IMAGES, TinyFaces.HEIGHT * TinyFaces.WIDTH);
    for (int p = 0; p < x.cols(); p++) {
      for (int i = 0; i < x.rows(); i++) {
        x.set(i, p, (float) v[p][i]);
      }
    }
    set = FaceSet.unlabelled(x, TinyFaces.HEIGHT, TinyFaces.WIDTH);
  }

  private static String[] fit(Path out, String... extra) {
    String[] base = {"nmf", "--minibatch", "--data", faces.toString(), "--k", "3", "--init", "random",
        "--batch-size", "4", "--max-iter", "30", "--tol", "0", "--max-no-improvement", "none",
        "--no-progress", "--out", out.toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void writesTheOutputsOfNmfWithTheLibrarysNumbers() throws Exception {
    Path out = root.resolve("out");
    CliRun run = CliRun.of(fit(out, "--forget-factor", "0.8"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("minibatch steps 60 (max_iter)");
    for (String f : new String[] {"results.json", "basis.png", "reconstructions.png", "W.npy", "H.npy", "model.safetensors"}) {
      assertThat(out.resolve(f)).isRegularFile();
    }
    JsonNode r = Json.MAPPER.readTree(out.resolve("results.json").toFile());
    assertThat(r.get("minibatch").asBoolean()).isTrue();
    assertThat(r.get("solver").asText()).isEqualTo("mu");
    assertThat(r.get("batch_size").asInt()).isEqualTo(4);
    assertThat(r.get("forget_factor").asDouble()).isEqualTo(0.8);
    assertThat(r.get("max_no_improvement").isNull()).isTrue();
    assertThat(r.get("iterations").asInt()).isEqualTo(30);
    // 6 images in batches of 4 and 2: two steps per pass.
    assertThat(r.get("n_steps").asInt()).isEqualTo(60);
    assertThat(r.get("stopped_by").asText()).isEqualTo("max_iter");

    MiniBatchNmfOptions options = MiniBatchNmfOptions.defaults(3).withBatchSize(4).withForgetFactor(0.8)
        .withMaxNoImprovement(MiniBatchNmfOptions.NO_IMPROVEMENT_LIMIT_OFF)
        .withNmf(MiniBatchNmfOptions.defaults(3).nmf().withInit(InitMethod.RANDOM).withMaxIterations(30).withTol(0));
    MiniBatchNmf library = new MiniBatchNmf(options).fit(set);
    assertThat(r.get("relative_error").asDouble()).isEqualTo(library.lastFit().fit().relativeError());
    assertThat(Npy.read(out.resolve("W.npy")).values().toArray()).containsExactly(library.basis().toArray());

    NmfModel.Loaded model = NmfModel.load(out.resolve("model.safetensors"));
    assertThat(model.metadata()).containsEntry("estimator", "minibatch").containsEntry("batch_size", "4");
    MiniBatchNmfOptions saved = model.model().miniBatch().orElseThrow();
    assertThat(saved.withNmf(options.nmf())).isEqualTo(options);
    assertThat(model.model().components().toArray()).containsExactly(library.components().toArray());
  }

  @Test
  void reconstructAppliesTheModelWithMiniBatchTransform() throws Exception {
    Path out = root.resolve("for-reconstruct");
    assertThat(CliRun.of(fit(out, "--transform-max-iter", "7", "--forget-factor", "0.8")).exitCode()).isZero();
    Path rec = root.resolve("reconstructed");
    CliRun run = CliRun.of("reconstruct", "--model", out.resolve("model.safetensors").toString(),
        "--data", faces.toString(), "--out", rec.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();

    NmfModel model = NmfModel.load(out.resolve("model.safetensors")).model();
    assertThat(model.miniBatch().orElseThrow().effectiveTransformMaxIter()).isEqualTo(7);
    FloatMatrix codes = model.transform(NmfData.ofImagesByPixels(set.pixels()));
    FloatMatrix expected = Blas.multiply(true, codes, false, model.components());
    assertThat(Npy.read(rec.resolve("reconstructions.npy")).values().toArray()).containsExactly(expected.toArray());
    // The model codes as the estimator's transform (MiniBatchNMF's _solve_W with its 7 iterations).
    MiniBatchNmfOptions options = MiniBatchNmfOptions.defaults(3).withBatchSize(4).withForgetFactor(0.8)
        .withMaxNoImprovement(MiniBatchNmfOptions.NO_IMPROVEMENT_LIMIT_OFF).withTransformMaxIter(7)
        .withNmf(MiniBatchNmfOptions.defaults(3).nmf().withInit(InitMethod.RANDOM).withMaxIterations(30).withTol(0));
    MiniBatchNmf library = new MiniBatchNmf(options).fit(set);
    assertThat(library.transform(set.pixels()).transpose().toArray()).containsExactly(codes.toArray());
  }

  @Test
  void refusesWhatMiniBatchNmfCannotDoNamingTheFlag() {
    Path out = root.resolve("refused");
    CliRun withoutMinibatch = CliRun.of("nmf", "--data", faces.toString(), "--batch-size", "4", "--out", out.toString());
    assertThat(withoutMinibatch.exitCode()).isEqualTo(2);
    assertThat(withoutMinibatch.err()).contains("--batch-size applies to --minibatch only");

    CliRun cd = CliRun.of(fit(out, "--solver", "cd"));
    assertThat(cd.exitCode()).isEqualTo(2);
    assertThat(cd.err()).contains("--solver must be mu for MiniBatchNMF");

    CliRun forget = CliRun.of(fit(out, "--forget-factor", "1.5"));
    assertThat(forget.exitCode()).isEqualTo(2);
    assertThat(forget.err()).contains("--forget-factor must be in [0, 1], got 1.5");

    CliRun noImprovement = CliRun.of("nmf", "--minibatch", "--data", faces.toString(), "--max-no-improvement", "never",
        "--out", out.toString());
    assertThat(noImprovement.exitCode()).isEqualTo(2);
    assertThat(noImprovement.err()).contains("--max-no-improvement must be a whole number or 'none'");

    CliRun mask = CliRun.of(fit(out, "--mask", faces.resolve("mask.npy").toString()));
    assertThat(mask.exitCode()).isEqualTo(2);
    assertThat(mask.err()).contains("--mask needs the weighted updates of the full-batch mu solver");

    CliRun accelerated = CliRun.of(fit(out, "--accelerated"));
    assertThat(accelerated.exitCode()).isEqualTo(2);
    assertThat(accelerated.err()).contains("--accelerated is not available for MiniBatchNMF");
    assertThat(out).doesNotExist();
  }

  @Test
  void refusesMissingPixelsNamingHowManyAndWhere() throws Exception {
    FloatMatrix x = set.pixels().copy();
    x.set(2, 5, Float.NaN);
    x.set(4, 0, Float.NaN);
    Path npy = root.resolve("with-nan.npy");
    Npy.write(npy, x, TinyFaces.IMAGES, TinyFaces.HEIGHT, TinyFaces.WIDTH);
    CliRun run = CliRun.of("nmf", "--minibatch", "--data", npy.toString(), "--k", "2", "--no-progress",
        "--out", root.resolve("nan").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("2 NaN").contains("pixel 5 of image 2");
  }
}
