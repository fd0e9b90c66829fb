package io.facerecon.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import io.facerecon.data.Occlusion;
import io.facerecon.data.Split;
import io.facerecon.eval.HoleMetrics;
import io.facerecon.eval.Ssim;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nn.Architecture;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.facerecon.testing.TestData;

/**
 * On LFW (the study's 1,217 faces at the study's size, split as compare splits them), the denoising
 * autoencoder trained with block:0.25 fills the hidden block of held-out faces better than the
 * plain autoencoder of the same settings and training length. A few epochs keep it affordable.
 */
class DenoisingLfwTest {
  private static final int EPOCHS = 3;

  @Test
  void denoisingBeatsPlainOnHolePsnrForBlockQuarter() throws java.io.IOException {
    FaceSet faces = FaceSetLoader.load(TestData.lfwRoot(), LoadOptions.defaults().withMinFaces(75));
    Split split = Split.byImage(faces, 0.2, 0);
    FaceSet train = split.train();
    FaceSet test = split.test();
    Occlusion block = Occlusion.parse("block:0.25");
    AutoencoderMethod.Settings settings = new AutoencoderMethod.Settings(Architecture.STUDY, 0, 32, 1e-3, 0);
    AutoencoderMethod plain = AutoencoderMethod.snapshots(settings, List.of(EPOCHS), null, null).get(0);
    AutoencoderMethod denoising =
        AutoencoderMethod.snapshots(settings, List.of(EPOCHS), null, null, List.of(block)).get(0);
    plain.fit(train, (done, total) -> {});
    denoising.fit(train, (done, total) -> {});

    FloatMatrix masks = block.masks(test.size(), test.height(), test.width(), 0);
    double fill = OcclusionCorruption.meanPixel(train);
    HoleMetrics plainHole = HoleMetrics.of(test.pixels(), plain.reconstructOccluded(test, masks, fill), masks,
        test.height(), test.width(), Ssim.SKIMAGE_DEFAULT);
    HoleMetrics denoisingHole = HoleMetrics.of(test.pixels(), denoising.reconstructOccluded(test, masks, fill),
        masks, test.height(), test.width(), Ssim.SKIMAGE_DEFAULT);

    assertThat(denoising.kind()).isEqualTo("DAE");
    assertThat(denoisingHole.hiddenFraction()).isBetween(0.22, 0.28);
    assertThat(denoisingHole.psnr())
        .as("hole PSNR of the denoising AE (%.2f dB) against the plain AE (%.2f dB)", denoisingHole.psnr(), plainHole.psnr())
        .isGreaterThan(plainHole.psnr());
  }
}
