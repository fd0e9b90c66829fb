package io.facerecon.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.study.BlockAverageMethod;
import io.facerecon.study.RunResult;
import io.facerecon.study.Study;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConclusionsTest {
  private static Study study;
  private static List<String> conclusions;

  @BeforeAll
  static void runStudy() {
    study = SampleStudies.small(List.of(
        new BlockAverageMethod("block 6, 20 it", "Block", 6, 20),
        new BlockAverageMethod("block 3, 20 it", "Block", 3, 20),
        new BlockAverageMethod("block 6, 2 it", "Block", 6, 2),
        new BlockAverageMethod("tuned 6", "Tuned", 6, 30)));
    conclusions = Conclusions.of(study);
  }

  private static RunResult run(String name) {
    return study.runs().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void firstConclusionNamesTheBestRunOnTestFaces() {
    RunResult best = study.runs().stream()
        .max(Comparator.comparingDouble(r -> r.test().psnrOfMeanMse())).orElseThrow();
    assertThat(conclusions.get(0))
        .contains(best.name())
        .contains(Figures.psnr(best.test().psnrOfMeanMse()));
  }

  @Test
  void kindsAreComparedAtEqualCodeSize() {
    // Code size 4x4 = 16: the best Block run there against the Tuned run.
    RunResult block = run("block 6, 20 it").test().psnrOfMeanMse() >= run("block 6, 2 it").test().psnrOfMeanMse()
        ? run("block 6, 20 it") : run("block 6, 2 it");
    RunResult tuned = run("tuned 6");
    String sentence = conclusions.stream().filter(c -> c.startsWith("At equal code size 16 "))
        .findFirst().orElseThrow();
    assertThat(sentence).contains(block.name(), tuned.name(), "Block", "Tuned")
        .containsAnyOf("faster", "longer to fit");
    RunResult winner = block.test().psnrOfMeanMse() >= tuned.test().psnrOfMeanMse() ? block : tuned;
    assertThat(sentence).contains("), " + winner.name() + " (");
  }

  @Test
  void moreStepsAndLargerCodesAreQuantified() {
    RunResult few = run("block 6, 2 it");
    RunResult many = run("block 6, 20 it");
    assertThat(conclusions).anySatisfy(c -> assertThat(c)
        .startsWith("Block at code size 16: 20 instead of 2 iterations change test PSNR by")
        .contains(Figures.psnr(few.test().psnrOfMeanMse()) + " → " + Figures.psnr(many.test().psnrOfMeanMse())));
    assertThat(conclusions).anySatisfy(c -> assertThat(c)
        .startsWith("Block (20 iterations): growing the code from 16 to 56 numbers"));
  }

  @Test
  void paretoFrontHoldsExactlyTheUndominatedRuns() {
    String sentence = conclusions.stream().filter(c -> c.startsWith("Best quality for the time spent"))
        .findFirst().orElseThrow();
    for (RunResult r : study.runs()) {
      boolean dominated = study.runs().stream().anyMatch(o -> o != r
          && o.fitSeconds() <= r.fitSeconds() && o.test().psnrOfMeanMse() >= r.test().psnrOfMeanMse()
          && (o.fitSeconds() < r.fitSeconds() || o.test().psnrOfMeanMse() > r.test().psnrOfMeanMse()));
      String listed = sentence.substring(sentence.indexOf(": ") + 2);
      assertThat(List.of(listed.replaceAll("\\.$", "").split("; ")).contains(r.name()))
          .as(r.name()).isEqualTo(!dominated);
    }
  }

  @Test
  void kindsAtDifferentCodeSizesAreFlaggedAsConfounded() {
    Study apart = SampleStudies.small(List.of(
        new BlockAverageMethod("a", "Block", 6, 3), new BlockAverageMethod("b", "Tuned", 3, 3)));
    assertThat(Conclusions.of(apart))
        .anySatisfy(c -> assertThat(c).startsWith("No two kinds of method were run at the same code size"))
        .noneSatisfy(c -> assertThat(c).startsWith("At equal code size"));
    Study single = SampleStudies.small(List.of(new BlockAverageMethod("only", "Block", 6, 3)));
    assertThat(Conclusions.of(single))
        .hasSize(2)
        .noneSatisfy(c -> assertThat(c).startsWith("No two kinds"));
  }
}
