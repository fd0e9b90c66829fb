package io.facerecon.decomposition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The float32 sums and the selection order k-means takes from NumPy 1.24, against NumPy's own
 * results ({@code tools/golden/kmeans_reference.py}, {@code kmeans_numpy.safetensors}): bit for bit.
 */
class KMeansNumpyArithmeticTest {
  private static final KMeansGolden GOLDEN = KMeansGolden.load("kmeans_numpy");

  /** The script's {@code spread}: ((i · 0.6180339887) mod 1 − offset) · scale, rounded to float32. */
  private static float[] spread(int count, double scale, double offset) {
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = (float) (((i * 0.6180339887) % 1.0 - offset) * scale);
    }
    return v;
  }

  @Test
  void sumsAsNumpyAddsFloat32() {
    float[] v = spread(20000, 100.0, 0.0);
    for (JsonNode c : GOLDEN.json("sums")) {
      int n = c.get("n").asInt();
      assertThat(KMeansFloat32.sum(v, 0, n)).as("sum of " + n).isEqualTo(Float.parseFloat(c.get("sum").asText()));
    }
  }

  @Test
  void squaredNormsAsNumpysEinsum() {
    for (JsonNode c : GOLDEN.json("norms")) {
      int rows = c.get("rows").asInt();
      int cols = c.get("cols").asInt();
      float[] m = spread(rows * cols, 6.0, 0.5);
      for (int i = 0; i < rows; i++) {
        assertThat(KMeansFloat32.squaredNorm(m, i * cols, cols)).as(rows + "x" + cols + " row " + i)
            .isEqualTo(Float.parseFloat(c.get("norms").get(i).asText()));
      }
    }
  }

  @Test
  void largestValuesInArgpartitionsOrder() {
    for (JsonNode c : GOLDEN.json("partitions")) {
      int i = c.get("index").asInt();
      float[] v = GOLDEN.vector("argpartition/" + i);
      assertThat(KMeansArgPartition.largest(v, c.get("top").asInt())).as("case " + i + " of " + v.length)
          .containsExactly(GOLDEN.integers("argpartition/" + i + "/top"));
    }
  }

  @Test
  void squaredDistanceSumsBlocksOfFour() {
    float[] a = {1.5f, -2f, 0.25f, 3f, 7f, 1e-3f};
    float[] b = {0.5f, 1f, 0.25f, -1f, 2f, 0f};
    float blocks = ((1f * 1f + 3f * 3f) + 0f) + 4f * 4f;
    float expected = (0f + blocks + 5f * 5f) + 1e-3f * 1e-3f;
    assertThat(KMeansFloat32.squaredDistance(a, 0, b, 0, 6)).isEqualTo(expected);
  }
}
