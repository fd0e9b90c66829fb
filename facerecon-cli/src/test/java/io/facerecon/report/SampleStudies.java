package io.facerecon.report;

import io.facerecon.data.FaceSet;
import io.facerecon.study.BlockAverageMethod;
import io.facerecon.study.Phases;
import io.facerecon.study.ReconstructionMethod;
import io.facerecon.eval.Ssim;
import io.facerecon.study.Study;
import io.facerecon.study.StudyRunner;
import io.facerecon.study.StudySetup;
import io.facerecon.study.SyntheticFaces;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Studies of block-average methods on synthetic faces, for report tests. */
final class SampleStudies {
  private SampleStudies() {}

  /** The methods of {@link #twoKinds()}: two kinds sharing code size 20, one with two step counts. */
  static List<ReconstructionMethod> twoKindMethods() {
    return List.of(
        new BlockAverageMethod("block 12x12, 20 it", "Block", 12, 20),
        new BlockAverageMethod("block 8x8, 20 it", "Block", 8, 20),
        new BlockAverageMethod("block 12x12, 3 it", "Block", 12, 3),
        new BlockAverageMethod("tuned 12x12, 40 it", "Tuned block", 12, 40),
        new BlockAverageMethod("tuned 4x4, 40 it", "Tuned block", 4, 40));
  }

  /**
   * A face-sized study (62×47, 6 persons, 96 training and 24 test faces) of two kinds. Studies are
   * immutable, so the tests share one.
   */
  static Study twoKinds() {
    return TwoKinds.STUDY;
  }

  private static final class TwoKinds {
    static final Study STUDY = run(SyntheticFaces.create(120, 6, 62, 47, 11), twoKindMethods());
  }

  /** A small study of the given methods on 24×20 faces. */
  static Study small(List<ReconstructionMethod> methods) {
    return run(SyntheticFaces.create(40, 4, 24, 20, 5), methods);
  }

  private static Study run(FaceSet faces, List<ReconstructionMethod> methods) {
    int nTrain = faces.size() * 4 / 5;
    FaceSet train = faces.subset(IntStream.range(0, nTrain).toArray());
    FaceSet test = faces.subset(IntStream.range(nTrain, faces.size()).toArray());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Command", "facerecon compare --data synthetic");
    details.put("Started", "2026-01-01T00:00:00Z");
    StudySetup setup = new StudySetup(
        "synthetic faces (" + faces.size() + " images)", "first 80 % / last 20 %", 42, details);
    return new StudyRunner(Ssim.SKIMAGE_DEFAULT, Phases.NONE, 10).run(setup, train, test, methods);
  }
}
