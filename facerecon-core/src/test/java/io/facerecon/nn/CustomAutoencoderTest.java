package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.ExecutionContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A network of the user's own layers trains, replicates across threads and saves like the built-in ones. */
class CustomAutoencoderTest {
  private static final int H = 14;
  private static final int W = 11;

  private static Autoencoder custom(long seed) {
    Init init = new Init(seed);
    return Autoencoder.custom(H, W,
        () -> Sequential.of(new Conv2d(1, 6, 3, 2, 1, Activation.RELU).initialise(init)),
        () -> Sequential.of(new ConvTranspose2d(6, 1, 3, 2, 1, 1, Activation.SIGMOID).initialise(init)));
  }

  @Test
  void itTrainsAndItsCodeIsTheEncodersOutput() {
    Tensor train = TrainerTest.images(24, 1);
    Autoencoder ae = custom(3);
    assertThat(ae.architecture()).isEqualTo(Architecture.CUSTOM);
    assertThat(ae.codeSize()).isEqualTo(6 * 7 * 6);
    double before = ae.meanSquaredError(train);
    TrainingResult result = new Trainer(ae, Trainer.Options.defaults().withEpochs(30).withBatchSize(8).withLr(1e-2),
        TrainingListener.NONE).fit(train);
    assertThat(result.epochs()).isEqualTo(30);
    assertThat(ae.meanSquaredError(train)).isLessThan(before / 2);
    assertThat(ae.encode(train).shape().size()).isEqualTo(ae.codeSize());
  }

  @Test
  void optionsStartFromTheStudysSettingsAndChangeOneAtATime() {
    Trainer.Options o = Trainer.Options.defaults();
    assertThat(o).isEqualTo(new Trainer.Options(20, 32, Adam.Settings.defaults(1e-3), 0, 0));
    Adam.Settings decay = new Adam.Settings(1e-3, 0.9, 0.999, 1e-8, 1e-4);
    Trainer.Options changed = o.withEpochs(5).withBatchSize(16).withLr(2e-3).withSeed(9).withPatience(3);
    assertThat(changed).isEqualTo(new Trainer.Options(5, 16, Adam.Settings.defaults(2e-3), 9, 3));
    assertThat(changed.withAdam(decay).adam()).isEqualTo(decay);
    assertThatThrownBy(() -> o.withBatchSize(0)).isInstanceOf(BadInputException.class).hasMessageStartingWith("batchSize");
  }

  @Test
  void oneThreadAndTwoGiveTheSameWeights() {
    Tensor train = TrainerTest.images(21, 2);
    Trainer.Options options = Trainer.Options.defaults().withEpochs(2).withBatchSize(8);
    float[][] weights = new float[2][];
    for (int t = 1; t <= 2; t++) {
      Autoencoder ae = custom(5);
      ExecutionContext.ofThreads(t).run(() -> new Trainer(ae, options, TrainingListener.NONE).fit(train));
      weights[t - 1] = ae.parameters().get(0).value().toArray();
    }
    assertThat(weights[1]).containsExactly(weights[0]);
  }

  @Test
  void itsWeightsLoadIntoTheSameNetwork(@TempDir Path tmp) throws Exception {
    Autoencoder trained = custom(7);
    new Trainer(trained, Trainer.Options.defaults().withEpochs(1), TrainingListener.NONE).fit(TrainerTest.images(8, 3));
    Path file = tmp.resolve("custom.safetensors");
    ModelFile.save(trained, file);
    assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("Autoencoder.custom");
    Autoencoder fresh = custom(8);
    ModelFile.loadWeights(file, fresh);
    Tensor x = TrainerTest.images(5, 4);
    assertThat(fresh.reconstruct(x).matrix().toArray()).containsExactly(trained.reconstruct(x).matrix().toArray());
  }
}
