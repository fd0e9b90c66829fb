package io.facerecon.data;

import io.facerecon.io.BadInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LFW as an archive and as a folder: the same faces, labels and sources. */
class LfwArchiveReaderTest {
  @TempDir Path tmp;

  /** Synthetic 250×250 JPEGs in LFW's layout, gray and RGB, entries in scrambled order. */
  private Map<String, byte[]> lfwLikeImages() throws Exception {
    Map<String, byte[]> images = new LinkedHashMap<>();
    images.put("Zed_Doe/Zed_Doe_0001.jpg", SyntheticImages.encode(SyntheticImages.gray(250, 250, 1), "jpg"));
    images.put("Ann_Lee/Ann_Lee_0002.jpg", SyntheticImages.encode(SyntheticImages.rgb(250, 250, 2), "jpg"));
    images.put("Ann_Lee/Ann_Lee_0001.jpg", SyntheticImages.encode(SyntheticImages.gray(250, 250, 3), "jpg"));
    images.put("Bo_Ray/Bo_Ray_0001.jpg", SyntheticImages.encode(SyntheticImages.gray(250, 250, 4), "jpg"));
    images.put("Bo_Ray/Bo_Ray_0002.jpg", SyntheticImages.encode(SyntheticImages.gray(250, 250, 5), "jpg"));
    images.put("Bo_Ray/Bo_Ray_0003.jpg", SyntheticImages.encode(SyntheticImages.rgb(250, 250, 6), "jpg"));
    return images;
  }

  private Path archive(String top, Map<String, byte[]> images) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(top + "/pairs.txt", "stray file".getBytes());
    images.forEach((k, v) -> entries.put(top + "/" + k, v));
    entries.put("README", "top-level file".getBytes());
    Path tgz = tmp.resolve(top + ".tgz");
    SyntheticImages.tgz(tgz, entries);
    return tgz;
  }

  private Path folder(Map<String, byte[]> images) throws Exception {
    Path dir = tmp.resolve("folder");
    for (Map.Entry<String, byte[]> e : images.entrySet()) {
      Files.createDirectories(dir.resolve(e.getKey()).getParent());
      Files.write(dir.resolve(e.getKey()), e.getValue());
    }
    return dir;
  }

  @Test
  void archiveGivesTheSameFacesAsTheFolder() throws Exception {
    Map<String, byte[]> images = lfwLikeImages();
    LoadOptions options = LoadOptions.defaults().withMinFaces(2);
    FaceSet fromArchive = FaceSetLoader.load(archive("lfw_funneled", images), options);
    FaceSet fromFolder = FaceSetLoader.load(folder(images), options);
    assertThat(fromArchive.personNames()).containsExactly("Ann Lee", "Bo Ray");
    assertThat(fromArchive.sources())
        .containsExactly(
            "Ann_Lee/Ann_Lee_0001.jpg", "Ann_Lee/Ann_Lee_0002.jpg", "Bo_Ray/Bo_Ray_0001.jpg",
            "Bo_Ray/Bo_Ray_0002.jpg", "Bo_Ray/Bo_Ray_0003.jpg");
    assertThat(fromArchive.labels()).containsExactly(0, 0, 1, 1, 1);
    assertThat(fromArchive.height()).isEqualTo(62);
    assertThat(fromArchive.width()).isEqualTo(47);
    assertThat(fromFolder.sources()).isEqualTo(fromArchive.sources());
    assertThat(fromFolder.labels()).isEqualTo(fromArchive.labels());
    assertThat(fromFolder.pixels().toArray()).isEqualTo(fromArchive.pixels().toArray());
  }

  @Test
  void plainTarNamedTgzIsRead() throws Exception {
    Map<String, byte[]> images = lfwLikeImages();
    Path tgz = archive("lfw", images);
    Path tar = tmp.resolve("unpacked-by-browser.tgz");
    try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(tgz))) {
      Files.write(tar, in.readAllBytes());
    }
    assertThat(FaceSetLoader.load(tar, LoadOptions.defaults()).pixels().toArray())
        .isEqualTo(FaceSetLoader.load(tgz, LoadOptions.defaults()).pixels().toArray());
  }

  @Test
  void archiveResizeAndAllPersons() throws Exception {
    FaceSet set = LfwLoader.loadArchive(archive("lfw", lfwLikeImages()), new LoadOptions(
        DataFormat.LFW, 0.25, 0, java.util.Optional.empty(), java.util.Optional.empty(), false)).faces();
    assertThat(set.size()).isEqualTo(6);
    assertThat(set.personCount()).isEqualTo(3);
    assertThat(set.height()).isEqualTo(31);
    assertThat(set.width()).isEqualTo(23);
  }

  @Test
  void twoTopFoldersAreAnError() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    byte[] jpg = SyntheticImages.encode(SyntheticImages.gray(250, 250, 1), "jpg");
    entries.put("lfw/A/A_0001.jpg", jpg);
    entries.put("other/B/B_0001.jpg", jpg);
    Path tgz = tmp.resolve("two.tgz");
    SyntheticImages.tgz(tgz, entries);
    assertThatThrownBy(() -> FaceSetLoader.load(tgz, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'lfw'")
        .hasMessageContaining("'other'");
  }

  @Test
  void damagedArchiveIsAnErrorNamingIt() throws Exception {
    Path tgz = archive("lfw", lfwLikeImages());
    byte[] bytes = Files.readAllBytes(tgz);
    Path cut = tmp.resolve("cut.tgz");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> FaceSetLoader.load(cut, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("cut.tgz");
    Path notGzip = tmp.resolve("plain.tgz");
    Files.writeString(notGzip, "not an archive");
    assertThatThrownBy(() -> FaceSetLoader.load(notGzip, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("plain.tgz")
        .hasMessageContaining(".tgz archive");
  }

  @Test
  void archiveWithoutImagesIsAnError() throws Exception {
    Path tgz = tmp.resolve("empty.tgz");
    SyntheticImages.tgz(tgz, Map.of("lfw/readme.txt", "x".getBytes()));
    assertThatThrownBy(() -> FaceSetLoader.load(tgz, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("empty.tgz")
        .hasMessageContaining("no images");
  }
}
