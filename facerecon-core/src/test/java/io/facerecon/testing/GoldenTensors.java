package io.facerecon.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A safetensors fixture of {@code tools/golden/}: its float32 tensors and string metadata. */
public final class GoldenTensors {
  private final String name;
  private final SafeTensors.Contents contents;

  private GoldenTensors(String name, SafeTensors.Contents contents) {
    this.name = name;
    this.contents = contents;
  }

  /** The fixture {@code src/test/resources/golden/<path>}. */
  public static GoldenTensors load(String path) {
    try {
      return new GoldenTensors(path, SafeTensors.read(TestData.golden(path)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read fixture " + path, e);
    }
  }

  /** A 2-D tensor as a matrix of its own (a 1-D one as one row). */
  public FloatMatrix matrix(String tensor) {
    SafeTensors.Tensor t = contents.tensors().get(tensor);
    assertThat(t).as("tensor " + tensor + " of " + name).isNotNull();
    int rows = t.shape().length == 2 ? t.shape()[0] : 1;
    return t.values().reshape(rows, t.values().size() / Math.max(1, rows)).copy();
  }

  /** A one-row tensor as an array. */
  public float[] vector(String tensor) {
    return matrix(tensor).toArray();
  }

  /** The metadata. */
  public Map<String, String> metadata() {
    return contents.metadata();
  }

  /** The comma-separated names in the metadata entry {@code cases}. */
  public List<String> cases() {
    return List.of(contents.metadata().get("cases").split(","));
  }

  /** Largest |a − b| over the largest |b|. */
  public static double relativeMaxDifference(FloatMatrix actual, FloatMatrix expected) {
    assertThat(actual.rows()).as("rows").isEqualTo(expected.rows());
    assertThat(actual.cols()).as("columns").isEqualTo(expected.cols());
    return relativeMaxDifference(actual.toArray(), expected.toArray());
  }

  /** Largest |a − b| over the largest |b|. */
  public static double relativeMaxDifference(float[] actual, float[] expected) {
    assertThat(actual).as("length").hasSameSizeAs(expected);
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < expected.length; i++) {
      diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    return diff / scale;
  }
}
