package io.facerecon.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InputLimits;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.Npy;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.NmfModel;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nn.Architecture;
import io.facerecon.nn.Autoencoder;
import io.facerecon.nn.ModelFile;
import io.facerecon.study.SavedModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs of the hostile-input report (issue rows 6, 7, 8's model weights, 9, 12, 13, 17 and
 * 18), each made here by code: every one is refused with {@link BadInputException} naming the file
 * or parameter, before anything of the size it claims is allocated, and nothing blocks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {
  @TempDir Path tmp;

  /** Makes a FIFO at {@code path}, or skips the test where {@code mkfifo} is not available. */
  static Path fifo(Path path) throws Exception {
    boolean made;
    try {
      made = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
    } catch (IOException e) {
      made = false;
    }
    assumeTrue(made, "mkfifo is not available");
    return path;
  }

  /** A safetensors file with the given header text and data bytes. */
  static Path safetensors(Path file, String header, int dataBytes) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json);
    Files.write(file, b.array());
    return file;
  }

  // Row 6: decompression bombs and sizes that would exhaust memory.

  @Test
  void archiveEntryLargerThanAnyLfwImageIsRefusedByName() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("lfw/A_B/A_B_0001.jpg", new byte[(int) LfwArchiveReader.MAX_ENTRY_BYTES + 1]);
    Path tgz = tmp.resolve("bomb.tgz");
    SyntheticImages.tgz(tgz, entries);
    assertThat(Files.size(tgz)).isLessThan(1 << 20);
    assertThatThrownBy(() -> FaceSetLoader.load(tgz, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(tgz.toString())
        .hasMessageContaining("entry 'lfw/A_B/A_B_0001.jpg' is 16,777,217 bytes")
        .hasMessageContaining("at most 16,777,216");
  }

  @Test
  void archiveThatExpandsBeyondItsBoundIsRefused() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("lfw/zeros.bin", new byte[3 << 20]); // not an image: read through, and counted
    entries.put("lfw/A_B/A_B_0001.jpg", SyntheticImages.encode(SyntheticImages.gray(250, 250, 1), "jpg"));
    Path tgz = tmp.resolve("expands.tgz");
    SyntheticImages.tgz(tgz, entries);
    assertThatThrownBy(() -> LfwArchiveReader.read(tgz, 1 << 20))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(tgz.toString())
        .hasMessageContaining("expands to more than 1,048,576 bytes");
    assertThat(LfwArchiveReader.read(tgz).persons()).containsOnlyKeys("A_B");
  }

  @Test
  void resizeBeyondThePixelBudgetIsRefusedNamingTheParameter() {
    assertThatThrownBy(() -> LoadOptions.defaults().withResize(1e9))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("resize 1.0E9 makes the 125x94 face box 125000000000x94000000000")
        .hasMessageContaining("11,750,000,000,000,000,000,000 pixels per image")
        .hasMessageContaining("89,478,485")
        .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("resize"));
    assertThatThrownBy(() -> new LfwPreprocessing(1e300)).isInstanceOf(InvalidParameterException.class);
    // The largest factor within the budget is accepted.
    assertThat(new LfwPreprocessing(80).height()).isEqualTo(10000);
  }

  @Test
  void modelWhoseHeaderClaimsHugeImagesIsRefusedBeforeAllocating() throws Exception {
    Autoencoder ae = Autoencoder.create(Architecture.STUDY, 30, 20, 0, 0);
    Path saved = tmp.resolve("ae.safetensors");
    ModelFile.save(ae, saved);
    Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(saved).tensors();
    Map<String, String> meta = new LinkedHashMap<>(SafeTensors.read(saved).metadata());
    meta.put("height", "100000");
    meta.put("width", "100000");
    Path huge = tmp.resolve("huge.safetensors");
    SafeTensors.write(huge, tensors, meta);
    assertThatThrownBy(() -> ModelFile.load(huge))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(huge.toString())
        .hasMessageContaining("100000x100000 (10,000,000,000 pixels)");
    assertThatThrownBy(() -> SavedModel.load(huge)).isInstanceOf(BadInputException.class);

    // Within the pixel budget, a bottleneck would still need billions of weights the file lacks.
    meta.put("architecture", "bottleneck");
    meta.put("height", "9000");
    meta.put("width", "9000");
    meta.put("code_size", "30");
    Path bottleneck = tmp.resolve("bottleneck.safetensors");
    SafeTensors.write(bottleneck, tensors, meta);
    assertThatThrownBy(() -> ModelFile.load(bottleneck))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("9000x9000")
        .hasMessageContaining("but its tensors hold 9,569 values");

    NmfModel nmf = new NmfModel(FloatMatrix.zeros(2, 6), NmfOptions.defaults(2)).withImageSize(2, 3);
    Path nmfFile = tmp.resolve("nmf.safetensors");
    nmf.save(nmfFile, Map.of("height", "100000", "width", "100000"));
    Map<String, String> nmfMeta = new LinkedHashMap<>(SafeTensors.read(nmfFile).metadata());
    nmfMeta.put("height", "100000");
    nmfMeta.put("width", "100000");
    SafeTensors.write(nmfFile, SafeTensors.read(nmfFile).tensors(), nmfMeta);
    assertThatThrownBy(() -> NmfModel.load(nmfFile))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("100000x100000 (10,000,000,000 pixels)")
        .hasMessageContaining("the basis images have 6 pixels");
  }

  @Test
  void modelFileLargerThanTheBoundOrItsHeaderIsRefused() throws Exception {
    Path big = tmp.resolve("big.safetensors");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(3L << 30); // sparse: no disk space used
    }
    assertThatThrownBy(() -> ModelFile.load(big))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(big.toString())
        .hasMessageContaining("3,221,225,472 bytes is larger than a model file can be");

    Autoencoder ae = Autoencoder.create(Architecture.STUDY, 30, 20, 0, 0);
    Path saved = tmp.resolve("ae.safetensors");
    ModelFile.save(ae, saved);
    Files.write(saved, new byte[100], java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> ModelFile.load(saved))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("extra bytes after the last tensor");
  }

  @Test
  void devicesAreRefusedAsModelsAndData() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero));
    assertThatThrownBy(() -> ModelFile.load(zero))
        .isInstanceOf(BadInputException.class)
        .hasMessage("/dev/zero: is a character device, expected a safetensors model file (a regular file)");
    assertThatThrownBy(() -> SavedModel.load(zero)).isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> FaceSetLoader.load(zero, LoadOptions.defaults().withFormat(DataFormat.NPY)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a character device, expected a .npy file");
    assertThatThrownBy(() -> FaceSetLoader.load(zero, LoadOptions.defaults().withFormat(DataFormat.LFW)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a character device, expected an LFW .tgz archive");
  }

  // Row 7: FIFOs, which would block a reader forever.

  @Test
  @Timeout(20)
  void fifosAreRefusedWherevertheyAreGiven() throws Exception {
    Path npy = fifo(tmp.resolve("data.npy"));
    assertThatThrownBy(() -> FaceSetLoader.load(npy, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessage(npy + ": is a FIFO (named pipe), expected a .npy file (a regular file)");
    Path tgz = fifo(tmp.resolve("lfw.tgz"));
    assertThatThrownBy(() -> FaceSetLoader.load(tgz, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a FIFO (named pipe), expected an LFW .tgz archive");
    Path model = fifo(tmp.resolve("model.safetensors"));
    assertThatThrownBy(() -> SavedModel.load(model))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(model + ": is a FIFO");
    assertThatThrownBy(() -> NmfModel.load(model)).isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> Npy.read(model)).isInstanceOf(BadInputException.class);

    Path folder = Files.createDirectories(tmp.resolve("folder"));
    SyntheticImages.write(folder.resolve("a.png"), SyntheticImages.gray(8, 8, 1));
    Path pipe = fifo(folder.resolve("b.png"));
    assertThatThrownBy(() -> FaceSetLoader.load(folder, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(pipe + ": is a FIFO (named pipe), expected an image file");
    LoadReport skipped = FaceSetLoader.loadReport(folder, LoadOptions.defaults().withSkipBad(true));
    assertThat(skipped.faces().size()).isEqualTo(1);
    assertThat(skipped.skipped()).singleElement().asString().contains("b.png");

    Path labelled = tmp.resolve("labelled.npy");
    Npy.write(labelled, FloatMatrix.zeros(1, 4), 1, 2, 2);
    fifo(NpyLoader.labelsFile(labelled));
    assertThatThrownBy(() -> FaceSetLoader.load(labelled, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("expected a labels file");
  }

  // Row 8 (model files): non-finite weights.

  @Test
  void modelsWithNonFiniteWeightsAreRefusedNamingTheTensor() throws Exception {
    Autoencoder ae = Autoencoder.create(Architecture.STUDY, 30, 20, 0, 0);
    ae.parameters().get(2).value().set(5, Float.NaN);
    Path file = tmp.resolve("nan.safetensors");
    ModelFile.save(ae, file);
    assertThatThrownBy(() -> ModelFile.load(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file + ": tensor 'encoder.2.weight' holds NaN at index 5");
    assertThatThrownBy(() -> SavedModel.load(file)).isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> ModelFile.loadWeights(file, Autoencoder.create(Architecture.STUDY, 30, 20, 0, 0)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'encoder.2.weight' holds NaN");

    FloatMatrix w = FloatMatrix.zeros(2, 6);
    w.set(7, Float.POSITIVE_INFINITY);
    Path nmf = tmp.resolve("inf.safetensors");
    new NmfModel(w, NmfOptions.defaults(2)).withImageSize(2, 3).save(nmf);
    assertThatThrownBy(() -> NmfModel.load(nmf))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(nmf + ": tensor 'components' holds Infinity at index 7");
  }

  // Rows 9 and 17: safetensors headers of the wrong types and shapes that overflow.

  @Test
  void safetensorsHeadersOfTheWrongTypesAreBadInput() throws Exception {
    String[][] cases = {
      {"null", "expected a JSON object"},
      {"[1,2]", "expected a JSON object"},
      {"{\"__metadata__\": null}", "__metadata__ is null"},
      {"{\"__metadata__\": {\"format\": 3}}", "__metadata__ 'format' is number 3, expected a string"},
      {"{\"t\": {\"dtype\": \"F32\", \"shape\": \"3\", \"data_offsets\": [0, 12]}}", "has shape string \"3\""},
      {"{\"t\": {\"dtype\": \"F32\", \"shape\": [null, 3], \"data_offsets\": [0, 12]}}", "dimension 0 is null"},
      {"{\"t\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 12]}}", "dimension 0 is 1.5"},
      {"{\"t\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": null}}", "data_offsets null"},
      {"{\"t\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [\"0\", 12]}}", "expected two integers"},
      {"{\"t\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [12, 0]}}", "needs 12 bytes"},
      {"{\"t\": null}", "described by null"},
      {"{\"t\": {\"dtype\": null}}", "has dtype null, expected F32"},
      {"{\"t\": {\"dtype\": \"F32\", \"shape\": [4294967312, 1, 3, 3], \"data_offsets\": [0, 64]}}",
          "dimension 0 is 4294967312"},
      {"{\"t\": {\"dtype\": \"F32\", \"shape\": [65536, 65536, 65536, 65536, 65536], \"data_offsets\": [0, 12]}}",
          "more than 2^63"},
      {"{\"t\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
          + " \"u\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", "overlaps"},
      {"{\"t\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 12]", "corrupt safetensors header"},
    };
    for (String[] c : cases) {
      Path file = safetensors(tmp.resolve("h.safetensors"), c[0], 12);
      assertThatThrownBy(() -> SafeTensors.read(file))
          .as(c[0])
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(file.toString())
          .hasMessageContaining(c[1]);
      assertThatThrownBy(() -> ModelFile.load(file)).as(c[0]).isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> NmfModel.load(file)).as(c[0]).isInstanceOf(BadInputException.class);
      assertThatThrownBy(() -> SavedModel.load(file)).as(c[0]).isInstanceOf(BadInputException.class);
    }
    // The header length itself: 2^63 - 1, and one past the file.
    byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array();
    Path file = tmp.resolve("len.safetensors");
    Files.write(file, bytes);
    assertThatThrownBy(() -> SafeTensors.read(file)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("header length 9223372036854775807");
  }

  @Test
  void sizeWhosePixelCountOverflowsAnIntIsRefusedWithTheTrueCount() {
    assertThatThrownBy(() -> LoadOptions.defaults().withSize(65536, 65537))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessage("size 65536x65537 is 4,295,032,832 pixels per image, more than the 89,478,485 allowed"
            + " (Pillow's MAX_IMAGE_PIXELS)");
    assertThatThrownBy(() -> LoadOptions.defaults().withSize(100000, 100000))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("100000x100000 is 10,000,000,000 pixels per image");
    assertThatThrownBy(() -> LoadOptions.defaults().withSize(0, 5))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith("size 0x5 must be at least 1x1");
    assertThat(InputLimits.imagePixels("size", 9459, 9459)).isEqualTo(89_472_681);
  }

  // Row 12: an image whose header claims more pixels than the budget.

  @Test
  void imageDeclaringMorePixelsThanTheBudgetIsRefusedFromItsHeader() throws Exception {
    byte[] png = SyntheticImages.pngHeaderOnly(30000, 30000);
    assertThatThrownBy(() -> ImageDecoder.decode(png, "bomb.png"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("bomb.png: image is 30000x30000 (width x height), 900,000,000 pixels, more than the 89,478,485"
            + " allowed (Pillow's MAX_IMAGE_PIXELS; a decompression bomb?)");
    Path folder = Files.createDirectories(tmp.resolve("bomb"));
    Files.write(folder.resolve("bomb.png"), png);
    assertThatThrownBy(() -> FaceSetLoader.load(folder, LoadOptions.defaults().withSize(62, 47)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("bomb.png: image is 30000x30000");
    assertThatThrownBy(() -> FaceSetLoader.load(folder, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("bomb.png: image is 30000x30000");
  }

  // Row 13: thousands of unreadable images with skipBad.

  @Test
  void skipBadOverThousandsOfEmptyFilesKeepsOnlyShortRecords() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("empties"));
    for (int i = 0; i < 5000; i++) {
      Files.write(folder.resolve(String.format("a%04d.jpg", i)), new byte[0]);
    }
    SyntheticImages.write(folder.resolve("z.png"), SyntheticImages.gray(250, 250, 1));
    long directBefore = directMemoryUsed();
    LoadReport report = FaceSetLoader.loadReport(folder, LoadOptions.defaults().withSkipBad(true));
    long direct = directMemoryUsed() - directBefore;
    assertThat(report.faces().size()).isEqualTo(1);
    assertThat(report.skipped()).hasSize(5000);
    assertThat(report.skipped().get(0)).contains("a0000.jpg");
    // One 250x250 row (250 kB) and whatever the decoders keep; 5,001 rows would be 1.25 GB.
    assertThat(direct).isLessThan(64L << 20);

    Files.delete(folder.resolve("z.png"));
    assertThatThrownBy(() -> FaceSetLoader.load(folder, LoadOptions.defaults().withSkipBad(true)))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(folder + ": none of the 5000 images could be read; the first: " + folder + "/a0000.jpg");
    assertThatThrownBy(() -> FaceSetLoader.load(folder, LoadOptions.defaults().withSize(8, 8).withSkipBad(true)))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(folder + ": none of the 5000 images could be read; the first: " + folder + "/a0000.jpg");
  }

  private static long directMemoryUsed() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct"))
        .mapToLong(BufferPoolMXBean::getMemoryUsed)
        .sum();
  }

  // Row 18: messages that named nothing or misled.

  @Test
  void npyWithAZeroImageDimensionSaysWhichOne() throws Exception {
    Path file = tmp.resolve("zero.npy");
    Npy.write(file, FloatMatrix.zeros(5, 0), 5, 0, 12);
    assertThatThrownBy(() -> FaceSetLoader.load(file, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": shape (5, 0, 12) has size 0 in dimension 1 (the image height)")
        .hasMessageNotContaining("1x1");
    Path wide = tmp.resolve("wide.npy");
    Npy.write(wide, FloatMatrix.zeros(5, 0), 5, 12, 0);
    assertThatThrownBy(() -> FaceSetLoader.load(wide, LoadOptions.defaults()))
        .hasMessageContaining("dimension 2 (the image width)");
  }

  @Test
  void npyShapesThatOverflowAreRefused() throws Exception {
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647, 8), }";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >>> 8);
    out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    Path file = tmp.resolve("overflow.npy");
    Files.write(file, out.toByteArray());
    assertThatThrownBy(() -> Npy.read(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("more than 2^63 elements");
  }

  @Test
  void pgmWithMaximumValueZeroIsNamed() throws Exception {
    byte[] pgm = SyntheticImages.plainPgm(2, 2, 0, new int[] {0, 0, 0, 0});
    assertThatThrownBy(() -> ImageDecoder.decode(pgm, "faces/zero.pgm"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("faces/zero.pgm: PGM/PPM maximum value is 0; expected 1 to 65535");
    Path folder = Files.createDirectories(tmp.resolve("pgm"));
    Files.write(folder.resolve("zero.pgm"), pgm);
    assertThatThrownBy(() -> FaceSetLoader.load(folder, LoadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("zero.pgm: PGM/PPM maximum value is 0")
        .hasMessageNotContaining("(null)");
  }

  @Test
  void optionsThatDoNotOverflowStillWork() throws Exception {
    LoadOptions options = new LoadOptions(DataFormat.AUTO, 0.5, 0, Optional.of(new int[] {4, 4}), Optional.empty(), false);
    Path folder = Files.createDirectories(tmp.resolve("ok"));
    SyntheticImages.write(folder.resolve("a.png"), SyntheticImages.gray(8, 8, 1));
    assertThat(FaceSetLoader.load(folder, options).pixelCount()).isEqualTo(16);
  }
}
