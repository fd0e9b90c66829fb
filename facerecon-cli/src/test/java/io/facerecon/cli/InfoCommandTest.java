package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import io.facerecon.data.SyntheticImages;
import io.facerecon.io.Npy;
import io.facerecon.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
  @TempDir Path tmp;

  private Path twoPersons() throws Exception {
    Path data = tmp.resolve("faces");
    SyntheticImages.write(data.resolve("Bo/b1.png"), SyntheticImages.gray(5, 4, 1));
    SyntheticImages.write(data.resolve("Al/a1.png"), SyntheticImages.gray(5, 4, 2));
    SyntheticImages.write(data.resolve("Al/a2.png"), SyntheticImages.gray(5, 4, 3));
    return data;
  }

  @Test
  void printsTextSummary() throws Exception {
    CliRun run = CliRun.of("info", "--data", twoPersons().toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("images   3")
        .contains("persons  2")
        .contains("4 x 5 (height x width)")
        .contains("mean ")
        .contains("load ");
  }

  @Test
  void jsonAndSaveNpyRoundTrip() throws Exception {
    Path data = twoPersons();
    Path npy = tmp.resolve("out/faces.npy");
    CliRun run = CliRun.of("info", "--data", data.toString(), "--json", "--save-npy", npy.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode info = Json.MAPPER.readTree(run.out());
    assertThat(info.get("images").asInt()).isEqualTo(3);
    assertThat(info.get("persons").asInt()).isEqualTo(2);
    assertThat(info.get("height").asInt()).isEqualTo(4);
    assertThat(info.get("width").asInt()).isEqualTo(5);
    assertThat(info.get("format").asText()).isEqualTo("folder");
    assertThat(info.get("skipped").asInt()).isZero();
    assertThat(info.get("load_seconds").asDouble()).isPositive();

    Npy.Array saved = Npy.read(npy);
    assertThat(saved.dtype()).isEqualTo("<f4");
    assertThat(saved.shape()).containsExactly(3, 4, 5);
    FaceSet original = FaceSetLoader.load(data, LoadOptions.defaults());
    assertThat(saved.values().toArray()).containsExactly(original.pixels().toArray());

    JsonNode labels = Json.MAPPER.readTree(tmp.resolve("out/faces.npy.labels.json").toFile());
    assertThat(labels.size()).isEqualTo(3);
    assertThat(labels.get(0).get("person").asText()).isEqualTo("Al");
    assertThat(labels.get(0).get("source").asText()).isEqualTo("Al/a1.png");
    assertThat(labels.get(2).get("person").asText()).isEqualTo("Bo");
    assertThat(labels.get(2).get("source").asText()).isEqualTo("Bo/b1.png");

    // The saved pair loads back as the same face set.
    FaceSet back = FaceSetLoader.load(npy, LoadOptions.defaults());
    assertThat(back.personNames()).isEqualTo(original.personNames());
    assertThat(back.labels()).isEqualTo(original.labels());
    assertThat(back.sources()).isEqualTo(original.sources());
    assertThat(back.pixels().toArray()).containsExactly(original.pixels().toArray());
  }

  @Test
  void saveParquetWithoutTheSparkModuleSaysWhatItNeeds() throws Exception {
    Path parquet = tmp.resolve("faces.parquet");
    CliRun run = CliRun.of("info", "--data", twoPersons().toString(), "--save-parquet", parquet.toString());
    assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(run.err()).contains("--save-parquet needs facerecon-spark").contains("./facerecon");
    assertThat(parquet).doesNotExist();
  }

  @Test
  void skippedImagesAreCountedInTextAndJson() throws Exception {
    Path data = twoPersons();
    Files.write(data.resolve("Al/a3.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
    CliRun json = CliRun.of("info", "--data", data.toString(), "--skip-bad", "--json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode info = Json.MAPPER.readTree(json.out());
    assertThat(info.get("images").asInt()).isEqualTo(3);
    assertThat(info.get("skipped").asInt()).isEqualTo(1);
    assertThat(info.get("skipped_images").get(0).asText()).contains("a3.png");
    CliRun text = CliRun.of("info", "--data", data.toString(), "--skip-bad");
    assertThat(text.out()).contains("skipped  1 unreadable image(s)").contains("a3.png");
  }

  @Test
  void lfwStudySet() throws Exception {
    CliRun run = CliRun.of("info", "--data", TestData.lfwRoot().toString(), "--min-faces", "75", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode info = Json.MAPPER.readTree(run.out());
    assertThat(info.get("images").asInt()).isEqualTo(1217);
    assertThat(info.get("persons").asInt()).isEqualTo(6);
    assertThat(info.get("height").asInt()).isEqualTo(62);
    assertThat(info.get("width").asInt()).isEqualTo(47);
    assertThat(info.get("format").asText()).isEqualTo("lfw");
  }
}
