package io.facerecon.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NumpyRandomState against NumPy's RandomState: the first 100,000 draws of each kind, for several
 * seeds, hash to what NumPy's do (fixtures from tools/golden/numpy_random_reference.py). Normal
 * draws are compared rounded to float32, as scikit-learn uses them (see the generator).
 */
class NumpyRandomStateTest {
  private static final int COUNT = 100_000;

  /** One kind of draw: COUNT values from a fresh generator, as little-endian float64 or int64. */
  private interface Kind {
    byte[] draw(NumpyRandomState random);
  }

  private static final Map<String, Kind> KINDS =
      Map.of(
          "random_sample", r -> doubles(i -> r.randomSample()),
          "standard_normal", r -> doubles(i -> (float) r.standardNormal()),
          "uniform", r -> doubles(i -> r.uniform(-2.0, 3.0)),
          "randint_1000", r -> longs(i -> r.randint(0, 1000)),
          "randint_int32_max", r -> longs(i -> r.randint(Integer.MAX_VALUE)),
          "randint_2_40", r -> longs(i -> r.randint(-5, 1L << 40)),
          "randint_scalar_1217", r -> longs(i -> r.randint(1217)),
          "permutation", NumpyRandomStateTest::permutation,
          "mixed", NumpyRandomStateTest::mixed);

  @Test
  void everyKindOfDrawEqualsNumpysForEverySeed() throws IOException {
    JsonNode seeds = golden().get("seeds");
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = seeds.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> seed = it.next();
      for (Map.Entry<String, Kind> kind : KINDS.entrySet()) {
        JsonNode expected = seed.getValue().get(kind.getKey());
        byte[] bytes = kind.getValue().draw(new NumpyRandomState(Long.parseLong(seed.getKey())));
        assertThat(headOf(bytes, kind.getKey()))
            .as("seed %s, %s: first values", seed.getKey(), kind.getKey())
            .isEqualTo(expected.get("head").toString());
        assertThat(sha256(bytes))
            .as("seed %s, %s: all %d values", seed.getKey(), kind.getKey(), COUNT)
            .isEqualTo(expected.get("sha256").asText());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(5 * KINDS.size());
  }

  @Test
  void aFloatMatrixOfNormalsIsTheSameDrawsRoundedInRowMajorOrder() {
    FloatMatrix m = new NumpyRandomState(3).standardNormal(4, 5);
    NumpyRandomState again = new NumpyRandomState(3);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 5; j++) {
        assertThat(m.get(i, j)).isEqualTo((float) again.standardNormal());
      }
    }
  }

  @Test
  void seedsOutsideNumpysRangeAreRefused() {
    assertThatThrownBy(() -> new NumpyRandomState(-1)).hasMessageContaining("2**32 - 1");
    assertThatThrownBy(() -> new NumpyRandomState(1L << 32)).hasMessageContaining("got 4294967296");
    assertThatThrownBy(() -> new NumpyRandomState(0).randint(3, 3)).hasMessageContaining("low >= high");
  }

  @Test
  void aRangeOfOneValueDrawsNothing() {
    NumpyRandomState a = new NumpyRandomState(9);
    NumpyRandomState b = new NumpyRandomState(9);
    assertThat(a.randint(5, 6)).isEqualTo(5);
    assertThat(a.randomSample()).isEqualTo(b.randomSample());
  }

  private static byte[] doubles(java.util.function.IntToDoubleFunction draw) {
    ByteBuffer out = ByteBuffer.allocate(COUNT * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < COUNT; i++) {
      out.putDouble(draw.applyAsDouble(i));
    }
    return out.array();
  }

  private static byte[] longs(java.util.function.IntToLongFunction draw) {
    ByteBuffer out = ByteBuffer.allocate(COUNT * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < COUNT; i++) {
      out.putLong(draw.applyAsLong(i));
    }
    return out.array();
  }

  private static byte[] permutation(NumpyRandomState random) {
    int[] p = random.permutation(COUNT);
    return longs(i -> p[i]);
  }

  /** As the generator's {@code mixed}: normal, uniform, normal, randint(0, 7 + i mod 5). */
  private static byte[] mixed(NumpyRandomState random) {
    double[] values = new double[COUNT];
    for (int i = 0; i < COUNT / 4; i++) {
      values[4 * i] = (float) random.standardNormal();
      values[4 * i + 1] = random.randomSample();
      values[4 * i + 2] = (float) random.standardNormal();
      values[4 * i + 3] = random.randint(0, 7 + i % 5);
    }
    return doubles(i -> values[i]);
  }

  private static String headOf(byte[] bytes, String kind) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    boolean floating = !kind.startsWith("randint") && !kind.equals("permutation");
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < 5; i++) {
      s.append(i > 0 ? "," : "");
      s.append(floating ? String.valueOf(in.getDouble(8 * i)) : String.valueOf(in.getLong(8 * i)));
    }
    return s.append(']').toString();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode golden() throws IOException {
    try (InputStream in =
        NumpyRandomStateTest.class.getResourceAsStream("/golden/linalg/numpy_random.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

}
