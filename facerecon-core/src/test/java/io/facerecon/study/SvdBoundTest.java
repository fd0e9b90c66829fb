package io.facerecon.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Lapack;
import io.facerecon.linalg.NumpyRandomState;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import io.facerecon.data.FaceSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SvdBoundTest {
  @Test
  void theBoundIsTheTruncatedSvdsOwnError() {
    FloatMatrix v = new NumpyRandomState(4).standardNormal(30, 12);
    SvdBound bound = SvdBound.of(v);
    Lapack.Svd svd = Lapack.svd(v);
    for (int k = 1; k <= 12; k++) {
      FloatMatrix us = FloatMatrix.zeros(30, k);
      for (int i = 0; i < 30; i++) {
        for (int j = 0; j < k; j++) {
          us.set(i, j, svd.u().get(i, j) * svd.s()[j]);
        }
      }
      FloatMatrix vk = Blas.multiply(false, us, false, svd.vt().rowRange(0, k));
      double error = 0;
      for (int i = 0; i < v.size(); i++) {
        error += Math.pow(v.get(i) - vk.get(i), 2);
      }
      assertThat(bound.error(k)).as("k=%d", k).isCloseTo(Math.sqrt(error), within(1e-4));
    }
    assertThat(bound.error(12)).isZero();
    assertThat(bound.error(40)).isZero();
  }

  @Test
  void nmfInAStudyIsNeverBelowTheBoundOfItsRank() {
    FaceSet faces = SyntheticFaces.create(60, 4, 24, 20, 7);
    FaceSet train = faces.subset(IntStream.range(0, 48).toArray());
    FaceSet test = faces.subset(IntStream.range(48, 60).toArray());
    NmfMethod nmf = new NmfMethod(NmfOptions.defaults(5).withSolver(Solver.MU).withMaxIterations(50));
    Study study = new StudyRunner(io.facerecon.eval.Ssim.SKIMAGE_DEFAULT, Phases.NONE, 3)
        .run(new StudySetup("synthetic", "48 / 12", 3, Map.of()), train, test, List.of(nmf));
    LinearCode code = study.runs().get(0).linearCode().orElseThrow();
    assertThat(code.svdRatioTrain()).isGreaterThanOrEqualTo(1);
    assertThat(code.svdRatioTest()).isGreaterThanOrEqualTo(1);
    assertThat(code.basisSparseness()).isBetween(0.0, 1.0);
    assertThat(code.codeSparseness()).isBetween(0.0, 1.0);
    assertThat(code.galleryCodes().rows()).isEqualTo(3);
    assertThat(code.galleryCodes().cols()).isEqualTo(5);
  }
}
