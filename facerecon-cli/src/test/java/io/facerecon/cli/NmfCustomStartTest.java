package io.facerecon.cli;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.testing.PlainMultiplicativeRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facerecon nmf --init custom --w0 FILE --h0 FILE}: the start read, checked and used. */
class NmfCustomStartTest {
  private static final int K = 3;
  private static final int PIXELS = TinyFaces.HEIGHT * TinyFaces.WIDTH;

  @TempDir static Path root;
  private static Path faces;
  private static double[][] v;
  private static double[][] w0;
  private static double[][] h0;
  private static Path w0File;
  private static Path h0File;

  @BeforeAll
  static void writeFacesAndStart() throws Exception {
    faces = Files.createDirectories(root.resolve("faces"));
    v = TinyFaces.write(faces);
    SplittableRandom random = new SplittableRandom(7);
    w0 = positive(PIXELS, K, random);
    h0 = positive(K, TinyFaces.IMAGES, random);
    // One float32 and one float64 file: both dtypes are read.
    w0File = root.resolve("w0.npy");
    Npy.write(w0File, matrix(w0));
    h0File = root.resolve("h0.npy");
    writeFloat64(h0File, h0);
  }

  @Test
  void oneMultiplicativeStepFromTheGivenStart() throws Exception {
    Path out = root.resolve("one-step");
    CliRun run = nmf(out, "--init", "custom", "--w0", w0File.toString(), "--h0", h0File.toString(),
        "--solver", "mu", "--max-iter", "1", "--tol", "0");
    assertThat(run.exitCode()).as(run.err()).isZero();

    // One iteration of Lee and Seung's rule, codes first as scikit-learn, in double precision.
    PlainMultiplicativeRule.Factors one = PlainMultiplicativeRule.iterate(v, w0, h0);
    assertClose(Npy.read(out.resolve("W.npy")), one.w());
    assertClose(Npy.read(out.resolve("H.npy")), one.h());

    JsonNode r = Json.MAPPER.readTree(out.resolve("results.json").toFile());
    assertThat(r.get("init").asText()).isEqualTo("custom");
    assertThat(r.get("iterations").asInt()).isEqualTo(1);
    assertThat(r.get("w0").asText()).isEqualTo(w0File.toString());
    assertThat(r.get("h0").asText()).isEqualTo(h0File.toString());
  }

  @Test
  void theFilesImplyCustomAndAnEarlierRunsFactorsContinueIt() throws Exception {
    Path first = root.resolve("first");
    assertThat(nmf(first, "--init", "random", "--max-iter", "20", "--tol", "0").exitCode()).isZero();
    Path again = root.resolve("again");
    CliRun run = nmf(again, "--w0", first.resolve("W.npy").toString(), "--h0", first.resolve("H.npy").toString(),
        "--max-iter", "20", "--tol", "0");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode before = Json.MAPPER.readTree(first.resolve("results.json").toFile());
    JsonNode after = Json.MAPPER.readTree(again.resolve("results.json").toFile());
    assertThat(after.get("init").asText()).isEqualTo("custom");
    // Coordinate descent never increases the error: continuing starts where the first run ended.
    assertThat(after.get("history").get(0).get("error").asDouble())
        .isCloseTo(before.get("reconstruction_error").asDouble(), within(1e-5));
    assertThat(after.get("reconstruction_error").asDouble()).isLessThanOrEqualTo(before.get("reconstruction_error").asDouble());
  }

  @Test
  void flagsThatDoNotGoTogether() {
    assertBadInput(nmf(root.resolve("x"), "--init", "custom"), "--init custom needs both --w0", "neither is given");
    assertBadInput(nmf(root.resolve("x"), "--init", "custom", "--w0", w0File.toString()), "--h0 is missing");
    assertBadInput(nmf(root.resolve("x"), "--h0", h0File.toString()), "--init custom needs both", "--w0 is missing");
    assertBadInput(nmf(root.resolve("x"), "--init", "random", "--w0", w0File.toString(), "--h0", h0File.toString()),
        "--w0 gives a starting factor", "--init random");
    assertBadInput(nmf(root.resolve("x"), "--init", "svd"),
        "--init must be random, nndsvd, nndsvda, nndsvdar or custom, got 'svd'");
    assertThat(root.resolve("x")).doesNotExist();
  }

  @Test
  void wrongShapesNameTheExpectedOne() throws Exception {
    Path transposed = root.resolve("w0-transposed.npy");
    Npy.write(transposed, matrix(PlainMultiplicativeRule.transpose(w0)));
    assertBadInput(custom(transposed, h0File), "--w0 " + transposed, "has shape (3, 20); expected (20, 3)",
        "pixels of the 5x4 images, --k", "components_", "transpose");
    assertBadInput(nmfWithK(2, root.resolve("x"), "--w0", w0File.toString(), "--h0", h0File.toString()),
        "--w0 " + w0File, "expected (20, 2)");
    Path wide = root.resolve("h0-wide.npy");
    Npy.write(wide, FloatMatrix.zeros(K, TinyFaces.IMAGES + 1));
    assertBadInput(custom(w0File, wide), "--h0 " + wide, "has shape (3, 7); expected (3, 6) = (--k, images in --data)");
    Path cube = root.resolve("w0-3d.npy");
    Npy.write(cube, matrix(w0), 2, 10, K);
    assertBadInput(custom(cube, h0File), "--w0 " + cube, "has shape (2, 10, 3); expected a 2-D array");
  }

  @Test
  void negativeNonFiniteOrZeroValues() throws Exception {
    double[][] negative = copy(w0);
    negative[4][1] = -0.25;
    Path w = root.resolve("w0-negative.npy");
    Npy.write(w, matrix(negative));
    assertBadInput(custom(w, h0File), "--w0 " + w, "1 negative or non-finite value(s), the first -0.25 at [4, 1]",
        "expected finite values >= 0");
    double[][] nan = copy(h0);
    nan[2][5] = Double.NaN;
    nan[0][3] = Double.POSITIVE_INFINITY;
    Path h = root.resolve("h0-nan.npy");
    writeFloat64(h, nan);
    assertBadInput(custom(w0File, h), "--h0 " + h, "2 negative or non-finite value(s), the first Infinity at [0, 3]");
    Path zeros = root.resolve("h0-zeros.npy");
    Npy.write(zeros, FloatMatrix.zeros(K, TinyFaces.IMAGES));
    assertBadInput(custom(w0File, zeros), "--h0 " + zeros, "is all zeros");
  }

  @Test
  void unreadableFiles() throws Exception {
    Path missing = root.resolve("missing.npy");
    assertBadInput(custom(w0File, missing), "--h0 " + missing, "no such file");
    Path text = root.resolve("w0.txt");
    Files.writeString(text, "0.1 0.2 0.3\n");
    assertBadInput(custom(text, h0File), "--w0 " + text, "not a .npy file");
    Path truncated = root.resolve("w0-truncated.npy");
    byte[] whole = Files.readAllBytes(w0File);
    Files.write(truncated, Arrays.copyOf(whole, whole.length - 8));
    assertBadInput(custom(truncated, h0File), "--w0 " + truncated, "truncated");
    Path bytes = root.resolve("h0-uint8.npy");
    writeNpy(bytes, "|u1", new int[] {K, TinyFaces.IMAGES}, new byte[K * TinyFaces.IMAGES]);
    assertBadInput(custom(w0File, bytes), "--h0 " + bytes, "dtype '|u1'; expected float32 or float64");
    Path folder = Files.createDirectories(root.resolve("a-folder.npy"));
    assertBadInput(custom(folder, h0File), "--w0 " + folder, "is a folder; expected a .npy file");
  }

  @Test
  void threadsMustBePositive() {
    assertBadInput(nmf(root.resolve("x"), "--threads", "0"), "--threads must be >= 1, got 0");
  }

  private static CliRun custom(Path w, Path h) {
    return nmf(root.resolve("x"), "--init", "custom", "--w0", w.toString(), "--h0", h.toString(), "--max-iter", "1");
  }

  private static CliRun nmf(Path out, String... args) {
    return nmfWithK(K, out, args);
  }

  private static CliRun nmfWithK(int k, Path out, String... args) {
    List<String> all = new ArrayList<>(List.of("nmf", "--data", faces.toString(), "--k", Integer.toString(k),
        "--no-progress", "--out", out.toString()));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static void assertBadInput(CliRun run, String... mentions) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(run.err()).startsWith("error: ").doesNotContain("\tat ");
    for (String m : mentions) {
      assertThat(run.err()).contains(m);
    }
  }

  private static void assertClose(Npy.Array actual, double[][] expected) {
    assertThat(actual.shape()).containsExactly(expected.length, expected[0].length);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[0].length; j++) {
        assertThat((double) actual.values().get(i, j)).as("[%d, %d]", i, j)
            .isCloseTo(expected[i][j], within(1e-5 * Math.max(1, Math.abs(expected[i][j]))));
      }
    }
  }

  private static double[][] positive(int rows, int cols, SplittableRandom random) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = 0.1 + random.nextDouble();
      }
    }
    return m;
  }

  private static FloatMatrix matrix(double[][] m) {
    FloatMatrix f = FloatMatrix.zeros(m.length, m[0].length);
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        f.set(i, j, (float) m[i][j]);
      }
    }
    return f;
  }

  private static double[][] copy(double[][] m) {
    return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
  }

  /** A little-endian float64 .npy, as {@code numpy.save} writes one. */
  private static void writeFloat64(Path file, double[][] m) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(m.length * m[0].length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (double[] row : m) {
      for (double x : row) {
        data.putDouble(x);
      }
    }
    writeNpy(file, "<f8", new int[] {m.length, m[0].length}, data.array());
  }

  private static void writeNpy(Path file, String descr, int[] shape, byte[] data) throws IOException {
    String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape[0] + ", " + shape[1] + "), }";
    header += " ".repeat(63 - (10 + header.length()) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >>> 8);
    out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    out.write(data);
    Files.write(file, out.toByteArray());
  }
}
