package io.facerecon.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.data.FaceSet;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.nn.Architecture;
import io.facerecon.nn.TrainingDivergedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A diverged snapshot names the learning rate and never the hand-over checkpoint. */
class AutoencoderMethodDivergenceTest {
  @TempDir Path dir;

  @Test
  void aDivergedSnapshotDoesNotPointToItsHandOverCheckpoint() {
    FaceSet faces = SyntheticFaces.create(24, 2, 24, 20, 5);
    AutoencoderMethod.Settings absurd = new AutoencoderMethod.Settings(Architecture.STUDY, 0, 8, 1e30, 4);
    Path handOver = dir.resolve("chain.safetensors");
    List<AutoencoderMethod> chain = AutoencoderMethod.snapshots(absurd, List.of(1, 2), handOver, null);
    assertThatThrownBy(() -> {
      chain.get(0).fit(faces, Progress.NONE);
      chain.get(1).fit(faces, Progress.NONE);
    })
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageStartingWith("lr 1.0E30 is too large: training diverged")
        .hasMessageNotContaining("checkpoint")
        .hasMessageNotContaining(handOver.toString())
        .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("lr"));
  }
}
