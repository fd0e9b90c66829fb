package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import io.facerecon.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two epochs of the study's model on the first 256 LFW faces, replaying PyTorch's initial weights
 * and image order (from {@code tools/golden/ae_lfw_epochs.py}): every minibatch loss and both epoch
 * losses agree within 1e-4 relative.
 */
class LfwTrainingGoldenTest {
  private static final double RTOL = 1e-4;

  @Test
  void twoEpochsMatchPyTorch() throws Exception {
    Golden golden = Golden.load("lfw_two_epochs.safetensors");
    FaceSet faces = FaceSetLoader.load(TestData.lfwRoot(), LoadOptions.defaults().withMinFaces(75));
    Tensor images = Tensor.wrap(faces.pixels().rowRange(0, 256), new Shape(1, faces.height(), faces.width()));
    Autoencoder model = Autoencoder.create(Architecture.STUDY, faces.height(), faces.width(), 0, 1);
    for (Parameter p : model.parameters()) {
      p.set(golden.values("init." + p.name()));
    }
    EpochOrder pytorchOrder = (epoch, n) -> {
      float[] order = golden.values("order." + epoch);
      int[] perm = new int[n];
      for (int i = 0; i < n; i++) {
        perm[i] = (int) order[i];
      }
      return perm;
    };
    List<Double> batchLosses = new ArrayList<>();
    TrainingListener recorder = new TrainingListener() {
      private double previous;

      @Override
      public void batchFinished(int epoch, int batch, double runningLoss) {
        // Running mean over equal batches of 32: recover each minibatch's own loss.
        double loss = runningLoss * batch - previous * (batch - 1);
        batchLosses.add(loss);
        previous = batch == 8 ? 0 : runningLoss;
      }
    };
    Trainer trainer = new Trainer(
        model, new Trainer.Options(2, 32, Adam.Settings.defaults(1e-3), 0, 0), pytorchOrder, recorder);
    TrainingResult result = trainer.fit(images, null, null, false);

    float[] expectedBatches = golden.values("batch_loss");
    assertThat(batchLosses).hasSize(expectedBatches.length);
    for (int i = 0; i < expectedBatches.length; i++) {
      assertThat(batchLosses.get(i)).as("minibatch %d loss", i)
          .isCloseTo(expectedBatches[i], offset(RTOL * expectedBatches[i]));
    }
    float[] expectedEpochs = golden.values("epoch_loss");
    assertThat(result.lossHistory()).hasSize(2);
    for (int e = 0; e < 2; e++) {
      assertThat(result.lossHistory().get(e)).as("epoch %d loss", e + 1)
          .isCloseTo(expectedEpochs[e], offset(RTOL * expectedEpochs[e]));
    }
  }
}
