package io.facerecon.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.BadInputException;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.testing.TestData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams over files give what the loaders load from them, bit for bit, in the same order; bad
 * input found only when an image is read is refused by that read, naming the file.
 */
class FaceStreamTest {
  @TempDir Path tmp;

  /** Every image of {@code stream}, read in order: all at once, one by one, and shuffled by index. */
  private static FloatMatrix readAll(FaceStream stream) throws Exception {
    int n = stream.size();
    int p = stream.pixelCount();
    FloatMatrix all = FloatMatrix.zeros(n, p);
    stream.read(0, all);
    FloatMatrix one = FloatMatrix.zeros(1, p);
    for (int i = 0; i < n; i++) {
      stream.read(i, one);
      assertThat(one.toArray()).as("image %d alone", i).isEqualTo(all.row(i));
    }
    int[] order = IntStream.range(0, n).map(i -> n - 1 - i).toArray();
    FloatMatrix reversed = FloatMatrix.zeros(n, p);
    stream.read(order, reversed);
    for (int r = 0; r < n; r++) {
      assertThat(reversed.row(r)).as("image %d by index", order[r]).isEqualTo(all.row(order[r]));
    }
    return all;
  }

  private static void assertSame(FaceStream stream, FaceSet faces) throws Exception {
    assertThat(stream.size()).isEqualTo(faces.size());
    assertThat(stream.height()).isEqualTo(faces.height());
    assertThat(stream.width()).isEqualTo(faces.width());
    assertThat(readAll(stream).toArray()).isEqualTo(faces.pixels().toArray());
  }

  /** A float32 .npy of {@code n} images of 3x5 with seeded values in [0, 1]. */
  private Path npy(String name, int n) throws Exception {
    SplittableRandom random = new SplittableRandom(n);
    FloatMatrix m = FloatMatrix.zeros(n, 15);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) random.nextDouble());
    }
    Path file = tmp.resolve(name);
    Npy.write(file, m, n, 3, 5);
    return file;
  }

  @Test
  void aNpyStreamIsTheLoadedArrayInEveryChunkSize() throws Exception {
    Path file = npy("a.npy", 9);
    FaceSet loaded = FaceSetLoader.load(file, LoadOptions.defaults());
    try (FaceStream stream = FaceStream.ofNpy(file)) {
      assertSame(stream, loaded);
    }
    // 15 floats per image and chunks of 7 floats (28 bytes), or 11 bytes rounded down to 2 floats: every
    // image straddles chunk boundaries.
    for (long chunk : new long[] {28, 11, 60, 4}) {
      try (FaceStream stream = NpyFaceStream.open(file, LoadOptions.defaults(), chunk)) {
        assertSame(stream, loaded);
      }
    }
  }

  @Test
  void bytesAreScaledAsTheLoaderScalesThemAndOtherLayoutsMatchToo() throws Exception {
    for (String name : new String[] {"u1_c", "u1_fortran", "f8_big_fortran", "f4_fortran", "f4_big", "f4_rank2_fortran"}) {
      Path file = TestData.golden("npy/" + name + ".npy");
      Npy.Array array = Npy.read(file);
      LoadOptions options = LoadOptions.defaults();
      if (array.rank() == 2) {
        options = new LoadOptions(DataFormat.NPY, 0.5, 0, Optional.empty(), Optional.of(new int[] {1, array.shape()[1]}), false);
      }
      FaceSet loaded = FaceSetLoader.load(file, options);
      try (FaceStream stream = NpyFaceStream.open(file, options, 8)) {
        assertSame(stream, loaded);
      }
    }
  }

  @Test
  void nByDArraysTakeTheShape() throws Exception {
    FloatMatrix m = FloatMatrix.of(2, 6, 0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1f, 0.25f);
    Path file = tmp.resolve("nd.npy");
    Npy.write(file, m);
    LoadOptions options = new LoadOptions(DataFormat.AUTO, 0.5, 0, Optional.empty(), Optional.of(new int[] {2, 3}), false);
    try (FaceStream stream = FaceStream.open(file, options)) {
      assertSame(stream, FaceSetLoader.load(file, options));
    }
    assertThatThrownBy(() -> FaceStream.ofNpy(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("nd.npy")
        .hasMessageContaining("give the shape");
  }

  @Test
  void labelsAndMinFacesKeepTheImagesTheLoaderKeeps() throws Exception {
    Path file = npy("l.npy", 6);
    String labels = "[" + String.join(",", Arrays.stream(new String[] {"A", "B", "A", "C", "B", "A"})
        .map(p -> "{\"person\": \"" + p + "\", \"source\": \"" + p + ".png\"}").toArray(String[]::new)) + "]";
    Files.writeString(NpyLoader.labelsFile(file), labels, StandardCharsets.UTF_8);
    LoadOptions options = LoadOptions.defaults().withMinFaces(2);
    FaceSet loaded = FaceSetLoader.load(file, options);
    assertThat(loaded.size()).isEqualTo(5);
    try (FaceStream stream = FaceStream.open(file, options)) {
      assertSame(stream, loaded);
    }
    assertThatThrownBy(() -> FaceStream.open(file, LoadOptions.defaults().withMinFaces(4)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("minFaces 4");
  }

  @Test
  void aNaNOrOutOfRangeImageIsRefusedWhenReadNamingTheFileAndImage() throws Exception {
    Path file = npy("bad.npy", 4);
    byte[] bytes = Files.readAllBytes(file);
    int dataStart = bytes.length - 4 * 15 * Float.BYTES;
    // Image 2's pixel 3 becomes NaN, image 3's pixel 0 becomes 2.
    ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    data.putFloat(dataStart + (2 * 15 + 3) * Float.BYTES, Float.NaN);
    data.putFloat(dataStart + 3 * 15 * Float.BYTES, 2f);
    Files.write(file, bytes);
    try (FaceStream stream = FaceStream.ofNpy(file)) {
      FloatMatrix two = FloatMatrix.zeros(2, 15);
      stream.read(0, two);
      assertThatThrownBy(() -> stream.read(1, two))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("bad.npy, image 2")
          .hasMessageContaining("NaN");
      assertThatThrownBy(() -> stream.read(new int[] {0, 3}, two))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("bad.npy, image 3")
          .hasMessageContaining("max 2.0");
    }
  }

  @Test
  void aTruncatedOrMisshapenNpyIsRefusedWhenOpened() throws Exception {
    Path file = npy("t.npy", 3);
    byte[] bytes = Files.readAllBytes(file);
    Path cut = tmp.resolve("cut.npy");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1));
    assertThatThrownBy(() -> FaceStream.ofNpy(cut))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("cut.npy")
        .hasMessageContaining("truncated");
    Path flat = tmp.resolve("flat.npy");
    Npy.write(flat, FloatMatrix.zeros(1, 4), 4);
    assertThatThrownBy(() -> FaceStream.ofNpy(flat))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("flat.npy has rank 1");
    assertThatThrownBy(() -> FaceStream.open(tmp.resolve("missing.npy"), LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void aFolderStreamIsTheLoadedFolder() throws Exception {
    for (int i = 0; i < 7; i++) {
      SyntheticImages.write(tmp.resolve((i % 3 == 0 ? "Ann" : "Bob") + "/" + i + (i % 2 == 0 ? ".png" : ".jpg")),
          i % 2 == 0 ? SyntheticImages.gray(9, 6, i) : SyntheticImages.rgb(9, 6, i));
    }
    for (LoadOptions options : new LoadOptions[] {
        LoadOptions.defaults(), LoadOptions.defaults().withMinFaces(4), LoadOptions.defaults().withSize(5, 4)}) {
      try (FaceStream stream = FaceStream.open(tmp, options)) {
        assertSame(stream, FaceSetLoader.load(tmp, options));
      }
    }
  }

  @Test
  void lfwFoldersAndArchivesAreCroppedAndResizedAsLoaded() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      byte[] jpg = SyntheticImages.encode(SyntheticImages.rgb(250, 250, i), "jpg");
      String path = "A_B/A_B_000" + i + ".jpg";
      Files.createDirectories(tmp.resolve("lfw/A_B"));
      Files.write(tmp.resolve("lfw").resolve(path), jpg);
      entries.put("lfw/" + path, jpg);
    }
    Path archive = tmp.resolve("lfw.tgz");
    SyntheticImages.tgz(archive, entries);
    LoadOptions options = LoadOptions.defaults().withResize(0.4);
    for (Path data : new Path[] {tmp.resolve("lfw"), archive}) {
      FaceSet loaded = FaceSetLoader.load(data, options);
      assertThat(loaded.height()).isEqualTo(50);
      try (FaceStream stream = FaceStream.open(data, options)) {
        assertSame(stream, loaded);
      }
    }
  }

  @Test
  void anUnreadableImageIsRefusedWhenReadAndSkipBadLeavesItOutAsTheLoaderDoes() throws Exception {
    SyntheticImages.write(tmp.resolve("a.png"), SyntheticImages.gray(8, 8, 1));
    byte[] good = SyntheticImages.encode(SyntheticImages.gray(8, 8, 2), "jpg");
    Files.write(tmp.resolve("b.jpg"), Arrays.copyOf(good, good.length / 2));
    SyntheticImages.write(tmp.resolve("c.png"), SyntheticImages.gray(8, 8, 3));
    try (FaceStream stream = FaceStream.open(tmp, LoadOptions.defaults())) {
      assertThat(stream.size()).isEqualTo(3);
      FloatMatrix one = FloatMatrix.zeros(1, 64);
      stream.read(2, one);
      assertThatThrownBy(() -> stream.read(new int[] {1}, one))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("b.jpg")
          .hasMessageContaining("skipBad");
    }
    LoadOptions skip = LoadOptions.defaults().withSkipBad(true);
    LoadReport loaded = FaceSetLoader.loadReport(tmp, skip);
    try (FaceStream stream = FaceStream.open(tmp, skip)) {
      assertSame(stream, loaded.faces());
      assertThat(stream.skipped()).isEqualTo(loaded.skipped()).hasSize(1);
    }
  }

  @Test
  void anImageOfAnotherSizeIsRefusedWhenReadEvenWithSkipBad() throws Exception {
    SyntheticImages.write(tmp.resolve("a.png"), SyntheticImages.gray(6, 4, 1));
    SyntheticImages.write(tmp.resolve("b.png"), SyntheticImages.gray(6, 4, 2));
    SyntheticImages.write(tmp.resolve("c.png"), SyntheticImages.gray(5, 4, 3));
    try (FaceStream stream = FaceStream.open(tmp, LoadOptions.defaults())) {
      FloatMatrix two = FloatMatrix.zeros(2, 24);
      stream.read(0, two);
      assertThatThrownBy(() -> stream.read(1, two))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("a.png is 4x6")
          .hasMessageContaining("c.png is 4x5");
    }
    assertThatThrownBy(() -> FaceStream.open(tmp, LoadOptions.defaults().withSkipBad(true)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("c.png is 4x5");
  }

  @Test
  void aSubsetReadsTheChosenImagesOfItsStream() throws Exception {
    Path file = npy("s.npy", 8);
    FaceSet loaded = FaceSetLoader.load(file, LoadOptions.defaults());
    int[] chosen = {5, 1, 1, 7};
    try (FaceStream stream = FaceStream.ofNpy(file)) {
      FaceStream subset = stream.subset(chosen);
      assertSame(subset, loaded.subset(chosen));
      subset.close();
      assertSame(stream, loaded);
      assertThatThrownBy(() -> stream.subset(new int[] {8})).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void theLfwStudySetStreamedIsTheLoadedOne() throws Exception {
    LoadOptions options = LoadOptions.defaults().withMinFaces(75);
    FaceSet loaded = FaceSetLoader.load(TestData.lfwRoot(), options);
    try (FaceStream stream = FaceStream.open(TestData.lfwRoot(), options)) {
      assertThat(stream.size()).isEqualTo(1217);
      FloatMatrix all = FloatMatrix.zeros(stream.size(), stream.pixelCount());
      stream.read(0, all);
      assertThat(all.toArray()).isEqualTo(loaded.pixels().toArray());
    }
  }
}
