package io.facerecon.decomposition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.testing.TestData;
import java.io.IOException;

/** Reads the fixtures {@code tools/golden/kmeans_reference.py} writes. */
final class KMeansGolden {
  private final SafeTensors.Contents contents;

  private KMeansGolden(SafeTensors.Contents contents) {
    this.contents = contents;
  }

  static KMeansGolden load(String name) {
    try {
      return new KMeansGolden(SafeTensors.read(TestData.golden("decomposition/" + name + ".safetensors")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read fixture " + name, e);
    }
  }

  FloatMatrix matrix(String name) {
    SafeTensors.Tensor t = contents.tensors().get(name);
    assertThat(t).as("tensor " + name).isNotNull();
    int cols = t.shape().length == 2 ? t.shape()[1] : 1;
    return t.values().reshape(t.shape()[0], cols).copy();
  }

  float[] vector(String name) {
    return matrix(name).toArray();
  }

  int[] integers(String name) {
    float[] v = vector(name);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }

  JsonNode json(String key) {
    try {
      return new ObjectMapper().readTree(contents.metadata().get(key));
    } catch (IOException e) {
      throw new IllegalStateException("metadata " + key + " is not JSON", e);
    }
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
