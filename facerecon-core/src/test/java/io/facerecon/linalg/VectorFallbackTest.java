package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The build runs the tests with the Vector API and a chosen few again without it; each run says
 * which through {@code facerecon.vectorApi}. Without it, the products NMF relies on still give the
 * plain reference's numbers.
 */
class VectorFallbackTest {
  @Test
  void theRunHasTheVectorApiIfAndOnlyIfItWasStartedWithIt() {
    String expected = System.getProperty("facerecon.vectorApi");
    if (expected != null) {
      assertThat(VectorSupport.AVAILABLE).isEqualTo(Boolean.parseBoolean(expected));
    }
  }

  @Test
  void narrowProductsMatchThePlainLoops() {
    SplittableRandom r = new SplittableRandom(4);
    FloatMatrix a = FloatMatrix.zeros(300, 700);
    FloatMatrix b = FloatMatrix.zeros(20, 700);
    for (int i = 0; i < a.size(); i++) {
      a.set(i, (float) r.nextDouble());
    }
    for (int i = 0; i < b.size(); i++) {
      b.set(i, (float) r.nextDouble());
    }
    FloatMatrix c = Blas.multiply(false, a, true, b);
    for (int i = 0; i < 300; i++) {
      for (int j = 0; j < 20; j++) {
        double s = 0;
        for (int k = 0; k < 700; k++) {
          s += (double) a.get(i, k) * b.get(j, k);
        }
        assertThat((double) c.get(i, j)).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-3 * s));
      }
    }
  }
}
