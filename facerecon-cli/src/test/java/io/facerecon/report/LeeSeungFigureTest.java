package io.facerecon.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.decomposition.KMeansOptions;
import io.facerecon.decomposition.PcaOptions;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import io.facerecon.study.NmfMethod;
import io.facerecon.study.PcaMethod;
import io.facerecon.study.RunResult;
import io.facerecon.study.Study;
import io.facerecon.study.VqMethod;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LeeSeungFigureTest {
  private static final Study STUDY = SampleStudies.small(List.of(
      new NmfMethod(NmfOptions.defaults(4).withSolver(Solver.MU).withMaxIterations(20)),
      new NmfMethod(NmfOptions.defaults(6).withSolver(Solver.MU).withMaxIterations(20)),
      new PcaMethod(PcaOptions.defaults(4)),
      new PcaMethod(PcaOptions.defaults(6)),
      new VqMethod(KMeansOptions.defaults(4).withNInit(1)),
      new VqMethod(KMeansOptions.defaults(5).withNInit(1))));

  @Test
  void choosesOneRunPerKindAtTheLargestCodeSizeAllKindsShare() {
    List<RunResult> chosen = LeeSeungFigure.choose(STUDY.runs());
    assertThat(chosen).extracting(RunResult::name).containsExactly("VQ k=4", "PCA k=4", "NMF k=4, 20 it");
  }

  @Test
  void drawsThePaperFigureWithTheSparsenessInTheCaption() throws Exception {
    Figure figure = LeeSeungFigure.of(STUDY, 40).orElseThrow();
    assertThat(figure.fileName()).isEqualTo("lee-seung.png");
    assertThat(figure.title()).contains("k = 4");
    assertThat(figure.caption()).contains("VQ", "PCA", "NMF", "sparseness");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(figure.png()));
    // PCA's signed eigenfaces bring both colours of the two-colour map.
    boolean red = false;
    boolean blue = false;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = rgb >> 16 & 255;
        int b = rgb & 255;
        red |= r == 255 && b < 128;
        blue |= b == 255 && r < 128;
      }
    }
    assertThat(red).isTrue();
    assertThat(blue).isTrue();
  }

  @Test
  void needsTwoOfTheThreeKinds() {
    Study nmfOnly = SampleStudies.small(List.of(
        new NmfMethod(NmfOptions.defaults(4).withSolver(Solver.MU).withMaxIterations(5))));
    assertThat(LeeSeungFigure.of(nmfOnly, 40)).isEmpty();
  }
}
