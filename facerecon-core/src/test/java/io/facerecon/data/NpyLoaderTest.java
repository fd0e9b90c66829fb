package io.facerecon.data;

import io.facerecon.io.BadInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyLoaderTest {
  @TempDir Path tmp;

  private static Path fixture(String name) {
    return TestData.golden("npy/" + name + ".npy");
  }

  private static LoadOptions shape(int h, int w) {
    return new LoadOptions(DataFormat.AUTO, 0.5, 0, Optional.empty(), Optional.of(new int[] {h, w}), false);
  }

  @Test
  void floatArrayIsKeptAndUnlabelled() throws Exception {
    LoadReport report = FaceSetLoader.loadReport(fixture("f4_c"), LoadOptions.defaults());
    FaceSet set = report.faces();
    assertThat(report.format()).isEqualTo(DataFormat.NPY);
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.height()).isEqualTo(4);
    assertThat(set.width()).isEqualTo(5);
    assertThat(set.personNames()).containsExactly("all");
    assertThat(set.sources()).containsExactly("0", "1", "2");
    assertThat(set.pixels().toArray()).containsExactly(Npy.read(fixture("f4_c")).values().toArray());
  }

  @Test
  void fortranFloat64GivesTheSameImages() throws Exception {
    float[] c = FaceSetLoader.load(fixture("f4_c"), LoadOptions.defaults()).pixels().toArray();
    float[] f = FaceSetLoader.load(fixture("f8_big_fortran"), LoadOptions.defaults()).pixels().toArray();
    assertThat(f).containsExactly(c);
  }

  @Test
  void uint8IsDividedBy255() throws Exception {
    Npy.Array raw = Npy.read(fixture("u1_fortran"));
    FaceSet set = FaceSetLoader.load(fixture("u1_fortran"), LoadOptions.defaults());
    assertThat(set.pixels().get(7)).isEqualTo(raw.values().get(7) / 255f);
    assertThat(set.pixels().get(7)).isBetween(0f, 1f);
  }

  @Test
  void rankTwoNeedsAMatchingShape() throws Exception {
    FaceSet set = FaceSetLoader.load(fixture("f4_rank2"), shape(4, 5));
    assertThat(set.height()).isEqualTo(4);
    assertThat(set.width()).isEqualTo(5);
    assertThat(FaceSetLoader.load(fixture("f4_rank2_fortran"), shape(2, 10)).pixels().toArray())
        .containsExactly(set.pixels().toArray());
    assertThatThrownBy(() -> FaceSetLoader.load(fixture("f4_rank2"), LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("(3, 20)")
        .hasMessageContaining("give the shape");
    assertThatThrownBy(() -> FaceSetLoader.load(fixture("f4_rank2"), shape(4, 4)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("shape 4x4")
        .hasMessageContaining("(3, 20)");
  }

  @Test
  void badRankDtypeAndRangeAreErrors() {
    assertThatThrownBy(() -> FaceSetLoader.load(fixture("f4_rank4"), LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("f4_rank4.npy")
        .hasMessageContaining("rank 4");
    assertThatThrownBy(() -> FaceSetLoader.load(fixture("i8_c"), LoadOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("i8_c.npy")
        .hasMessageContaining("'<i8'");
    assertThatThrownBy(() -> FaceSetLoader.load(fixture("f4_out_of_range"), LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("f4_out_of_range.npy")
        .hasMessageContaining("[0, 1]")
        .hasMessageContaining("min -0.4");
  }

  @Test
  void labelsFileGivesPersonsAndSources() throws Exception {
    Path npy = tmp.resolve("faces.npy");
    Npy.write(npy, FloatMatrix.of(3, 2, 0f, 0.5f, 1f, 0.25f, 0.75f, 0f), 3, 1, 2);
    Files.writeString(
        NpyLoader.labelsFile(npy),
        "[{\"person\": \"Bo\", \"source\": \"Bo/1.jpg\"}, {\"person\": \"Al\", \"source\": \"Al/1.jpg\"},"
            + " {\"person\": \"Bo\", \"source\": \"Bo/2.jpg\"}]");
    FaceSet set = FaceSetLoader.load(npy, LoadOptions.defaults());
    assertThat(set.personNames()).containsExactly("Bo", "Al");
    assertThat(set.labels()).containsExactly(0, 1, 0);
    assertThat(set.sources()).containsExactly("Bo/1.jpg", "Al/1.jpg", "Bo/2.jpg");

    FaceSet two = FaceSetLoader.load(npy, LoadOptions.defaults().withMinFaces(2));
    assertThat(two.personNames()).containsExactly("Bo");
    assertThat(two.sources()).containsExactly("Bo/1.jpg", "Bo/2.jpg");
    assertThat(two.pixels().toArray()).containsExactly(0f, 0.5f, 0.75f, 0f);
    assertThatThrownBy(() -> FaceSetLoader.load(npy, LoadOptions.defaults().withMinFaces(3)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("minFaces 3");
  }

  @Test
  void labelsFileOfTheWrongLengthIsAnError() throws Exception {
    Path npy = tmp.resolve("faces.npy");
    Npy.write(npy, FloatMatrix.zeros(2, 4), 2, 2, 2);
    Files.writeString(NpyLoader.labelsFile(npy), "[{\"person\": \"A\", \"source\": \"a\"}]");
    assertThatThrownBy(() -> FaceSetLoader.load(npy, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("faces.npy.labels.json")
        .hasMessageContaining("list of 2")
        .hasMessageContaining("a list of 1");
  }
}
