package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InvalidParameterException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training whose numbers stop being finite stops as bad input naming the learning rate, points
 * to a checkpoint only when the caller keeps it, and a resumed run never shortens a longer one.
 */
class TrainerFiniteNumbersTest {
  @TempDir Path dir;

  private static Trainer.Options options(int epochs, double lr) {
    return TrainerTest.options(epochs, 0).withLr(lr);
  }

  @Test
  void aHugeLearningRateStopsTrainingNamingLr() {
    Tensor train = TrainerTest.images(16, 5);
    Autoencoder ae = TrainerTest.model();
    assertThatThrownBy(() -> new Trainer(ae, options(3, 1e20), TrainingListener.NONE).fit(train))
        .isInstanceOf(TrainingDivergedException.class)
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("lr 1.0E20 is too large: training diverged (")
        .hasMessageEndingWith("; try a smaller learning rate")
        .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("lr"));
  }

  @Test
  void oneStepTooFarIsCaughtAfterTheEpochEvenWhenItsLossWasFinite() {
    // One batch, one epoch: the only loss is measured before the only step.
    Tensor train = TrainerTest.images(8, 5);
    Autoencoder ae = TrainerTest.model();
    assertThatThrownBy(() -> new Trainer(ae, options(1, 1e30), TrainingListener.NONE).fit(train))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("after epoch 1");
  }

  @Test
  void theCheckpointIsMentionedOnlyWhenKept() throws Exception {
    Tensor train = TrainerTest.images(16, 5);
    Path ckpt = dir.resolve("ckpt.safetensors");
    new Trainer(TrainerTest.model(), options(1, 1e-2), TrainingListener.NONE).fit(train, null, ckpt, false);
    byte[] after1 = Files.readAllBytes(ckpt);

    // Resumed with an absurd rate (a new fingerprint would refuse it, so the same rate poisoned).
    Autoencoder kept = TrainerTest.model();
    TrainingListener poison = poisonInEpoch(kept, 2);
    assertThatThrownBy(() -> new Trainer(kept, options(3, 1e-2), poison).fit(train, null, ckpt, true))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("the checkpoint after epoch 1 is kept in " + ckpt);
    assertThat(Files.readAllBytes(ckpt)).isEqualTo(after1);

    Autoencoder scratch = TrainerTest.model();
    assertThatThrownBy(() -> new Trainer(scratch, options(3, 1e-2), poisonInEpoch(scratch, 2))
            .checkpointKept(false).fit(train, null, ckpt, true))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageNotContaining("checkpoint")
        .hasMessageNotContaining(ckpt.toString());
  }

  @Test
  void resumingWithFewerEpochsThanTheCheckpointHasIsRefused() throws Exception {
    Tensor train = TrainerTest.images(16, 5);
    Path ckpt = dir.resolve("ckpt.safetensors");
    new Trainer(TrainerTest.model(), options(3, 1e-2), TrainingListener.NONE).fit(train, null, ckpt, false);
    byte[] after3 = Files.readAllBytes(ckpt);
    assertThatThrownBy(() -> new Trainer(TrainerTest.model(), options(2, 1e-2), TrainingListener.NONE)
            .fit(train, null, ckpt, true))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("epochs is 2, but the checkpoint " + ckpt + " already has 3 epochs")
        .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("epochs"));
    assertThat(Files.readAllBytes(ckpt)).isEqualTo(after3);
    // As many epochs as done: nothing to train, nothing changed.
    TrainingResult same = new Trainer(TrainerTest.model(), options(3, 1e-2), TrainingListener.NONE)
        .fit(train, null, ckpt, true);
    assertThat(same.epochs()).isEqualTo(3);
    assertThat(Files.readAllBytes(ckpt)).isEqualTo(after3);
  }

  @Test
  void adamRefusesSettingsThatOverflowFloat() {
    assertThatThrownBy(() -> Adam.Settings.defaults(1e39))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("lr (learning rate) must be at most 3.4028235E38 (float's largest value")
        .hasMessageEndingWith("got 1.0E39");
    assertThatThrownBy(() -> new Adam.Settings(1e-3, 0.9, 0.999, 1e-8, 1e308))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("weightDecay must be at most 1.8446743E19")
        .hasMessageEndingWith("got 1.0E308");
    assertThat(new Adam.Settings(1e-3, 0.9, 0.999, 1e-8, 1e19).weightDecay()).isEqualTo(1e19);
  }

  @Test
  void reconstructionsThatAreNotFiniteAreRefused() {
    Autoencoder ae = TrainerTest.model();
    for (Parameter p : ae.parameters()) {
      for (int i = 0; i < p.size(); i++) {
        p.value().set(i, i % 2 == 0 ? 1e30f : -1e30f);
      }
    }
    Tensor images = TrainerTest.images(4, 5);
    assertThatThrownBy(() -> ae.reconstruct(images))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("the autoencoder's reconstructions hold ")
        .hasMessageContaining("largest magnitude 1.0E30");
    assertThatThrownBy(() -> ae.meanSquaredError(images))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("the autoencoder's reconstruction error is ");
  }

  /** Sets a weight of {@code model} to NaN once {@code epoch} starts. */
  private static TrainingListener poisonInEpoch(Autoencoder model, int epoch) {
    return new TrainingListener() {
      @Override
      public void epochStarted(int e, int batches) {
        if (e == epoch) {
          model.parameters().get(0).value().set(0, Float.NaN);
        }
      }
    };
  }
}
