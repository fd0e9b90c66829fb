package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facerecon.data.FaceSet;
import io.facerecon.io.BadInputException;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.study.SyntheticFaces;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scikit-learn-shaped API gives the same numbers as the factorisation under it, transposed. */
class NmfEstimatorTest {
  private static final FaceSet TRAIN = SyntheticFaces.create(40, 4, 12, 10, 1);
  private static final FaceSet TEST = SyntheticFaces.create(9, 3, 12, 10, 2);
  private static final NmfOptions OPTIONS = NmfOptions.defaults(5).withMaxIterations(50);

  @Test
  void fitTransformIsTheTransposeOfHAndComponentsOfW() {
    NmfEstimator nmf = new NmfEstimator(OPTIONS);
    FloatMatrix codes = nmf.fitTransform(TRAIN);
    NmfFit direct = new Nmf(OPTIONS).fit(NmfData.ofImagesByPixels(TRAIN.pixels()));
    assertThat(codes.rows()).isEqualTo(40);
    assertThat(codes.cols()).isEqualTo(5);
    assertThat(codes.toArray()).containsExactly(direct.codes().transpose().toArray());
    assertThat(nmf.components().rows()).isEqualTo(5);
    assertThat(nmf.components().cols()).isEqualTo(120);
    assertThat(nmf.components().toArray()).containsExactly(direct.model().components().toArray());
    assertThat(nmf.basis().toArray()).containsExactly(direct.basis().toArray());
    assertThat(nmf.codes().toArray()).containsExactly(direct.codes().toArray());
    assertThat(nmf.nIter()).isEqualTo(direct.iterations());
    assertThat(nmf.reconstructionErr()).isEqualTo(direct.reconstructionError());
    assertThat(nmf.lastFit().history().stream().map(NmfFit.ErrorPoint::error).toList())
        .isEqualTo(direct.history().stream().map(NmfFit.ErrorPoint::error).toList());
  }

  @Test
  void aMatrixOfImagesByPixelsFitsAsTheFacesDo() {
    FloatMatrix fromFaces = new NmfEstimator(OPTIONS).fitTransform(TRAIN);
    FloatMatrix fromMatrix = new NmfEstimator(OPTIONS).fitTransform(TRAIN.pixels());
    assertThat(fromMatrix.toArray()).containsExactly(fromFaces.toArray());
  }

  @Test
  void reconstructIsTransformThenInverseTransform() {
    NmfEstimator nmf = new NmfEstimator(OPTIONS).fit(TRAIN);
    FloatMatrix codes = nmf.transform(TEST);
    assertThat(codes.rows()).isEqualTo(9);
    FloatMatrix images = nmf.inverseTransform(codes);
    assertThat(images.toArray()).containsExactly(Blas.multiply(false, codes, false, nmf.components()).toArray());
    float[] oneCall = nmf.reconstruct(TEST).toArray();
    float[] twoCalls = images.toArray();
    for (int i = 0; i < oneCall.length; i++) {
      assertThat(oneCall[i]).isCloseTo(twoCalls[i], within(1e-5f));
    }
  }

  @Test
  void aSavedModelKeepsItsImageSizeAndReconstructsAlone(@TempDir Path tmp) throws Exception {
    NmfEstimator nmf = new NmfEstimator(OPTIONS).fit(TRAIN);
    Path file = tmp.resolve("nmf.safetensors");
    nmf.model().save(file);
    NmfModel loaded = NmfModel.load(file).model();
    assertThat(loaded.imageHeight()).isEqualTo(12);
    assertThat(loaded.imageWidth()).isEqualTo(10);
    assertThat(loaded.reconstruct(TEST).toArray()).containsExactly(nmf.reconstruct(TEST).toArray());
    FaceSet other = SyntheticFaces.create(4, 2, 10, 12, 3);
    assertThatThrownBy(() -> loaded.reconstruct(other)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("12x10");
  }

  @Test
  void usingItBeforeFittingSaysSo() {
    assertThatThrownBy(() -> new NmfEstimator(OPTIONS).components())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not fitted");
    NmfEstimator nmf = new NmfEstimator(OPTIONS).fit(TRAIN);
    assertThatThrownBy(() -> nmf.inverseTransform(FloatMatrix.zeros(2, 4)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("expected k = 5");
  }
}
