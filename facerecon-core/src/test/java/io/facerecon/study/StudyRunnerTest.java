package io.facerecon.study;

import io.facerecon.eval.Ssim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StudyRunnerTest {
  private static final FaceSet FACES = SyntheticFaces.create(60, 4, 24, 20, 7);
  private static final FaceSet TRAIN = FACES.subset(IntStream.range(0, 48).toArray());
  private static final FaceSet TEST = FACES.subset(IntStream.range(48, 60).toArray());
  private static final StudySetup SETUP =
      new StudySetup("synthetic faces", "first 48 / last 12", 3, Map.of("source", "test"));

  @Test
  void runsEveryMethodAndMeasuresBothSets() {
    List<String> phases = new ArrayList<>();
    List<Long> lastProgress = new ArrayList<>();
    Phases recording = name -> {
      phases.add(name);
      return new Phases.Phase() {
        @Override
        public void update(long done, long total) {
          lastProgress.add(done);
        }

        @Override
        public void close() {
          phases.add("end " + name);
        }
      };
    };
    List<ReconstructionMethod> methods = List.of(
        new BlockAverageMethod("coarse", "BLOCK", 4, 5),
        new BlockAverageMethod("fine", "BLOCK", 2, 5));
    Study study = new StudyRunner(Ssim.SKIMAGE_DEFAULT, recording, 6).run(SETUP, TRAIN, TEST, methods);

    assertThat(phases).containsExactly(
        "fit coarse", "end fit coarse", "evaluate coarse", "end evaluate coarse",
        "fit fine", "end fit fine", "evaluate fine", "end evaluate fine");
    assertThat(study.trainImages()).isEqualTo(48);
    assertThat(study.testImages()).isEqualTo(12);
    assertThat(study.runs()).extracting(RunResult::name).containsExactly("coarse", "fine");

    RunResult coarse = study.runs().get(0);
    RunResult fine = study.runs().get(1);
    assertThat(coarse.codeSize()).isEqualTo(6 * 5);
    assertThat(fine.codeSize()).isEqualTo(12 * 10);
    assertThat(coarse.compressionRatio()).isCloseTo(480.0 / 30, within(1e-12));
    assertThat(coarse.parameterCount()).isEqualTo(960);
    assertThat(coarse.steps()).isEqualTo(5);
    assertThat(coarse.stepUnit()).isEqualTo("iterations");
    assertThat(coarse.fitSeconds()).isPositive();
    assertThat(coarse.train().imageCount()).isEqualTo(48);
    assertThat(coarse.test().imageCount()).isEqualTo(12);
    // Finer blocks keep more detail on faces never seen in the fit.
    assertThat(fine.test().psnrOfMeanMse()).isGreaterThan(coarse.test().psnrOfMeanMse());
    assertThat(fine.test().meanSsim()).isGreaterThan(coarse.test().meanSsim());
    double[] loss = coarse.curves().get(0).values();
    assertThat(loss[4]).isLessThan(loss[0]);
    assertThat(coarse.basisImages()).get().extracting(FloatMatrix::rows).isEqualTo(30);
  }

  @Test
  void galleryHoldsEachMethodsReconstructionOfTheSameTestFaces() {
    BlockAverageMethod method = new BlockAverageMethod("m", "BLOCK", 3, 2);
    Study study = new StudyRunner(Ssim.SKIMAGE_DEFAULT, Phases.NONE, 5).run(SETUP, TRAIN, TEST, List.of(method));
    FaceSet gallery = study.gallery();
    assertThat(gallery.size()).isEqualTo(5);
    // Persons in turn: labels 0, 1, 2, 3, then 0 again.
    assertThat(gallery.labels()).containsExactly(0, 1, 2, 3, 0);
    FloatMatrix expected = method.reconstruct(gallery);
    assertThat(study.runs().get(0).galleryReconstructions().toArray()).containsExactly(expected.toArray());
  }

  @Test
  void galleryIsCappedAtTheTestSetSize() {
    int[] picked = Gallery.pick(TEST, 50);
    assertThat(picked).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void badStudiesFailBeforeAnyFit() {
    StudyRunner runner = new StudyRunner(Ssim.WANG2004, Phases.NONE, 10);
    BlockAverageMethod a = new BlockAverageMethod("same", "BLOCK", 2, 1);
    BlockAverageMethod b = new BlockAverageMethod("same", "BLOCK", 3, 1);
    assertThatThrownBy(() -> runner.run(SETUP, TRAIN, TEST, List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'same'");
    assertThatThrownBy(() -> runner.run(SETUP, TRAIN, TEST, List.of()))
        .hasMessageContaining("at least one method");
    FaceSet tiny = SyntheticFaces.create(10, 2, 10, 10, 1);
    assertThatThrownBy(() -> runner.run(SETUP, tiny, tiny, List.of(a)))
        .hasMessageContaining("10x10")
        .hasMessageContaining("11x11 SSIM window");
    FaceSet other = SyntheticFaces.create(10, 2, 24, 21, 1);
    assertThatThrownBy(() -> runner.run(SETUP, TRAIN, other, List.of(a)))
        .hasMessageContaining("24x20")
        .hasMessageContaining("24x21");
  }

  @Test
  void aMethodReturningTheWrongShapeIsNamed() {
    ReconstructionMethod broken = new BlockAverageMethod("broken", "BLOCK", 2, 1) {
      @Override
      public FloatMatrix reconstruct(FaceSet faces) {
        return FloatMatrix.zeros(faces.size() - 1, faces.pixelCount());
      }
    };
    assertThatThrownBy(() -> new StudyRunner(Ssim.SKIMAGE_DEFAULT, Phases.NONE, 3)
            .run(SETUP, TRAIN, TEST, List.of(broken)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("broken returned 47x480 reconstructions for 48 faces");
  }
}
