package io.facerecon.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads files numpy.save wrote (tools/golden/npy_fixtures.py) and round-trips our own. */
class NpyTest {
  @TempDir Path tmp;

  private static Path fixture(String name) {
    return TestData.golden("npy/" + name + ".npy");
  }

  private static JsonNode expected(String name) throws IOException {
    try (InputStream in = NpyTest.class.getResourceAsStream("/golden/npy/values.json")) {
      return new ObjectMapper().readTree(in).get(name);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "f4_c", "f4_big", "f8_c", "f8_big_fortran", "f4_fortran", "u1_c", "u1_fortran", "f4_rank2",
        "f4_rank2_fortran", "f4_rank4", "f4_v2"
      })
  void readsWhatNumpyWrote(String name) throws Exception {
    Npy.Array array = Npy.read(fixture(name));
    JsonNode expected = expected(name);
    int[] shape = new int[expected.get("shape").size()];
    for (int k = 0; k < shape.length; k++) {
      shape[k] = expected.get("shape").get(k).asInt();
    }
    assertThat(array.shape()).containsExactly(shape);
    assertThat(array.values().rows()).isEqualTo(shape[0]);
    float[] values = array.values().toArray();
    assertThat(values).hasSize(expected.get("values").size());
    for (int i = 0; i < values.length; i++) {
      assertThat(values[i]).as("element %d", i).isEqualTo((float) expected.get("values").get(i).asDouble());
    }
  }

  @Test
  void keepsTheDtype() throws Exception {
    assertThat(Npy.read(fixture("u1_c")).dtype()).isEqualTo("|u1");
    assertThat(Npy.read(fixture("f8_big_fortran")).dtype()).isEqualTo(">f8");
  }

  @Test
  void unsupportedDtypeNamesFileAndDtype() {
    assertThatThrownBy(() -> Npy.read(fixture("i8_c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("i8_c.npy")
        .hasMessageContaining("'<i8'")
        .hasMessageContaining("float32");
  }

  @Test
  void roundTripsWhatWeWrite() throws Exception {
    FloatMatrix m = FloatMatrix.of(2, 6, 0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1f, 0.25f);
    Path file = tmp.resolve("m.npy");
    Npy.write(file, m, 2, 2, 3);
    Npy.Array back = Npy.read(file);
    assertThat(back.dtype()).isEqualTo("<f4");
    assertThat(back.shape()).containsExactly(2, 2, 3);
    assertThat(back.shapeText()).isEqualTo("(2, 2, 3)");
    assertThat(back.values().toArray()).containsExactly(m.toArray());
  }

  @Test
  void truncatedFileIsAnError() throws Exception {
    byte[] bytes = Files.readAllBytes(fixture("f4_c"));
    Path cut = tmp.resolve("cut.npy");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> Npy.read(cut))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut.npy")
        .hasMessageContaining("truncated");
  }

  @Test
  void otherFilesAreNotNpy() throws Exception {
    Path text = tmp.resolve("x.npy");
    Files.writeString(text, "hello, not an array");
    assertThatThrownBy(() -> Npy.read(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.npy")
        .hasMessageContaining("not a .npy file");
  }
}
