package io.facerecon.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.BadInputException;
import io.facerecon.study.ReconstructionMethod;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.Solver;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudyGridTest {
  private static StudyGrid grid(List<Integer> ks, int bottleneck, InitMethod init) {
    return new StudyGrid(ks, List.of(1000, 100), Solver.CD, init, 1e-4, List.of(30, 10, 20), 32, 1e-3, bottleneck, 0);
  }

  private static List<String> names(StudyGrid.Plan plan) {
    return plan.methods().stream().map(ReconstructionMethod::name).toList();
  }

  @Test
  void theStudysGridOnLfw() {
    StudyGrid.Plan plan = grid(List.of(10, 20, 30), 30, null).plan(62, 47, 973, Path.of("unused"), null);
    assertThat(names(plan)).containsExactly(
        "NMF k=10, 1000 it", "NMF k=20, 1000 it", "NMF k=30, 1000 it", "NMF k=30, 100 it",
        "PCA k=10", "PCA k=20", "PCA k=30", "VQ k=10", "VQ k=20", "VQ k=30",
        "AE 10 epochs", "AE 20 epochs", "AE 30 epochs", "AE bottleneck 30, 30 epochs");
    assertThat(plan.notes().get("Equal code size"))
        .isEqualTo("NMF and an autoencoder share code size 30; an autoencoder code of 6,144 numbers has no"
            + " NMF counterpart: NMF needs k ≤ min(pixels, training images) = min(2,914, 973) = 973.");
    assertThat(plan.notes().get("NMF runs"))
        .startsWith("k = 10, 20, 30 with at most 1000 iterations; k = 30 also with at most 100")
        .contains("scikit-learn's default init (nndsvda)");
    assertThat(plan.notes().get("Autoencoder runs")).contains("snapshots of one 30-epoch training");
  }

  @Test
  void pcaAndVqRunAtTheirOwnKsOrByDefaultAtTheNmfKsThatFit() {
    StudyGrid explicit = new StudyGrid(List.of(10), List.of(100), Solver.CD, null, 1e-4, List.of(1), 32, 1e-3, 0, 0,
        List.of(5, 7), List.of());
    assertThat(names(explicit.plan(62, 47, 973, Path.of("unused"), null)))
        .containsSubsequence("NMF k=10, 100 it", "PCA k=5", "PCA k=7", "AE 1 epoch")
        .noneMatch(n -> n.startsWith("VQ"));
    // Random NMF starts allow k = 1000 > 973 training images; PCA and k-means do not, so by default they leave it out.
    assertThat(names(grid(List.of(10, 1000), 0, InitMethod.RANDOM).plan(62, 47, 973, Path.of("unused"), null)))
        .contains("PCA k=10", "VQ k=10").doesNotContain("PCA k=1000", "VQ k=1000");
    StudyGrid tooMany = new StudyGrid(List.of(10), List.of(100), Solver.CD, null, 1e-4, List.of(1), 32, 1e-3, 0, 0,
        List.of(), List.of(974));
    assertThatThrownBy(() -> tooMany.plan(62, 47, 973, Path.of("unused"), null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("vqKs has k = 974: k-means clusters must be at most the training images = 973");
  }

  @Test
  void addsNmfAtTheBottlenecksCodeSizeWhenTheGridLacksIt() {
    StudyGrid.Plan plan = grid(List.of(10, 20), 12, null).plan(62, 47, 973, Path.of("unused"), null);
    assertThat(names(plan)).contains("NMF k=12, 1000 it", "AE bottleneck 12, 30 epochs");
    assertThat(plan.notes().get("Equal code size")).startsWith("NMF and an autoencoder share code size 12 (NMF run added)");
  }

  @Test
  void withoutABottleneckNoCodeSizeIsShared() {
    StudyGrid.Plan plan = grid(List.of(10), 0, null).plan(62, 47, 973, Path.of("unused"), null);
    assertThat(names(plan)).noneMatch(n -> n.contains("bottleneck"));
    assertThat(plan.notes().get("Equal code size")).startsWith("no code size is shared by NMF and an autoencoder");
  }

  @Test
  void anSvdInitialisationLimitsK() {
    assertThatThrownBy(() -> grid(List.of(10, 1000), 0, InitMethod.NNDSVDA).plan(62, 47, 973, Path.of("unused"), null))
        .isInstanceOf(BadInputException.class)
        .hasMessage("nmfKs has k = 1000, too large for init nndsvda: it needs k ≤ min(pixels 2914, training"
            + " images 973) = 973; use nmfInit random or a smaller k");
    assertThat(names(grid(List.of(1000), 0, InitMethod.RANDOM).plan(62, 47, 973, Path.of("unused"), null)))
        .contains("NMF k=1000, 1000 it");
  }

  @Test
  void gridValuesAreChecked() {
    assertThatThrownBy(() -> grid(List.of(), 30, null)).hasMessage("nmfKs needs at least one value");
    assertThatThrownBy(() -> new StudyGrid(List.of(5), List.of(10), Solver.MU, InitMethod.CUSTOM, 0, List.of(1), 32, 1e-3, 0, 0))
        .hasMessageContaining("nmfInit must be");
    assertThatThrownBy(() -> new StudyGrid(List.of(5), List.of(10), Solver.MU, null, -1, List.of(1), 32, 1e-3, 0, 0))
        .hasMessageContaining("nmfTol must be a finite number >= 0, got -1.0");
    assertThatThrownBy(() -> new StudyGrid(List.of(5), List.of(10), Solver.MU, null, 0, List.of(1), 0, 1e-3, 0, 0))
        .hasMessageContaining("aeBatchSize must be >= 1, got 0");
  }
}
