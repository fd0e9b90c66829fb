package io.facerecon.decomposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.NumpyRandomState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Settings and data PCA and TruncatedSVD refuse, with messages that say what and where. */
class DecompositionBadInputTest {
  private static final FloatMatrix DATA = new NumpyRandomState(0).standardNormal(12, 8);

  private static InvalidParameterException parameter(Runnable action) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(action::run);
    assertThat(t).isInstanceOf(InvalidParameterException.class);
    return (InvalidParameterException) t;
  }

  @ParameterizedTest
  @EnumSource(value = SvdSolver.class, names = {"FULL", "RANDOMIZED", "AUTO"})
  void pcaRefusesMoreComponentsThanTheSmallerSide(SvdSolver solver) {
    InvalidParameterException e = parameter(() -> new Pca(PcaOptions.defaults(9).withSolver(solver)).fit(DATA));
    assertThat(e.parameter()).isEqualTo("k");
    assertThat(e).hasMessageContaining("min(images, pixels) = 8").hasMessageContaining("12 images of 8 pixels")
        .hasMessageContaining("got 9");
  }

  @ParameterizedTest
  @EnumSource(value = SvdSolver.class, names = {"FULL", "RANDOMIZED"})
  void truncatedSvdRefusesMoreComponentsThanTheSmallerSide(SvdSolver algorithm) {
    FloatMatrix wide = new NumpyRandomState(1).standardNormal(5, 20);
    InvalidParameterException e = parameter(
        () -> new TruncatedSvd(TruncatedSvdOptions.defaults(6).withAlgorithm(algorithm)).fit(wide));
    assertThat(e.parameter()).isEqualTo("k");
    assertThat(e).hasMessageContaining("min(images, pixels) = 5");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1, -0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
  void aVarianceFractionMustLieStrictlyBetweenZeroAndOne(double fraction) {
    InvalidParameterException e = parameter(() -> ComponentCount.varianceFraction(fraction));
    assertThat(e.parameter()).isEqualTo("varianceFraction");
    assertThat(e).hasMessageContaining("strictly between 0 and 1");
  }

  @Test
  void aVarianceFractionNeedsTheFullSolver() {
    InvalidParameterException e = parameter(() -> PcaOptions.defaults(ComponentCount.varianceFraction(0.9))
        .withSolver(SvdSolver.RANDOMIZED));
    assertThat(e.parameter()).isEqualTo("solver");
    assertThat(new Pca(PcaOptions.defaults(ComponentCount.varianceFraction(0.9))).fit(DATA).solver())
        .as("auto").isEqualTo(SvdSolver.FULL);
  }

  @Test
  void settingsOutOfRangeNameTheirParameter() {
    assertThat(parameter(() -> ComponentCount.of(0)).parameter()).isEqualTo("k");
    assertThat(parameter(() -> PcaOptions.defaults(2).withOversamples(0)).parameter()).isEqualTo("oversamples");
    assertThat(parameter(() -> PcaOptions.defaults(2).withPowerIterations(-2)).parameter()).isEqualTo("powerIterations");
    assertThat(parameter(() -> TruncatedSvdOptions.defaults(0)).parameter()).isEqualTo("k");
    assertThat(parameter(() -> TruncatedSvdOptions.defaults(2).withAlgorithm(SvdSolver.AUTO)).parameter())
        .isEqualTo("algorithm");
    assertThat(parameter(() -> TruncatedSvdOptions.defaults(2).withIterations(-1)).parameter()).isEqualTo("iterations");
  }

  @Test
  void nanAndInfinityAreCountedAndLocated() {
    FloatMatrix x = DATA.copy();
    x.set(0, 5, Float.NaN);
    x.set(2, 7, Float.NaN);
    x.set(3, 1, Float.POSITIVE_INFINITY);
    assertThatThrownBy(() -> new Pca(PcaOptions.defaults(2)).fit(x)).isInstanceOf(BadInputException.class)
        .hasMessage("x holds 2 NaN and 1 infinite values, at (image 0, pixel 5), (image 2, pixel 7),"
            + " (image 3, pixel 1); PCA needs complete, finite data");
    assertThatThrownBy(() -> new TruncatedSvd(TruncatedSvdOptions.defaults(2)).fit(x))
        .isInstanceOf(BadInputException.class).hasMessageContaining("truncated SVD");
  }

  @Test
  void manyNanValuesAreCountedAndTheFirstFewShown() {
    FloatMatrix x = DATA.copy();
    for (int i = 0; i < 12; i++) {
      x.set(i, 3, Float.NaN);
    }
    assertThatThrownBy(() -> new Pca(PcaOptions.defaults(2)).fit(x))
        .hasMessageStartingWith("x holds 12 NaN values, the first at (image 0, pixel 3), (image 1, pixel 3)")
        .hasMessageContaining("(image 4, pixel 3); PCA needs");
  }

  @Test
  void transformRefusesNanAndOtherSizes() {
    PcaModel model = new Pca(PcaOptions.defaults(2)).fit(DATA);
    FloatMatrix x = DATA.copy();
    x.set(1, 1, Float.NaN);
    assertThatThrownBy(() -> model.transform(x)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("x holds 1 NaN value, at (image 1, pixel 1); transform needs");
    assertThatThrownBy(() -> model.transform(FloatMatrix.zeros(3, 7))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("7 pixels").hasMessageContaining("made for 8");
    assertThatThrownBy(() -> model.inverseTransform(FloatMatrix.zeros(3, 3)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("expected k = 2");
  }

  @Test
  void pcaNeedsTwoImages() {
    assertThatThrownBy(() -> new Pca(PcaOptions.defaults(1)).fit(FloatMatrix.zeros(1, 5)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("at least 2 images");
  }

  @Test
  void whiteningAComponentWithoutVarianceIsRefused() {
    // Two distinct images: after centring, rank 1; the second component explains nothing.
    FloatMatrix x = FloatMatrix.of(2, 3, 1, 2, 3, 2, 2, 2);
    assertThatThrownBy(() -> new Pca(PcaOptions.defaults(2).withSolver(SvdSolver.FULL).withWhiten(true)).fit(x))
        .isInstanceOf(BadInputException.class).hasMessageContaining("component 1 explains no variance");
  }
}
