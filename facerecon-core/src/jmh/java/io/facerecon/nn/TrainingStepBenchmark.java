package io.facerecon.nn;

import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, MSELoss, backward, Adam) and one evaluation forward pass of the
 * study's autoencoder on a minibatch of random 62×47 images.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * org.openjdk.jmh.Main TrainingStepBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainingStepBenchmark {
  @Param({"1", "2"})
  int threads;

  @Param({"32"})
  int batch;

  private Autoencoder model;
  private Tensor images;
  private Trainer trainer;

  @Setup
  public void setUp() {
    ExecutionContext.setDefault(ExecutionContext.ofThreads(threads));
    model = Autoencoder.create(Architecture.STUDY, 62, 47, 0, 0);
    images = Tensor.zeros(batch, model.imageShape());
    SplittableRandom r = new SplittableRandom(0);
    for (int i = 0; i < images.size(); i++) {
      images.set(i, (float) r.nextDouble());
    }
    trainer = new Trainer(model, new Trainer.Options(1, batch, Adam.Settings.defaults(1e-3), 0, 0), TrainingListener.NONE);
  }

  /** A one-batch epoch: gather, forward and backward on each replica, gradient sum, Adam. */
  @Benchmark
  public Object trainingStep() throws Exception {
    return trainer.fit(images, null, null, false);
  }

  /** Reconstruction of the batch in evaluation. */
  @Benchmark
  public Object forward() {
    return model.reconstruct(images);
  }
}
