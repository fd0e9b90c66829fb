package io.facerecon.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.data.Occlusion;
import io.facerecon.eval.HoleMetrics;
import io.facerecon.eval.ImageMetrics;
import io.facerecon.eval.Ssim;
import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.NmfEstimator;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nn.Autoencoder;
import io.facerecon.nn.ModelFile;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconstructing batch by batch: every batch size gives an autoencoder's numbers of one call on all
 * faces; one batch of all faces gives an NMF model's.
 */
class ReconstructionTest {
  private static final int H = 12;
  private static final int W = 10;

  @TempDir Path dir;

  private final FaceSet faces = SyntheticFaces.create(23, 3, H, W, 5);

  /** What a batch-by-batch run handed its sink, gathered. */
  private static final class Gathered implements Reconstruction.Sink {
    final FloatMatrix reconstructions;
    final FloatMatrix masks;
    int next;

    Gathered(int n, int p) {
      reconstructions = FloatMatrix.zeros(n, p);
      masks = FloatMatrix.zeros(n, p);
    }

    @Override
    public void accept(Reconstruction.Batch batch) {
      assertThat(batch.first()).isEqualTo(next);
      int rows = batch.reconstructions().rows();
      reconstructions.rowRange(next, next + rows).copyFrom(batch.reconstructions());
      if (batch.masks() != null) {
        masks.rowRange(next, next + rows).copyFrom(batch.masks());
      }
      next += rows;
    }
  }

  private SavedModel autoencoder() throws Exception {
    Path file = dir.resolve("ae.safetensors");
    ModelFile.save(Autoencoder.study(H, W, 3), file);
    return SavedModel.load(file);
  }

  @Test
  void everyBatchSizeGivesTheAutoencodersNumbersOfOneCall() throws Exception {
    SavedModel model = autoencoder();
    FloatMatrix whole = model.reconstruct(faces);
    double mse = ImageMetrics.mse(faces.pixels().toArray(), whole.toArray());
    for (int batch : new int[] {1, 4, 7, 23, 100}) {
      Gathered sink = new Gathered(faces.size(), H * W);
      Reconstruction.Result r = Reconstruction.run(
          model, FaceStream.of(faces), new Reconstruction.Settings(batch, null, 0, OptionalDouble.empty()), sink);
      assertThat(sink.next).isEqualTo(faces.size());
      assertThat(sink.reconstructions.toArray()).as("batch %d", batch).isEqualTo(whole.toArray());
      assertThat(r.mse()).isEqualTo(mse);
      assertThat(r.images()).isEqualTo(faces.size());
      assertThat(r.hole()).isNull();
    }
  }

  @Test
  void occludedFacesGetTheFillMasksAndHoleMetricsOfOneCall() throws Exception {
    SavedModel model = autoencoder();
    Occlusion occlusion = Occlusion.parse("block:0.3");
    FloatMatrix masks = occlusion.masks(faces.size(), H, W, 9);
    double sum = 0;
    long visible = 0;
    for (int i = 0; i < masks.size(); i++) {
      if (masks.get(i) == 0) {
        sum += faces.pixels().get(i);
        visible++;
      }
    }
    double fill = sum / visible;
    FloatMatrix whole = model.reconstructOccluded(faces, masks, fill);
    HoleMetrics hole = HoleMetrics.of(faces.pixels(), whole, masks, H, W, Ssim.SKIMAGE_DEFAULT);
    for (int batch : new int[] {3, 23}) {
      Gathered sink = new Gathered(faces.size(), H * W);
      Reconstruction.Result r = Reconstruction.run(
          model, FaceStream.of(faces), new Reconstruction.Settings(batch, occlusion, 9, OptionalDouble.empty()), sink);
      assertThat(r.fill()).isEqualTo(fill);
      assertThat(sink.masks.toArray()).isEqualTo(masks.toArray());
      assertThat(sink.reconstructions.toArray()).isEqualTo(whole.toArray());
      assertThat(r.hole()).isEqualTo(hole);
      assertThat(r.mse()).isEqualTo(ImageMetrics.mse(faces.pixels().toArray(), whole.toArray()));
    }
    Reconstruction.Result given = Reconstruction.run(model, FaceStream.of(faces),
        new Reconstruction.Settings(5, occlusion, 9, OptionalDouble.of(0.25)), new Gathered(faces.size(), H * W));
    assertThat(given.fill()).isEqualTo(0.25);
  }

  @Test
  void anNmfModelInOneBatchGivesItsReconstructionOfAllFaces() throws Exception {
    NmfEstimator nmf = new NmfEstimator(NmfOptions.defaults(4)).fit(faces);
    Path file = dir.resolve("nmf.safetensors");
    nmf.model().withImageSize(H, W).save(file);
    SavedModel model = SavedModel.load(file);
    Gathered sink = new Gathered(faces.size(), H * W);
    Reconstruction.run(model, FaceStream.of(faces),
        new Reconstruction.Settings(faces.size(), null, 0, OptionalDouble.empty()), sink);
    assertThat(sink.reconstructions.toArray()).isEqualTo(model.reconstruct(faces).toArray());
  }

  @Test
  void facesOfAnotherSizeAreRefused() throws Exception {
    SavedModel model = autoencoder();
    FaceSet other = SyntheticFaces.create(4, 1, H + 1, W, 5);
    assertThatThrownBy(() -> Reconstruction.run(model, FaceStream.of(other),
            new Reconstruction.Settings(4, null, 0, OptionalDouble.empty()), batch -> {}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("made for 12x10");
    assertThatThrownBy(() -> new Reconstruction.Settings(0, null, 0, OptionalDouble.empty()))
        .hasMessageContaining("batchSize");
  }
}
