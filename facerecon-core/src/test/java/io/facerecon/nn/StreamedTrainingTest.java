package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.FaceStream;
import io.facerecon.data.LoadOptions;
import io.facerecon.io.BadInputException;
import io.facerecon.io.Npy;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.testing.TestData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training from a stream (a memory-mapped .npy, an image folder decoded batch by batch) ends with
 * the weights of training on the same images in memory, bit for bit: the same shuffles, the same
 * batches, the same validation losses; with or without prefetching.
 */
class StreamedTrainingTest {
  @TempDir Path dir;

  /** The images of {@code t} as a float32 .npy file. */
  private Path npy(String name, Tensor t) throws Exception {
    Path file = dir.resolve(name);
    Npy.write(file, t.matrix(), t.n(), t.shape().height(), t.shape().width());
    return file;
  }

  private static void assertSameWeights(Autoencoder a, Autoencoder b) {
    List<Parameter> pa = a.parameters();
    List<Parameter> pb = b.parameters();
    for (int i = 0; i < pa.size(); i++) {
      assertThat(pb.get(i).value().toArray()).as(pa.get(i).name()).isEqualTo(pa.get(i).value().toArray());
    }
  }

  @Test
  void aMemoryMappedArrayTrainsAsTheImagesInMemoryWithValidationCheckpointsAndCorruption() throws Exception {
    // 37 training images: batches of 8 and a last one of 5; 300 validation images: more than one
    // evaluation batch, the last one partial.
    Tensor train = TrainerTest.images(37, 11);
    Tensor val = TrainerTest.images(300, 12);
    InputCorruption corruption = (epoch, images, inputs) -> {
      for (int s = 0; s < images.length; s++) {
        inputs.set(s * inputs.shape().size() + (images[s] + epoch) % inputs.shape().size(), 0.5f);
      }
    };
    Autoencoder inMemory = TrainerTest.model();
    TrainingResult expected = new Trainer(inMemory, TrainerTest.options(3, 0), TrainingListener.NONE)
        .withInputCorruption(corruption).fit(train, val, dir.resolve("a.safetensors"), false);

    for (boolean prefetch : new boolean[] {false, true}) {
      Autoencoder streamed = TrainerTest.model();
      TrainingResult result;
      try (FaceStream trainStream = FaceStream.ofNpy(npy("train.npy", train));
          FaceStream valStream = FaceStream.ofNpy(npy("val.npy", val))) {
        result = ExecutionContext.ofThreads(2).call(() -> {
          try {
            return new Trainer(streamed, TrainerTest.options(3, 0), TrainingListener.NONE)
                .withInputCorruption(corruption).withPrefetch(prefetch)
                .fit(trainStream, valStream, dir.resolve("b" + prefetch + ".safetensors"), false);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        assertThat(streamed.meanSquaredError(valStream)).isEqualTo(streamed.meanSquaredError(val));
      }
      assertThat(result.lossHistory()).as("prefetch %s", prefetch).isEqualTo(expected.lossHistory());
      assertThat(result.validationHistory()).isEqualTo(expected.validationHistory());
      assertSameWeights(inMemory, streamed);
    }
  }

  @Test
  void aRunResumedFromAStreamEndsAsAnUninterruptedRunInMemory() throws Exception {
    Tensor train = TrainerTest.images(20, 2);
    Autoencoder whole = TrainerTest.model();
    new Trainer(whole, TrainerTest.options(4, 0), TrainingListener.NONE).fit(train, null, dir.resolve("w.safetensors"), false);

    Path ckpt = dir.resolve("r.safetensors");
    new Trainer(TrainerTest.model(), TrainerTest.options(2, 0), TrainingListener.NONE).fit(train, null, ckpt, false);
    Autoencoder resumed = TrainerTest.model();
    try (FaceStream stream = FaceStream.ofNpy(npy("r.npy", train))) {
      new Trainer(resumed, TrainerTest.options(4, 0), TrainingListener.NONE).withPrefetch(true).fit(stream, null, ckpt, true);
    }
    assertSameWeights(whole, resumed);
  }

  @Test
  void aBadImageMidwayStopsTrainingNamingTheFile() throws Exception {
    Tensor train = TrainerTest.images(24, 3);
    Path file = npy("nan.npy", train);
    byte[] bytes = Files.readAllBytes(file);
    int image = 17;
    int at = bytes.length - (train.n() - image) * train.shape().size() * Float.BYTES;
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, Float.NaN);
    Files.write(file, bytes);
    for (boolean prefetch : new boolean[] {false, true}) {
      try (FaceStream stream = FaceStream.ofNpy(file)) {
        assertThatThrownBy(() -> new Trainer(TrainerTest.model(), TrainerTest.options(2, 0), TrainingListener.NONE)
                .withPrefetch(prefetch).fit(stream, null, null, false))
            .isInstanceOf(BadInputException.class)
            .hasMessageContaining("nan.npy, image 17")
            .hasMessageContaining("NaN");
      }
    }
  }

  @Test
  void imagesOfAnotherSizeAreRefused() throws Exception {
    Tensor other = Tensor.zeros(3, new Shape(1, 14, 12));
    try (FaceStream stream = FaceStream.ofNpy(npy("other.npy", other))) {
      assertThatThrownBy(() -> new Trainer(TrainerTest.model(), TrainerTest.options(1, 0), TrainingListener.NONE)
              .fit(stream, null, null, false))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("training images are 1x14x12");
    }
  }

  @Test
  void lfwFacesDecodedBatchByBatchTrainAsTheLoadedFaces() throws Exception {
    LoadOptions options = LoadOptions.defaults().withMinFaces(75).withResize(0.25);
    FaceSet faces = FaceSetLoader.load(TestData.lfwRoot(), options);
    Trainer.Options settings = new Trainer.Options(2, 32, Adam.Settings.defaults(1e-3), 5, 0);
    Autoencoder loaded = Autoencoder.study(faces.height(), faces.width(), 4);
    TrainingResult expected = new Trainer(loaded, settings, TrainingListener.NONE).fit(Tensor.images(faces));
    Autoencoder streamed = Autoencoder.study(faces.height(), faces.width(), 4);
    try (FaceStream stream = FaceStream.open(TestData.lfwRoot(), options)) {
      TrainingResult result = new Trainer(streamed, settings, TrainingListener.NONE).withPrefetch(true)
          .fit(stream, null, null, false);
      assertThat(result.lossHistory()).isEqualTo(expected.lossHistory());
      assertThat(streamed.meanSquaredError(stream)).isEqualTo(loaded.meanSquaredError(Tensor.images(faces)));
    }
    assertSameWeights(loaded, streamed);
  }
}
