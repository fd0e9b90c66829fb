package io.facerecon.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.study.BlockAverageMethod;
import io.facerecon.study.RunResult;
import io.facerecon.study.Study;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
  @Test
  void oneAlignedRowPerRunWithItsFigures() {
    Study study = SampleStudies.small(List.of(
        new BlockAverageMethod("coarse blocks", "Block", 6, 4),
        new BlockAverageMethod("fine", "Block", 2, 4)));
    List<String> lines = SummaryTable.render(study).lines().toList();
    assertThat(lines).hasSize(2 + 2 + 1);
    assertThat(lines.get(0)).startsWith("run").contains("test PSNR", "test SSIM", "compr.");
    assertThat(lines.get(1)).matches("[- ]+");
    assertThat(lines.get(2).length()).isEqualTo(lines.get(0).length());
    assertThat(lines.get(3).length()).isEqualTo(lines.get(0).length());
    RunResult fine = study.runs().get(1);
    assertThat(lines.get(3))
        .startsWith("fine ")
        .contains(" " + fine.codeSize() + " ")
        .contains(Figures.ratio(fine.compressionRatio()) + "x")
        .contains(Figures.psnr(fine.test().psnrOfMeanMse()))
        .contains(Figures.ssim(fine.test().meanSsim()))
        .contains("4 it");
    assertThat(lines.get(4)).contains("skimage-default");
  }
}
