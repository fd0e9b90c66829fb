package io.facerecon.decomposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.BadInputException;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.testing.GoldenTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What fitted PCA and truncated SVD models do, and their files. */
class SubspaceModelTest {
  private static final GoldenTensors DATA = GoldenTensors.load("decomposition/data.safetensors");
  @TempDir Path dir;

  private static double maxAbsDifference(FloatMatrix a, FloatMatrix b) {
    double d = 0;
    for (int i = 0; i < a.size(); i++) {
      d = Math.max(d, Math.abs(a.get(i) - b.get(i)));
    }
    return d;
  }

  @Test
  void componentsAreOrthonormal() {
    for (SvdSolver solver : new SvdSolver[] {SvdSolver.FULL, SvdSolver.RANDOMIZED}) {
      FloatMatrix c = new Pca(PcaOptions.defaults(8).withSolver(solver)).fit(DATA.matrix("tall")).components();
      FloatMatrix gram = Blas.multiply(false, c, true, c);
      for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 8; j++) {
          assertThat((double) gram.get(i, j)).as("%s C·Cᵀ[%d,%d]", solver, i, j).isCloseTo(i == j ? 1 : 0,
              org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
  }

  @Test
  void allComponentsReconstructTheDataExactly() {
    FloatMatrix x = DATA.matrix("tall");
    PcaModel model = new Pca(PcaOptions.defaults(ComponentCount.all())).fit(x);
    assertThat(model.k()).isEqualTo(40);
    assertThat(model.noiseVariance()).isZero();
    assertThat(maxAbsDifference(model.reconstruct(x), x)).isLessThan(1e-4);
  }

  @Test
  void whitenedTrainingCodesHaveUnitVarianceAndInvertExactly() {
    FloatMatrix x = DATA.matrix("wide");
    Pca.Fit fit = new Pca(PcaOptions.defaults(5).withWhiten(true)).fitTransform(x);
    FloatMatrix z = fit.model().transform(x);
    for (int j = 0; j < 5; j++) {
      double ss = 0;
      for (int i = 0; i < z.rows(); i++) {
        ss += (double) z.get(i, j) * z.get(i, j);
      }
      assertThat(ss / (z.rows() - 1)).as("variance of code %d", j).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-4));
    }
    assertThat(maxAbsDifference(fit.model().reconstruct(x), fit.model().inverseTransform(z))).isLessThan(1e-5);
  }

  @Test
  void theRandomizedSolverFindsTheFullSolversLeadingComponents() {
    FloatMatrix x = DATA.matrix("tall");
    PcaModel full = new Pca(PcaOptions.defaults(3).withSolver(SvdSolver.FULL)).fit(x);
    PcaModel randomized = new Pca(PcaOptions.defaults(3).withSolver(SvdSolver.RANDOMIZED)).fit(x);
    assertThat(GoldenTensors.relativeMaxDifference(randomized.components(), full.components())).isLessThan(1e-3);
    assertThat(randomized.noiseVariance()).isCloseTo(full.noiseVariance(), org.assertj.core.data.Percentage.withPercentage(0.1));
  }

  @Test
  void theSameSeedGivesTheSameModel() {
    FloatMatrix x = DATA.matrix("wide");
    PcaOptions options = PcaOptions.defaults(4).withSolver(SvdSolver.RANDOMIZED).withSeed(11);
    assertThat(new Pca(options).fit(x).components().toArray())
        .containsExactly(new Pca(options).fit(x).components().toArray());
  }

  @Test
  void pcaModelsSurviveTheirFile() throws IOException {
    FloatMatrix x = DATA.matrix("wide");
    PcaModel model = new Pca(PcaOptions.defaults(4).withWhiten(true).withSeed(3)).fit(x).withImageSize(9, 10);
    Path file = dir.resolve("pca.safetensors");
    model.save(file, Map.of("source", "synthetic"));
    SubspaceModel.Loaded loaded = SubspaceModel.loadWithMetadata(file);
    assertThat(loaded.metadata()).containsEntry("format", PcaModel.FORMAT).containsEntry("source", "synthetic");
    PcaModel back = (PcaModel) loaded.model();
    assertThat(back.whiten()).isTrue();
    assertThat(back.seed()).isEqualTo(3);
    assertThat(back.solver()).isEqualTo(SvdSolver.FULL);
    assertThat(back.samples()).isEqualTo(30);
    assertThat(back.noiseVariance()).isEqualTo(model.noiseVariance());
    assertThat(back.imageHeight()).isEqualTo(9);
    assertThat(back.imageWidth()).isEqualTo(10);
    assertThat(back.mean()).containsExactly(model.mean());
    assertThat(back.spectrum().explainedVariance()).containsExactly(model.spectrum().explainedVariance());
    FloatMatrix fresh = DATA.matrix("wide_new");
    assertThat(back.reconstruct(fresh, 9, 10).toArray()).containsExactly(model.reconstruct(fresh).toArray());
    assertThat(back.codeSize()).isEqualTo(4);
    assertThatThrownBy(() -> back.reconstruct(fresh, 10, 9)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("made for 9x10 images");
    assertThatThrownBy(() -> TruncatedSvdModel.load(file)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("expected " + TruncatedSvdModel.FORMAT);
  }

  @Test
  void truncatedSvdModelsSurviveTheirFile() throws IOException {
    FloatMatrix x = DATA.matrix("tall");
    TruncatedSvdModel model = new TruncatedSvd(TruncatedSvdOptions.defaults(3).withSeed(5)).fit(x);
    Path file = dir.resolve("svd.safetensors");
    model.save(file);
    TruncatedSvdModel back = TruncatedSvdModel.load(file);
    assertThat(back.algorithm()).isEqualTo(SvdSolver.RANDOMIZED);
    assertThat(back.seed()).isEqualTo(5);
    assertThat(back.imageHeight()).isZero();
    assertThat(back.components().toArray()).containsExactly(model.components().toArray());
    assertThat(back.transform(x).toArray()).containsExactly(model.transform(x).toArray());
    assertThatThrownBy(() -> PcaModel.load(file)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("expected " + PcaModel.FORMAT);
  }

  @Test
  void damagedFilesAreRefusedNamingTheFile() throws IOException {
    PcaModel model = new Pca(PcaOptions.defaults(2)).fit(DATA.matrix("tall"));
    Path file = dir.resolve("model.safetensors");
    model.save(file);
    SafeTensors.Contents contents = SafeTensors.read(file);

    Path other = dir.resolve("other.safetensors");
    Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
    meta.put("format", "facerecon-nmf");
    SafeTensors.write(other, contents.tensors(), meta);
    assertThatThrownBy(() -> SubspaceModel.loadWithMetadata(other)).isInstanceOf(BadInputException.class)
        .hasMessageContaining(other.toString()).hasMessageContaining("not a facerecon PCA or truncated SVD model");

    meta = new LinkedHashMap<>(contents.metadata());
    meta.put("n_samples", "many");
    SafeTensors.write(other, contents.tensors(), meta);
    assertThatThrownBy(() -> PcaModel.load(other)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("PCA model header 'n_samples' is 'many', expected an integer");

    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(contents.tensors());
    tensors.remove(SubspaceModel.MEAN);
    SafeTensors.write(other, tensors, contents.metadata());
    assertThatThrownBy(() -> PcaModel.load(other)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("'mean' of 40 values, found none");

    tensors = new LinkedHashMap<>(contents.tensors());
    FloatMatrix broken = contents.tensors().get(SubspaceModel.COMPONENTS).values().copy();
    broken.set(3, Float.NaN);
    tensors.put(SubspaceModel.COMPONENTS, new SafeTensors.Tensor(new int[] {2, 40}, broken));
    SafeTensors.write(other, tensors, contents.metadata());
    assertThatThrownBy(() -> PcaModel.load(other)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("'components' holds NaN");

    meta = new LinkedHashMap<>(contents.metadata());
    meta.put("height", "7");
    meta.put("width", "7");
    SafeTensors.write(other, contents.tensors(), meta);
    assertThatThrownBy(() -> PcaModel.load(other)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("image size of 7x7");
  }
}
