package io.facerecon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.facerecon.data.SyntheticImages;
import io.facerecon.io.Npy;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nn.Architecture;
import io.facerecon.nn.Autoencoder;
import io.facerecon.nn.ModelFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile inputs of the rows 6, 7, 8 (model weights), 9, 12, 13, 17 and 18 through
 * the command line: exit code 2 and one line that names the file or flag, never a stack trace, a
 * hang or an out-of-memory error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {
  @TempDir Path tmp;

  /** Exit 2 and a single line on standard error that starts with "error: " and holds {@code mentions}. */
  private static void assertOneLine(CliRun run, String... mentions) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
    String err = run.err().strip();
    assertThat(err).startsWith("error: ").doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception")
        .doesNotContain("(null)");
    for (String m : mentions) {
      assertThat(err).contains(m);
    }
  }

  private static Path fifo(Path path) throws Exception {
    boolean made;
    try {
      made = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
    } catch (IOException e) {
      made = false;
    }
    assumeTrue(made, "mkfifo is not available");
    return path;
  }

  /** A folder of two 30x20 gray PNGs, the size of {@link #studyModel}. */
  private Path faces() throws IOException {
    Path folder = tmp.resolve("faces");
    SyntheticImages.write(folder.resolve("a.png"), SyntheticImages.gray(20, 30, 1));
    SyntheticImages.write(folder.resolve("b.png"), SyntheticImages.gray(20, 30, 2));
    return folder;
  }

  private Path studyModel() throws IOException {
    Path file = tmp.resolve("model.safetensors");
    ModelFile.save(Autoencoder.create(Architecture.STUDY, 30, 20, 0, 0), file);
    return file;
  }

  private CliRun reconstruct(Path model) throws IOException {
    return CliRun.of("reconstruct", "--model", model.toString(), "--data", faces().toString(),
        "--out", tmp.resolve("out").toString());
  }

  private static Path safetensors(Path file, String header, int dataBytes) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json);
    Files.write(file, b.array());
    return file;
  }

  // Row 6.

  @Test
  void archiveWithAHugeImageEntry() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("lfw/A_B/A_B_0001.jpg", new byte[(16 << 20) + 1]);
    Path tgz = tmp.resolve("bomb.tgz");
    SyntheticImages.tgz(tgz, entries);
    assertOneLine(CliRun.of("info", "--data", tgz.toString()), tgz.toString(), "entry 'lfw/A_B/A_B_0001.jpg'",
        "16,777,217 bytes");
  }

  @Test
  void resizeBeyondThePixelBudget() throws Exception {
    assertOneLine(CliRun.of("info", "--data", faces().toString(), "--resize", "1e9"),
        "--resize 1.0E9 makes the 125x94 face box", "89,478,485");
  }

  @Test
  void modelForHugeImages() throws Exception {
    Path model = studyModel();
    Map<String, String> meta = new LinkedHashMap<>(SafeTensors.read(model).metadata());
    meta.put("height", "100000");
    meta.put("width", "100000");
    Path huge = tmp.resolve("huge.safetensors");
    SafeTensors.write(huge, SafeTensors.read(model).tensors(), meta);
    assertOneLine(reconstruct(huge), huge.toString(), "100000x100000");
  }

  @Test
  void modelFileOfThreeGigabytes() throws Exception {
    Path big = tmp.resolve("big.safetensors");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(3L << 30); // sparse: no disk space used
    }
    assertOneLine(reconstruct(big), big.toString(), "3,221,225,472 bytes is larger than a model file can be");
  }

  @Test
  void deviceAsModel() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/zero")));
    assertOneLine(reconstruct(Path.of("/dev/zero")), "/dev/zero: is a character device");
  }

  // Row 7.

  @Test
  @Timeout(20)
  void fifoAsDataAsModelAndInsideAFolder() throws Exception {
    Path npy = fifo(tmp.resolve("data.npy"));
    assertOneLine(CliRun.of("info", "--data", npy.toString()), npy + ": is a FIFO (named pipe)");
    Path model = fifo(tmp.resolve("model.safetensors"));
    assertOneLine(reconstruct(model), model + ": is a FIFO (named pipe)");
    Path folder = faces();
    Path pipe = fifo(folder.resolve("c.png"));
    assertOneLine(CliRun.of("info", "--data", folder.toString()), pipe + ": is a FIFO (named pipe)");
    CliRun skipped = CliRun.of("info", "--data", folder.toString(), "--skip-bad");
    assertThat(skipped.exitCode()).as(skipped.err()).isZero();
    assertThat(skipped.out()).contains("skipped  1");
  }

  // Row 8: model files with non-finite weights.

  @Test
  void modelWithNanWeights() throws Exception {
    Autoencoder ae = Autoencoder.create(Architecture.STUDY, 30, 20, 0, 0);
    ae.parameters().get(0).value().set(3, Float.NaN);
    Path model = tmp.resolve("nan.safetensors");
    ModelFile.save(ae, model);
    assertOneLine(reconstruct(model), model.toString(), "tensor 'encoder.0.weight' holds NaN");
  }

  // Rows 9 and 17.

  @Test
  void safetensorsHeadersOfTheWrongTypes() throws Exception {
    String[] headers = {
      "null",
      "{\"__metadata__\": null}",
      "{\"t\": {\"dtype\": \"F32\", \"shape\": \"3\", \"data_offsets\": [0, 12]}}",
      "{\"t\": {\"dtype\": \"F32\", \"shape\": [null, 3], \"data_offsets\": [0, 12]}}",
      "{\"t\": {\"dtype\": \"F32\", \"shape\": [4294967312, 1, 3, 3], \"data_offsets\": [0, 64]}}",
    };
    for (String header : headers) {
      Path model = safetensors(tmp.resolve("h.safetensors"), header, 64);
      assertOneLine(reconstruct(model), model.toString());
    }
  }

  @Test
  void sizesWhosePixelCountOverflows() throws Exception {
    assertOneLine(CliRun.of("info", "--data", faces().toString(), "--size", "65536x65537"),
        "--size 65536x65537 is 4,295,032,832 pixels per image");
    assertOneLine(CliRun.of("info", "--data", faces().toString(), "--size", "100000x100000"),
        "--size 100000x100000 is 10,000,000,000 pixels per image");
  }

  // Row 12.

  @Test
  void pngDeclaringThirtyThousandSquared() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("bomb"));
    Files.write(folder.resolve("bomb.png"), SyntheticImages.pngHeaderOnly(30000, 30000));
    assertOneLine(CliRun.of("info", "--data", folder.toString(), "--size", "62x47"),
        "bomb.png: image is 30000x30000", "900,000,000 pixels", "89,478,485");
  }

  // Row 13.

  @Test
  void skipBadOverThousandsOfEmptyImages() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("empties"));
    for (int i = 0; i < 5000; i++) {
      Files.write(folder.resolve(String.format("a%04d.jpg", i)), new byte[0]);
    }
    SyntheticImages.write(folder.resolve("z.png"), SyntheticImages.gray(250, 250, 1));
    CliRun run = CliRun.of("info", "--data", folder.toString(), "--skip-bad");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("images   1").contains("skipped  5000");
    Files.delete(folder.resolve("z.png"));
    assertOneLine(CliRun.of("info", "--data", folder.toString(), "--skip-bad"),
        "none of the 5000 images could be read", folder.resolve("a0000.jpg").toString());
  }

  // Row 18.

  @Test
  void npyWithAZeroSizedImageDimension() throws Exception {
    Path file = tmp.resolve("zero.npy");
    Npy.write(file, FloatMatrix.zeros(5, 0), 5, 0, 12);
    assertOneLine(CliRun.of("info", "--data", file.toString()), file.toString(),
        "shape (5, 0, 12) has size 0 in dimension 1 (the image height)");
  }

  @Test
  void pgmWithMaximumValueZero() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("pgm"));
    Files.write(folder.resolve("zero.pgm"), SyntheticImages.plainPgm(2, 2, 0, new int[] {0, 0, 0, 0}));
    assertOneLine(CliRun.of("info", "--data", folder.toString()),
        folder.resolve("zero.pgm") + ": PGM/PPM maximum value is 0; expected 1 to 65535");
  }
}
