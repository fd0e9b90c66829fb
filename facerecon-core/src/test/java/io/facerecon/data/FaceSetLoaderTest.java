package io.facerecon.data;

import io.facerecon.io.BadInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceSetLoaderTest {
  @TempDir Path tmp;

  @Test
  void personFoldersOf250x250AreLfw() throws Exception {
    SyntheticImages.write(tmp.resolve("A_B/A_B_0001.jpg"), SyntheticImages.gray(250, 250, 1));
    assertThat(FaceSetLoader.detect(tmp)).isEqualTo(DataFormat.LFW);
    LoadReport report = FaceSetLoader.loadReport(tmp, LoadOptions.defaults());
    assertThat(report.format()).isEqualTo(DataFormat.LFW);
    assertThat(report.faces().height()).isEqualTo(62);
    assertThat(report.faces().personNames()).containsExactly("A B");
  }

  @Test
  void personFoldersOfOtherSizesAreAnImageFolder() throws Exception {
    SyntheticImages.write(tmp.resolve("A_B/1.png"), SyntheticImages.gray(20, 30, 1));
    assertThat(FaceSetLoader.detect(tmp)).isEqualTo(DataFormat.FOLDER);
    FaceSet set = FaceSetLoader.load(tmp, LoadOptions.defaults());
    assertThat(set.height()).isEqualTo(30);
    assertThat(set.width()).isEqualTo(20);
    assertThat(set.personNames()).containsExactly("A_B");
  }

  @Test
  void formatForcesTheLoader() throws Exception {
    SyntheticImages.write(tmp.resolve("P/1.jpg"), SyntheticImages.gray(250, 250, 1));
    FaceSet asFolder = FaceSetLoader.load(tmp, LoadOptions.defaults().withFormat(DataFormat.FOLDER));
    assertThat(asFolder.height()).isEqualTo(250);
    Path small = tmp.resolve("small");
    SyntheticImages.write(small.resolve("P/1.png"), SyntheticImages.gray(100, 100, 1));
    assertThatThrownBy(() -> FaceSetLoader.load(small, LoadOptions.defaults().withFormat(DataFormat.LFW)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("1.png")
        .hasMessageContaining("100x100");
  }

  @Test
  void flatFolderIsAnImageFolder() throws Exception {
    SyntheticImages.write(tmp.resolve("1.png"), SyntheticImages.gray(250, 250, 1));
    assertThat(FaceSetLoader.detect(tmp)).isEqualTo(DataFormat.FOLDER);
  }

  @Test
  void filesByExtension() throws Exception {
    assertThat(FaceSetLoader.detect(Files.createFile(tmp.resolve("x.npy")))).isEqualTo(DataFormat.NPY);
    assertThat(FaceSetLoader.detect(Files.createFile(tmp.resolve("lfw.tgz")))).isEqualTo(DataFormat.LFW);
    assertThat(FaceSetLoader.detect(Files.createFile(tmp.resolve("lfw.tar.gz")))).isEqualTo(DataFormat.LFW);
    assertThat(FaceSetLoader.detect(Files.createFile(tmp.resolve("lfw.tar")))).isEqualTo(DataFormat.LFW);
    Path other = Files.createFile(tmp.resolve("faces.zip"));
    assertThatThrownBy(() -> FaceSetLoader.detect(other))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("faces.zip")
        .hasMessageContaining("give the format");
  }

  @Test
  void missingPathAndEmptyFolder() throws Exception {
    assertThatThrownBy(() -> FaceSetLoader.load(tmp.resolve("nope"), LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> FaceSetLoader.load(tmp, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(tmp.toString())
        .hasMessageContaining("no images");
  }

  @Test
  void lfwStudySet() throws Exception {
    LoadReport report = FaceSetLoader.loadReport(TestData.lfwRoot(), LoadOptions.defaults().withMinFaces(75));
    FaceSet set = report.faces();
    assertThat(report.format()).isEqualTo(DataFormat.LFW);
    assertThat(set.size()).isEqualTo(1217);
    assertThat(set.personCount()).isEqualTo(6);
    assertThat(set.height()).isEqualTo(62);
    assertThat(set.width()).isEqualTo(47);
    assertThat(set.personNames())
        .containsExactly(
            "Ariel Sharon", "Colin Powell", "Donald Rumsfeld", "George W Bush", "Gerhard Schroeder",
            "Tony Blair");
    assertThat(set.source(0)).isEqualTo("Ariel_Sharon/Ariel_Sharon_0001.jpg");
    int[] counts = new int[6];
    for (int label : set.labels()) {
      counts[label]++;
    }
    assertThat(counts).containsExactly(77, 236, 121, 530, 109, 144);
    double sum = 0;
    for (int i = 0; i < set.pixels().size(); i++) {
      sum += set.pixels().get(i);
    }
    // scikit-learn's loader on the same files gives this sum (float64 over the float32 pixels).
    assertThat(sum).isCloseTo(1852149.2243362344, org.assertj.core.data.Offset.offset(1e-6));
  }
}
