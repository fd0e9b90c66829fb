package io.facerecon.nn;

import io.facerecon.linalg.ExecutionContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.linalg.Parallel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  private static final Shape IMAGE = new Shape(1, 14, 11);

  /** Smooth random blobs in [0, 1]: learnable, unlike noise. */
  static Tensor images(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Tensor t = Tensor.zeros(n, IMAGE);
    for (int i = 0; i < n; i++) {
      double cy = r.nextDouble(3, 11);
      double cx = r.nextDouble(3, 8);
      double s = r.nextDouble(2, 5);
      for (int y = 0; y < IMAGE.height(); y++) {
        for (int x = 0; x < IMAGE.width(); x++) {
          double d = ((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (s * s);
          t.set(i * IMAGE.size() + y * IMAGE.width() + x, (float) Math.exp(-d));
        }
      }
    }
    return t;
  }

  static Trainer.Options options(int epochs, int patience) {
    return new Trainer.Options(epochs, 8, Adam.Settings.defaults(1e-2), 7, patience);
  }

  static Autoencoder model() {
    return Autoencoder.create(Architecture.STUDY, IMAGE.height(), IMAGE.width(), 0, 3);
  }

  @Test
  void lossFallsAndEveryImageIsVisitedOncePerEpochIncludingTheSmallLastBatch() throws Exception {
    Tensor train = images(21, 1);
    Autoencoder ae = model();
    int[] batches = new int[1];
    TrainingListener counter = new TrainingListener() {
      @Override
      public void epochStarted(int epoch, int n) {
        batches[0] = n;
      }
    };
    double before = ae.meanSquaredError(train);
    TrainingResult result = new Trainer(ae, options(8, 0), counter).fit(train, null, null, false);
    assertThat(batches[0]).isEqualTo(3);
    assertThat(result.epochs()).isEqualTo(8);
    assertThat(ae.meanSquaredError(train)).isLessThan(before / 2);
    assertThat(result.lossHistory().get(7)).isLessThan(result.lossHistory().get(0));
  }

  @Test
  void evaluationGivesTheSameNumbersOnOneThreadAsOnTwo() {
    // 23 images: chunks of 4 and a smaller last one, taken by whichever thread is free.
    Tensor x = images(23, 4);
    Autoencoder ae = model();
    int threads = Parallel.threads();
    try {
      ExecutionContext.setDefault(ExecutionContext.ofThreads(1));
      float[] oneReconstruction = ae.reconstruct(x).toArray();
      float[] oneCode = ae.encode(x).toArray();
      double oneMse = ae.meanSquaredError(x);
      ExecutionContext.setDefault(ExecutionContext.ofThreads(2));
      assertThat(ae.reconstruct(x).toArray()).isEqualTo(oneReconstruction);
      Tensor into = Tensor.zeros(x.n(), x.shape());
      assertThat(ae.reconstruct(x, into).toArray()).isEqualTo(oneReconstruction);
      assertThat(ae.encode(x).toArray()).isEqualTo(oneCode);
      assertThat(ae.meanSquaredError(x)).isEqualTo(oneMse);
    } finally {
      ExecutionContext.setDefault(ExecutionContext.ofThreads(threads));
    }
  }

  @Test
  void reconstructingIntoATensorOfTheWrongSizeIsRefused() {
    Tensor x = images(5, 6);
    Autoencoder ae = model();
    assertThatThrownBy(() -> ae.reconstruct(x, Tensor.zeros(4, x.shape())))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("4 outputs for 5 images");
    assertThatThrownBy(() -> ae.reconstruct(x, Tensor.zeros(5, new Shape(1, 14, 12))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("outputs are");
  }

  @Test
  void trainingGivesTheSameWeightsOnOneThreadAsOnTwo() throws Exception {
    // Batches of 8 in chunks of 4, and a last batch of 3: chunks taken by whichever thread is free.
    Tensor train = images(19, 5);
    int threads = Parallel.threads();
    Autoencoder one = model();
    Autoencoder two = model();
    try {
      ExecutionContext.setDefault(ExecutionContext.ofThreads(1));
      TrainingResult a = new Trainer(one, options(3, 0), TrainingListener.NONE).fit(train, null, null, false);
      ExecutionContext.setDefault(ExecutionContext.ofThreads(2));
      TrainingResult b = new Trainer(two, options(3, 0), TrainingListener.NONE).fit(train, null, null, false);
      assertThat(b.lossHistory()).isEqualTo(a.lossHistory());
    } finally {
      ExecutionContext.setDefault(ExecutionContext.ofThreads(threads));
    }
    for (int i = 0; i < one.parameters().size(); i++) {
      assertThat(two.parameters().get(i).value().toArray()).isEqualTo(one.parameters().get(i).value().toArray());
    }
  }

  @Test
  void aResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
    Tensor train = images(20, 2);
    Tensor val = images(6, 3);
    Autoencoder whole = model();
    TrainingResult full = new Trainer(whole, options(4, 0), TrainingListener.NONE)
        .fit(train, val, dir.resolve("a.safetensors"), false);

    Path ckpt = dir.resolve("b.safetensors");
    new Trainer(model(), options(2, 0), TrainingListener.NONE).fit(train, val, ckpt, false);
    Autoencoder resumed = model();
    TrainingResult rest = new Trainer(resumed, options(4, 0), TrainingListener.NONE).fit(train, val, ckpt, true);

    assertThat(rest.lossHistory()).isEqualTo(full.lossHistory());
    assertThat(rest.validationHistory()).isEqualTo(full.validationHistory());
    List<Parameter> a = whole.parameters();
    List<Parameter> b = resumed.parameters();
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).value().toArray()).as(a.get(i).name()).isEqualTo(a.get(i).value().toArray());
    }
  }

  @Test
  void resumingWithOtherSettingsIsRefused(@TempDir Path dir) throws Exception {
    Tensor train = images(10, 2);
    Path ckpt = dir.resolve("c.safetensors");
    new Trainer(model(), options(1, 0), TrainingListener.NONE).fit(train, null, ckpt, false);
    Trainer.Options other = new Trainer.Options(2, 5, Adam.Settings.defaults(1e-2), 7, 0);
    assertThatThrownBy(() -> new Trainer(model(), other, TrainingListener.NONE).fit(train, null, ckpt, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch_size was 8, now 5");
  }

  @Test
  void aNanLossStopsTrainingAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
    Tensor train = images(10, 4);
    Path ckpt = dir.resolve("d.safetensors");
    Autoencoder ae = model();
    TrainingListener poison = new TrainingListener() {
      @Override
      public void epochStarted(int epoch, int batches) {
        if (epoch == 3) {
          ae.parameters().get(0).value().set(0, Float.NaN);
        }
      }

      @Override
      public void epochFinished(EpochRecord r) {
        if (r.epoch() == 2) {
          copy(ckpt, dir.resolve("after2"));
        }
      }
    };
    assertThatThrownBy(() -> new Trainer(ae, options(5, 0), poison).fit(train, null, ckpt, false))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("NaN in epoch 3, batch 1")
        .hasMessageContaining("after epoch 2");
    assertThat(Files.readAllBytes(ckpt)).isEqualTo(Files.readAllBytes(dir.resolve("after2")));
  }

  @Test
  void earlyStoppingEndsWhenValidationStopsImproving() throws Exception {
    Tensor train = images(16, 5);
    Tensor val = images(4, 6);
    TrainingResult r = new Trainer(model(), new Trainer.Options(200, 8, Adam.Settings.defaults(5e-2), 1, 2),
        TrainingListener.NONE).fit(train, val, null, false);
    assertThat(r.stoppedEarly()).isTrue();
    assertThat(r.epochs()).isLessThan(200).isEqualTo(r.bestEpoch() + 2);
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new Trainer.Options(1, 0, Adam.Settings.defaults(1e-3), 0, 0))
        .hasMessageContaining("batchSize must be >= 1, got 0");
    assertThatThrownBy(() -> Adam.Settings.defaults(0)).hasMessageContaining("lr (learning rate) must be > 0");
    assertThatThrownBy(() -> new Trainer.Options(0, 1, Adam.Settings.defaults(1e-3), 0, 0))
        .hasMessageContaining("epochs must be >= 1");
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
