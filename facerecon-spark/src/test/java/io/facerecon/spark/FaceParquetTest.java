package io.facerecon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.cli.Main;
import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import io.facerecon.data.SyntheticImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facerecon info --save-parquet}: the command line finds this module's writer. */
class FaceParquetTest {
  @TempDir Path tmp;

  private Path faces(int seed) throws Exception {
    Path data = tmp.resolve("faces" + seed);
    SyntheticImages.write(data.resolve("Bo/b1.png"), SyntheticImages.gray(5, 4, seed));
    SyntheticImages.write(data.resolve("Al/a1.png"), SyntheticImages.gray(5, 4, seed + 1));
    SyntheticImages.write(data.resolve("Al/a2.png"), SyntheticImages.gray(5, 4, seed + 2));
    SyntheticImages.write(data.resolve("Cy/c1.png"), SyntheticImages.gray(5, 4, seed + 3));
    return data;
  }

  private static void assertSame(Path parquet, FaceSet faces) {
    List<Row> rows = LocalSpark.session().read().parquet(parquet.toString()).orderBy("id").collectAsList();
    assertThat(rows).hasSize(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      Row r = rows.get(i);
      assertThat(r.<Long>getAs("id")).isEqualTo(i);
      assertThat(r.<String>getAs("person")).isEqualTo(faces.personNames().get(faces.label(i)));
      assertThat(r.<String>getAs("source")).isEqualTo(faces.source(i));
      List<Object> pixels = r.getList(r.fieldIndex("pixels"));
      float[] got = new float[pixels.size()];
      for (int j = 0; j < got.length; j++) {
        got[j] = (Float) pixels.get(j);
      }
      assertThat(got).containsExactly(faces.pixels().row(i));
    }
  }

  @Test
  void infoSavesParquetThatReadsBackAsTheFaceSet() throws Exception {
    LocalSpark.session();
    Path data = faces(1);
    Path file = tmp.resolve("out/faces.parquet");
    assertThat(Main.run("info", "--data", data.toString(), "--save-parquet", file.toString())).isZero();
    assertThat(file).isRegularFile();
    FaceSet faces = FaceSetLoader.load(data, LoadOptions.defaults());
    assertSame(file, faces);
    try (Stream<Path> left = Files.list(file.getParent())) {
      assertThat(left).as("no temporary or lock files left").containsExactly(file);
    }

    // An existing file is replaced only with --overwrite, and then as a whole.
    Path other = faces(7);
    assertThat(Main.run("info", "--data", other.toString(), "--save-parquet", file.toString()))
        .isEqualTo(Main.EXIT_BAD_INPUT);
    assertSame(file, faces);
    assertThat(Main.run("info", "--data", other.toString(), "--save-parquet", file.toString(), "--overwrite"))
        .isZero();
    assertSame(file, FaceSetLoader.load(other, LoadOptions.defaults()));
  }
}
