package io.facerecon.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.data.FaceSet;
import io.facerecon.study.Curve;
import io.facerecon.study.FitResult;
import io.facerecon.study.Progress;
import io.facerecon.study.SyntheticFaces;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.Nmf;
import io.facerecon.nmf.NmfData;
import io.facerecon.nmf.NmfFit;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NmfMethodTest {
  private static final FaceSet FACES = SyntheticFaces.create(50, 5, 24, 20, 7);
  private static final FaceSet TRAIN = FACES.subset(IntStream.range(0, 40).toArray());
  private static final FaceSet TEST = FACES.subset(IntStream.range(40, 50).toArray());
  private static final NmfOptions OPTIONS = NmfOptions.defaults(6)
      .withSolver(Solver.MU).withInit(InitMethod.RANDOM).withMaxIterations(60).withTol(0).withSeed(3);

  @Test
  void trainingFacesAreTheFitsOwnProductAndHeldOutFacesAreCodedByTransform() {
    NmfMethod method = new NmfMethod(OPTIONS);
    long[] progress = new long[2];
    FitResult fit = method.fit(TRAIN, (done, total) -> {
      progress[0] = done;
      progress[1] = total;
    });
    NmfFit direct = new Nmf(OPTIONS).fit(NmfData.ofImagesByPixels(TRAIN.pixels()));
    FloatMatrix components = direct.model().components();

    assertThat(fit.steps()).isEqualTo(60);
    assertThat(progress).containsExactly(60, 60);
    assertThat(method.reconstructTraining(TRAIN).toArray())
        .isEqualTo(Blas.multiply(true, direct.codes(), false, components).toArray());
    FloatMatrix testCodes = direct.model().transform(NmfData.ofImagesByPixels(TEST.pixels()));
    assertThat(method.reconstruct(TEST).toArray())
        .isEqualTo(Blas.multiply(true, testCodes, false, components).toArray());
    assertThat(method.basisImages()).hasValueSatisfying(b -> assertThat(b.toArray()).isEqualTo(components.toArray()));
  }

  @Test
  void reportsCodeSizeParametersAndTheRelativeErrorCurve() {
    NmfMethod method = new NmfMethod(OPTIONS);
    FitResult fit = method.fit(TRAIN, Progress.NONE);
    assertThat(method.codeSize()).isEqualTo(6);
    assertThat(method.parameterCount()).isEqualTo(6L * 24 * 20);
    assertThat(method.name()).isEqualTo("NMF k=6, 60 it");
    assertThat(method.settings()).containsEntry("k", 6).containsEntry("init", "random").containsEntry("tol", 0.0);
    assertThat(fit.reportsSeconds()).as("NMF is timed by the study's clock").isFalse();
    Curve curve = fit.curves().get(0);
    assertThat(curve.steps()).containsExactly(10, 20, 30, 40, 50, 60);
    double[] v = curve.values();
    assertThat(v[v.length - 1]).isLessThan(v[0]).isCloseTo(
        new Nmf(OPTIONS).fit(NmfData.ofImagesByPixels(TRAIN.pixels())).relativeError(),
        org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void refusesOtherFacesAsItsTrainingFaces() {
    NmfMethod method = new NmfMethod(OPTIONS);
    assertThatThrownBy(() -> method.reconstruct(TEST)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not fitted");
    method.fit(TRAIN, Progress.NONE);
    assertThatThrownBy(() -> method.reconstructTraining(TEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fitted on 40 faces, not these 10");
  }
}
