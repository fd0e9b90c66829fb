package io.facerecon.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.io.SafeTensors;
import io.facerecon.testing.TestData;
import java.io.IOException;

/** PyTorch fixtures from {@code tools/golden/ae_*.py}, and the tolerance we hold them to. */
final class Golden {
  private final SafeTensors.Contents contents;

  private Golden(SafeTensors.Contents contents) {
    this.contents = contents;
  }

  /** The fixture file {@code src/test/resources/golden/nn/<name>}. */
  static Golden load(String name) {
    try {
      return new Golden(SafeTensors.read(TestData.golden("nn/" + name)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read fixture " + name, e);
    }
  }

  /** A metadata entry parsed as JSON. */
  JsonNode json(String key) {
    try {
      return new ObjectMapper().readTree(contents.metadata().get(key));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean has(String name) {
    return contents.tensors().containsKey(name);
  }

  float[] values(String name) {
    SafeTensors.Tensor t = contents.tensors().get(name);
    if (t == null) {
      throw new IllegalArgumentException("fixture has no tensor " + name);
    }
    return t.values().toArray();
  }

  int[] shape(String name) {
    return contents.tensors().get(name).shape();
  }

  /** The tensor {@code name} as a batch: NCHW for 4-D, N×F (F×1×1 samples) for 2-D. */
  Tensor tensor(String name) {
    int[] s = shape(name);
    Shape shape = s.length == 4 ? new Shape(s[1], s[2], s[3]) : Shape.vector(s[1]);
    return Tensor.of(s[0], shape, values(name));
  }

  /**
   * Asserts {@code |actual − expected| ≤ rtol·(|expected| + max|expected|·1e-2)} element-wise: relative
   * to each value, with a floor of 1 % of the tensor's largest magnitude so that values near zero
   * (where float rounding of the sum order dominates) are not held to a meaningless relative bound.
   */
  static void assertClose(float[] actual, float[] expected, double rtol, String what) {
    double[] wide = new double[expected.length];
    for (int i = 0; i < expected.length; i++) {
      wide[i] = expected[i];
    }
    assertClose(actual, wide, rtol, what);
  }

  /** {@link #assertClose(float[], float[], double, String)} against values computed in double. */
  static void assertClose(float[] actual, double[] expected, double rtol, String what) {
    assertThat(actual).as(what + " length").hasSize(expected.length);
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(actual[i] - expected[i]) / (Math.abs(expected[i]) + 1e-2 * scale + 1e-30);
      if (!(err <= worst)) {
        worst = err;
        at = i;
      }
    }
    assertThat(worst)
        .as("%s: worst relative error at %d (ours %s, expected %s) of %s values", what, at,
            at < 0 ? "-" : actual[at], at < 0 ? "-" : expected[at], expected.length)
        .isLessThanOrEqualTo(rtol);
  }
}
