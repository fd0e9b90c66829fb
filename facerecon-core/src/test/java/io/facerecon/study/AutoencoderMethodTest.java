package io.facerecon.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.data.FaceSet;
import io.facerecon.study.FitResult;
import io.facerecon.study.Progress;
import io.facerecon.study.SyntheticFaces;
import io.facerecon.nn.Architecture;
import io.facerecon.nn.Autoencoder;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoencoderMethodTest {
  private static final FaceSet FACES = SyntheticFaces.create(36, 3, 24, 20, 5);
  private static final FaceSet TRAIN = FACES.subset(IntStream.range(0, 30).toArray());
  private static final FaceSet TEST = FACES.subset(IntStream.range(30, 36).toArray());
  private static final AutoencoderMethod.Settings STUDY =
      new AutoencoderMethod.Settings(Architecture.STUDY, 0, 8, 1e-3, 4);

  @TempDir Path dir;

  @Test
  void snapshotsGiveTheNumbersOfSeparateTrainings() {
    List<AutoencoderMethod> chain =
        AutoencoderMethod.snapshots(STUDY, List.of(1, 3), dir.resolve("chain.safetensors"), TEST);
    FitResult first = chain.get(0).fit(TRAIN, Progress.NONE);
    float[] afterOne = chain.get(0).reconstruct(TEST).toArray();
    FitResult last = chain.get(1).fit(TRAIN, Progress.NONE);
    float[] afterThree = chain.get(1).reconstruct(TEST).toArray();

    AutoencoderMethod one = AutoencoderMethod.snapshots(STUDY, List.of(1), null, TEST).get(0);
    one.fit(TRAIN, Progress.NONE);
    AutoencoderMethod three = AutoencoderMethod.snapshots(STUDY, List.of(3), null, TEST).get(0);
    FitResult separate = three.fit(TRAIN, Progress.NONE);

    assertThat(afterOne).isEqualTo(one.reconstruct(TEST).toArray());
    assertThat(afterThree).isEqualTo(three.reconstruct(TEST).toArray());
    assertThat(last.curves().get(0).values()).isEqualTo(separate.curves().get(0).values());
    assertThat(last.curves().get(1).values()).as("held-out MSE per epoch")
        .isEqualTo(separate.curves().get(1).values());
    assertThat(first.steps()).isEqualTo(1);
    assertThat(last.steps()).isEqualTo(3);
    assertThat(last.seconds()).as("cumulative training time").isGreaterThan(first.seconds());
    assertThat(chain.get(0).settings()).containsEntry("snapshot_of", "3 epochs");
    assertThat(chain.get(1).settings()).doesNotContainKey("snapshot_of");
  }

  @Test
  void reportsTheNetworksCodeAndParameters() {
    AutoencoderMethod.Settings bottleneck = new AutoencoderMethod.Settings(Architecture.BOTTLENECK, 7, 8, 1e-3, 4);
    AutoencoderMethod m = AutoencoderMethod.snapshots(bottleneck, List.of(1), null, null).get(0);
    long[] progress = new long[2];
    FitResult fit = m.fit(TRAIN, (done, total) -> {
      progress[0] = done;
      progress[1] = total;
    });
    assertThat(progress).containsExactly(4, 4); // 30 faces in minibatches of 8
    assertThat(m.name()).isEqualTo("AE bottleneck 7, 1 epoch");
    assertThat(m.codeSize()).isEqualTo(7);
    assertThat(m.parameterCount())
        .isEqualTo(Autoencoder.create(Architecture.BOTTLENECK, 24, 20, 7, 4).parameterCount());
    assertThat(fit.curves()).hasSize(1);
    assertThat(m.reconstruct(TEST).rows()).isEqualTo(6);
    assertThat(AutoencoderMethod.codeSize(STUDY, 24, 20)).isEqualTo(32 * 6 * 5);
  }

  @Test
  void snapshotsMustBeFittedInOrder() {
    List<AutoencoderMethod> chain =
        AutoencoderMethod.snapshots(STUDY, List.of(1, 2), dir.resolve("order.safetensors"), null);
    chain.get(1).fit(TRAIN, Progress.NONE);
    assertThatThrownBy(() -> chain.get(0).fit(TRAIN, Progress.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already at epoch 2");
    assertThatThrownBy(() -> AutoencoderMethod.snapshots(STUDY, List.of(2, 1), dir.resolve("x"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("increasing");
  }
}
