package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SIMD element-wise update ({@link VectorMultiplicativeStep}) against the plain rule it
 * replaces, {@link MultiplicativeUpdate#updated} entry by entry: the same bits, with and without
 * each penalty and the clipping of tiny values, on ranges that start and end off the vector width,
 * with zero denominators, zero and tiny factors among the values.
 */
class VectorMultiplicativeStepTest {
  private static final int SIZE = 16 * 37 + 11;

  @ParameterizedTest(name = "l1 {0}, l2 {1}, clip {2}")
  @CsvSource({
    "0, 0, false",
    "0, 0, true",
    "0.25, 0, false",
    "0, 0.5, true",
    "0.125, 0.75, true",
  })
  void givesTheBitsOfThePlainRule(float l1, float l2, boolean clipSmall) {
    SplittableRandom random = new SplittableRandom(7);
    float[] b = new float[SIZE];
    float[] n = new float[SIZE];
    float[] d = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      b[i] = pick(random);
      n[i] = pick(random);
      d[i] = pick(random);
    }
    float[] expected = b.clone();
    int from = 3;
    int to = SIZE - 5;
    for (int i = from; i < to; i++) {
      expected[i] = MultiplicativeUpdate.updated(b[i], n[i], d[i], l1, l2, 1, clipSmall);
    }

    VectorMultiplicativeStep.update(b, n, d, from, to, l1, l2, clipSmall);

    for (int i = 0; i < SIZE; i++) {
      assertThat(Float.floatToRawIntBits(b[i])).as("entry %d", i).isEqualTo(Float.floatToRawIntBits(expected[i]));
    }
  }

  /** Mostly ordinary values, with zeros and values about float64's ε (which clipping sets to 0). */
  private static float pick(SplittableRandom random) {
    int kind = random.nextInt(10);
    if (kind == 0) {
      return 0f;
    }
    if (kind == 1) {
      return (float) (random.nextDouble() * 4e-16);
    }
    return (float) random.nextDouble(0, 3);
  }
}
