package io.facerecon.data;

import io.facerecon.io.BadInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLoaderTest {
  @TempDir Path root;

  private static LoadOptions options() {
    return LoadOptions.defaults().withFormat(DataFormat.FOLDER);
  }

  @Test
  void flatFolderIsOnePersonNamedAfterIt() throws Exception {
    Path faces = root.resolve("faces");
    BufferedImage a = SyntheticImages.gray(6, 4, 1);
    SyntheticImages.write(faces.resolve("b.png"), a);
    SyntheticImages.write(faces.resolve("a.png"), SyntheticImages.gray(6, 4, 2));
    Files.writeString(faces.resolve("notes.txt"), "ignored");
    LoadReport report = ImageFolderLoader.load(faces, options());
    FaceSet set = report.faces();
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.height()).isEqualTo(4);
    assertThat(set.width()).isEqualTo(6);
    assertThat(set.personNames()).containsExactly("faces");
    assertThat(set.sources()).containsExactly("a.png", "b.png");
    assertThat(report.format()).isEqualTo(DataFormat.FOLDER);
    // Image 1 is b.png: gray levels divided by 255, row by row.
    assertThat(set.pixels().get(1, 0)).isEqualTo(a.getRaster().getSample(0, 0, 0) / 255f);
    assertThat(set.pixels().get(1, 7)).isEqualTo(a.getRaster().getSample(1, 1, 0) / 255f);
  }

  @Test
  void subFoldersArePersons() throws Exception {
    SyntheticImages.write(root.resolve("Zoe/z1.png"), SyntheticImages.gray(5, 5, 1));
    SyntheticImages.write(root.resolve("Adam/a2.png"), SyntheticImages.gray(5, 5, 2));
    SyntheticImages.write(root.resolve("Adam/a1.png"), SyntheticImages.gray(5, 5, 3));
    Files.createDirectories(root.resolve("Empty"));
    FaceSet set = ImageFolderLoader.load(root, options()).faces();
    assertThat(set.personNames()).containsExactly("Adam", "Zoe");
    assertThat(set.sources()).containsExactly("Adam/a1.png", "Adam/a2.png", "Zoe/z1.png");
    assertThat(set.labels()).containsExactly(0, 0, 1);
  }

  @Test
  void rgbIsTheMeanOfTheChannels() throws Exception {
    BufferedImage rgb = SyntheticImages.rgb(3, 2, 4);
    SyntheticImages.write(root.resolve("c.png"), rgb);
    FaceSet set = ImageFolderLoader.load(root, options()).faces();
    float r = rgb.getRaster().getSample(2, 1, 0) / 255f;
    float g = rgb.getRaster().getSample(2, 1, 1) / 255f;
    float b = rgb.getRaster().getSample(2, 1, 2) / 255f;
    assertThat(set.pixels().get(0, 5)).isEqualTo((r + g + b) / 3f);
  }

  @Test
  void readsPgmAndPpm() throws Exception {
    Files.write(root.resolve("a.pgm"), SyntheticImages.pnm(false, 2, 1, new byte[] {0, (byte) 255}));
    Files.write(root.resolve("b.ppm"), SyntheticImages.pnm(true, 2, 1, new byte[] {3, 6, 9, 0, 0, 0}));
    Files.write(root.resolve("c.pgm"), SyntheticImages.plainPgm(2, 1, 255, new int[] {51, 102}));
    FaceSet set = ImageFolderLoader.load(root, options()).faces();
    assertThat(set.pixels().toArray())
        .containsExactly(0f, 1f, (3 / 255f + 6 / 255f + 9 / 255f) / 3f, 0f, 0.2f, 0.4f);
  }

  @Test
  void differentSizesAreAnErrorNamingBothFiles() throws Exception {
    SyntheticImages.write(root.resolve("a.png"), SyntheticImages.gray(6, 4, 1));
    SyntheticImages.write(root.resolve("b.png"), SyntheticImages.gray(6, 4, 2));
    SyntheticImages.write(root.resolve("c.png"), SyntheticImages.gray(5, 4, 3));
    assertThatThrownBy(() -> ImageFolderLoader.load(root, options()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("a.png is 4x6")
        .hasMessageContaining("c.png is 4x5")
        .hasMessageContaining("a size (height, width)");
  }

  @Test
  void sizeResizesEveryImageWithPillowsFilter() throws Exception {
    BufferedImage big = SyntheticImages.gray(8, 6, 1);
    SyntheticImages.write(root.resolve("a.png"), big);
    SyntheticImages.write(root.resolve("b.png"), SyntheticImages.gray(4, 3, 2));
    LoadOptions opts = new LoadOptions(DataFormat.FOLDER, 0.5, 0, Optional.of(new int[] {3, 4}), Optional.empty(), false);
    FaceSet set = ImageFolderLoader.load(root, opts).faces();
    assertThat(set.height()).isEqualTo(3);
    assertThat(set.width()).isEqualTo(4);
    float[] expected = new float[12];
    new DecodedImage(8, 6, new byte[][] {((java.awt.image.DataBufferByte) big.getRaster().getDataBuffer()).getData()})
        .resize(4, 3)
        .toGray(expected, 0);
    assertThat(set.pixels().row(0)).containsExactly(expected);
  }

  @Test
  void corruptImageIsNamedOrSkippedAndCounted() throws Exception {
    SyntheticImages.write(root.resolve("a.jpg"), SyntheticImages.gray(16, 16, 1));
    byte[] good = SyntheticImages.encode(SyntheticImages.gray(16, 16, 2), "jpg");
    Files.write(root.resolve("b.jpg"), java.util.Arrays.copyOf(good, good.length / 2));
    assertThatThrownBy(() -> ImageFolderLoader.load(root, options()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("b.jpg")
        .hasMessageContaining("skipBad");
    LoadOptions skip = new LoadOptions(DataFormat.FOLDER, 0.5, 0, Optional.empty(), Optional.empty(), true);
    LoadReport report = ImageFolderLoader.load(root, skip);
    assertThat(report.faces().sources()).containsExactly("a.jpg");
    assertThat(report.skipped()).hasSize(1);
    assertThat(report.skipped().get(0)).contains("b.jpg");
  }

  @Test
  void minFacesFiltersPersons() throws Exception {
    SyntheticImages.write(root.resolve("A/1.png"), SyntheticImages.gray(3, 3, 1));
    SyntheticImages.write(root.resolve("B/1.png"), SyntheticImages.gray(3, 3, 2));
    SyntheticImages.write(root.resolve("B/2.png"), SyntheticImages.gray(3, 3, 3));
    FaceSet set = ImageFolderLoader.load(root, options().withMinFaces(2)).faces();
    assertThat(set.personNames()).containsExactly("B");
    assertThat(set.labels()).containsExactly(0, 0);
    assertThatThrownBy(() -> ImageFolderLoader.load(root, options().withMinFaces(3)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("minFaces 3")
        .hasMessageContaining("has 2 images");
  }

  @Test
  void mixedFolderIsAnError() throws Exception {
    SyntheticImages.write(root.resolve("loose.png"), SyntheticImages.gray(3, 3, 1));
    SyntheticImages.write(root.resolve("P/1.png"), SyntheticImages.gray(3, 3, 2));
    assertThatThrownBy(() -> ImageFolderLoader.load(root, options()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("loose.png")
        .hasMessageContaining("person sub-folders");
  }

  @Test
  void emptyFolderIsAnError() {
    assertThatThrownBy(() -> ImageFolderLoader.load(root, options()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(root.toString())
        .hasMessageContaining("no images");
  }
}
