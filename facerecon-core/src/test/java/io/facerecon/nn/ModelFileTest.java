package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  @Test
  void aSavedModelLoadsWithTheSameWeightsAndReconstructions(@TempDir Path dir) throws Exception {
    Autoencoder ae = Autoencoder.create(Architecture.BOTTLENECK, 20, 17, 9, 5);
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(ae, file);
    Autoencoder back = ModelFile.load(file);
    assertThat(back.architecture()).isEqualTo(Architecture.BOTTLENECK);
    assertThat(back.codeSize()).isEqualTo(9);
    assertThat(back.parameterCount()).isEqualTo(ae.parameterCount());
    Tensor x = randomImages(3, ae.imageShape());
    assertThat(back.reconstruct(x).toArray()).isEqualTo(ae.reconstruct(x).toArray());
    assertThat(SafeTensors.read(file).tensors().keySet())
        .contains("encoder.0.weight", "encoder.5.weight", "decoder.0.bias", "decoder.5.weight");
  }

  @Test
  void theStudyModelHasPyTorchsParameterNamesAndCount() {
    Autoencoder ae = Autoencoder.create(Architecture.STUDY, 62, 47, 0, 0);
    assertThat(ae.parameters()).extracting(Parameter::name).containsExactly(
        "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
        "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias");
    assertThat(ae.parameterCount()).isEqualTo(160 + 4640 + 4624 + 145);
    assertThat(ae.codeSize()).isEqualTo(32 * 16 * 12);
  }

  @Test
  void corruptAndMismatchedFilesAreRefusedWithTheFileNamed(@TempDir Path dir) throws Exception {
    Path garbage = dir.resolve("garbage.safetensors");
    Files.write(garbage, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> ModelFile.load(garbage)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(garbage.toString());

    Autoencoder ae = Autoencoder.create(Architecture.STUDY, 30, 20, 0, 0);
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(ae, file);
    byte[] bytes = Files.readAllBytes(file);
    Path truncated = dir.resolve("truncated.safetensors");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> ModelFile.load(truncated)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated or corrupt");

    Map<String, String> meta = new LinkedHashMap<>(ModelFile.metadata(ae));
    meta.put("height", "40");
    Path otherSize = dir.resolve("other-size.safetensors");
    SafeTensors.write(otherSize, ModelFile.tensors(Autoencoder.create(Architecture.BOTTLENECK, 30, 20, 4, 0)), meta);
    assertThatThrownBy(() -> ModelFile.load(otherSize)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has shape [1280, 4], expected [32, 16, 3, 3] for the study architecture on 40x20 images");

    meta.put("format", "something-else");
    Path other = dir.resolve("other.safetensors");
    SafeTensors.write(other, ModelFile.tensors(ae), meta);
    assertThatThrownBy(() -> ModelFile.load(other)).hasMessageContaining("not an autoencoder model file");
  }

  @Test
  void imagesSmallerThanTheReceptiveFieldAreRefused() {
    assertThatThrownBy(() -> Autoencoder.create(Architecture.STUDY, 6, 40, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smaller than the study network's receptive field of 7x7");
    assertThatThrownBy(() -> Autoencoder.create(Architecture.BOTTLENECK, 20, 20, 0, 0))
        .hasMessageContaining("codeSize must be >= 1");
  }

  private static Tensor randomImages(int n, Shape shape) {
    SplittableRandom r = new SplittableRandom(n);
    Tensor t = Tensor.zeros(n, shape);
    for (int i = 0; i < t.size(); i++) {
      t.set(i, (float) r.nextDouble());
    }
    return t;
  }
}
