package io.facerecon.eval;

import io.facerecon.linalg.ExecutionContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  private static FloatMatrix random(int n, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    FloatMatrix m = FloatMatrix.zeros(n, d);
    for (int k = 0; k < m.size(); k++) {
      m.set(k, (float) rng.nextDouble());
    }
    return m;
  }

  @Test
  void summariesNameTwoDifferentPsnrs() {
    // Image 0 off by 0.1 everywhere (MSE 0.01), image 1 off by 0.01 (MSE 1e-4).
    FloatMatrix a = FloatMatrix.zeros(2, 64);
    a.fill(0.5f);
    FloatMatrix b = a.copy();
    for (int k = 0; k < 64; k++) {
      b.set(0, k, 0.6f);
      b.set(1, k, 0.51f);
    }
    Evaluation e = Evaluation.of(a, b, 8, 8, Ssim.SKIMAGE_DEFAULT);
    assertThat(e.imageCount()).isEqualTo(2);
    assertThat(e.perImageMse()[0]).isCloseTo(0.01, within(1e-8));
    assertThat(e.perImageMse()[1]).isCloseTo(1e-4, within(1e-9));
    assertThat(e.meanMse()).isCloseTo(0.00505, within(1e-8));
    assertThat(e.psnrOfMeanMse()).isCloseTo(10 * Math.log10(1 / 0.00505), within(1e-5));
    assertThat(e.meanPsnr()).isCloseTo((20.0 + 40.0) / 2, within(1e-5));
    assertThat(e.meanPsnr()).isGreaterThan(e.psnrOfMeanMse());
  }

  @Test
  void perfectReconstructionHasInfinitePsnrAndSsimOne() {
    FloatMatrix a = random(3, 144, 1);
    Evaluation e = Evaluation.of(a, a.copy(), 12, 12, Ssim.WANG2004);
    assertThat(e.meanMse()).isZero();
    assertThat(e.psnrOfMeanMse()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(e.meanPsnr()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(e.meanSsim()).isCloseTo(1.0, within(1e-12));
    assertThat(e.ssimPreset()).isSameAs(Ssim.WANG2004);
  }

  @Test
  void parallelPerImageEqualsSerialForAnyThreadCount() {
    FloatMatrix a = random(37, 62 * 47, 2);
    FloatMatrix b = random(37, 62 * 47, 3);
    int before = Parallel.threads();
    try {
      ExecutionContext.setDefault(ExecutionContext.ofThreads(1));
      double[] serial = Ssim.SKIMAGE_DEFAULT.perImage(a, b, 62, 47);
      ExecutionContext.setDefault(ExecutionContext.ofThreads(2));
      double[] parallel = Ssim.SKIMAGE_DEFAULT.perImage(a, b, 62, 47);
      assertThat(parallel).containsExactly(serial);
      for (int i = 0; i < 37; i += 9) {
        assertThat(serial[i]).isEqualTo(Ssim.SKIMAGE_DEFAULT.compute(a.row(i), b.row(i), 62, 47));
      }
    } finally {
      ExecutionContext.setDefault(ExecutionContext.ofThreads(before));
    }
  }

  @Test
  void rejectsMismatchedShapesAndTinyImages() {
    assertThatThrownBy(() -> Evaluation.of(random(2, 64, 1), random(3, 64, 1), 8, 8, Ssim.SKIMAGE_DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2x64 vs 3x64");
    assertThatThrownBy(() -> Evaluation.of(random(2, 36, 1), random(2, 36, 1), 6, 6, Ssim.SKIMAGE_DEFAULT))
        .hasMessageContaining("at least 7x7");
    assertThatThrownBy(() -> Ssim.preset("gauss"))
        .hasMessageContaining("skimage-default or wang2004");
    assertThat(Ssim.preset("wang2004")).isSameAs(Ssim.WANG2004);
    assertThat(Ssim.WANG2004.windowSize()).isEqualTo(11);
    assertThat(Ssim.SKIMAGE_DEFAULT.description()).contains("7×7 uniform", "sample covariance");
  }
}
