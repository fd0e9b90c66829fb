package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void forRangeVisitsEveryIndexOnce() {
    int n = 10_007;
    AtomicIntegerArray seen = new AtomicIntegerArray(n);
    Parallel.forRange(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        seen.incrementAndGet(i);
      }
    });
    for (int i = 0; i < n; i++) {
      assertThat(seen.get(i)).isEqualTo(1);
    }
  }

  @Test
  void sumIsExactAndRepeatable() {
    double a = Parallel.sum(1_000_001, 1, (from, to) -> {
      double s = 0;
      for (int i = from; i < to; i++) {
        s += 1.0 / (i + 1);
      }
      return s;
    });
    double b = Parallel.sum(1_000_001, 1, (from, to) -> {
      double s = 0;
      for (int i = from; i < to; i++) {
        s += 1.0 / (i + 1);
      }
      return s;
    });
    assertThat(a).isEqualTo(b).isBetween(14.39, 14.40);
  }

  @Test
  void exceptionsInWorkersReachTheCaller() {
    assertThatThrownBy(() -> Parallel.forRange(100, (from, to) -> {
      if (to == 100) {
        throw new IllegalStateException("boom at " + from);
      }
    })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("boom");
  }
}
