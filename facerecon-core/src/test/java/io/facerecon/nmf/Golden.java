package io.facerecon.nmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.testing.TestData;
import java.io.IOException;
import java.util.Map;

/** Reads the scikit-learn fixtures written by {@code tools/golden/nmf_reference.py}. */
final class Golden {
  private final SafeTensors.Contents contents;

  private Golden(SafeTensors.Contents contents) {
    this.contents = contents;
  }

  static Golden load(String name) {
    try {
      return new Golden(SafeTensors.read(TestData.golden("nmf/" + name + ".safetensors")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read fixture " + name, e);
    }
  }

  FloatMatrix matrix(String name) {
    SafeTensors.Tensor t = contents.tensors().get(name);
    assertThat(t).as("tensor " + name).isNotNull();
    return t.values().reshape(t.shape()[0], t.shape()[1]).copy();
  }

  Map<String, String> metadata() {
    return contents.metadata();
  }

  double number(String key) {
    return Double.parseDouble(contents.metadata().get(key));
  }

  /** Largest |a − b| over the largest |b|. */
  static double relativeMaxDifference(FloatMatrix actual, FloatMatrix expected) {
    assertThat(actual.rows()).isEqualTo(expected.rows());
    assertThat(actual.cols()).isEqualTo(expected.cols());
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < expected.size(); i++) {
      diff = Math.max(diff, Math.abs(actual.get(i) - expected.get(i)));
      scale = Math.max(scale, Math.abs(expected.get(i)));
    }
    return diff / scale;
  }
}
