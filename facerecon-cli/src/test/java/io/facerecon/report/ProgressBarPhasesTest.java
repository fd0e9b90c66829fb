package io.facerecon.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.study.Phases;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressBarPhasesTest {
  @Test
  void eachPhaseEndsAsAFullBarWithItsName() {
    List<String> lines = new CopyOnWriteArrayList<>();
    Phases phases = ProgressBarPhases.to(lines::add);
    try (Phases.Phase fit = phases.start("fit NMF k=10")) {
      fit.update(3, 10);
      fit.update(10, 10);
    }
    String last = lines.get(lines.size() - 1);
    assertThat(last).contains("fit NMF k=10", "100%", "10/10");

    try (Phases.Phase early = phases.start("fit converged early")) {
      early.update(40, 200);
      early.update(57, 57); // Converged: the total shrinks to the steps run.
    }
    assertThat(lines.get(lines.size() - 1)).contains("fit converged early", "100%", "57/57");
  }
}
