package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.Nmf;
import io.facerecon.nmf.NmfData;
import io.facerecon.nmf.NmfFit;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutionContextTest {
  @Test
  void aScopedContextHoldsOnlyOnItsThreadAndInsideItsLoops() throws Exception {
    ExecutionContext three = ExecutionContext.ofThreads(3);
    int outside = ExecutionContext.current().threads();
    int[] seenInLoop = new int[3];
    int inside = three.call(() -> {
      Parallel.forRange(3, (from, to) -> {
        for (int i = from; i < to; i++) {
          seenInLoop[i] = Parallel.threads();
        }
      });
      return ExecutionContext.current().threads();
    });
    assertThat(inside).isEqualTo(3);
    assertThat(seenInLoop).containsOnly(3);
    assertThat(ExecutionContext.current().threads()).isEqualTo(outside);
    int onOtherThread = CompletableFuture.supplyAsync(() -> three.call(() -> 0) + ExecutionContext.current().threads())
        .get(10, TimeUnit.SECONDS);
    assertThat(onOtherThread).isEqualTo(outside);
  }

  @Test
  void loopsInsideALoopRunSerially() {
    int[] innerChunks = new int[4];
    ExecutionContext.ofThreads(2).run(() -> Parallel.forRange(4, (from, to) -> {
      for (int i = from; i < to; i++) {
        int[] calls = new int[1];
        Parallel.forRange(100, (a, b) -> calls[0]++);
        innerChunks[i] = calls[0];
      }
    }));
    assertThat(innerChunks).containsOnly(1);
  }

  @Test
  void threadCountsBelowOneAreRefused() {
    assertThatThrownBy(() -> ExecutionContext.ofThreads(0)).hasMessageContaining("threads must be >= 1");
  }

  /**
   * Two fits at once on two threads, one on 1 thread and one on 2, each give what they give alone:
   * neither changes the other's settings.
   */
  @Test
  void twoFitsOnDifferentThreadsDoNotChangeEachOther() throws Exception {
    NmfData data = NmfData.ofImagesByPixels(randomMatrix(300, 400, 3));
    NmfOptions options = NmfOptions.defaults(8).withSolver(Solver.MU).withInit(InitMethod.RANDOM)
        .withMaxIterations(60).withTol(0);
    ExecutionContext one = ExecutionContext.ofThreads(1);
    ExecutionContext two = ExecutionContext.ofThreads(2);
    float[] aloneOne = one.call(() -> new Nmf(options).fit(data)).basis().toArray();
    float[] aloneTwo = two.call(() -> new Nmf(options).fit(data)).basis().toArray();

    CountDownLatch start = new CountDownLatch(1);
    CompletableFuture<NmfFit> a = CompletableFuture.supplyAsync(() -> one.call(() -> {
      await(start);
      return new Nmf(options).fit(data);
    }));
    CompletableFuture<NmfFit> b = CompletableFuture.supplyAsync(() -> two.call(() -> {
      await(start);
      return new Nmf(options).fit(data);
    }));
    start.countDown();
    assertThat(a.get(60, TimeUnit.SECONDS).basis().toArray()).containsExactly(aloneOne);
    assertThat(b.get(60, TimeUnit.SECONDS).basis().toArray()).containsExactly(aloneTwo);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static FloatMatrix randomMatrix(int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) random.nextDouble());
    }
    return m;
  }
}
