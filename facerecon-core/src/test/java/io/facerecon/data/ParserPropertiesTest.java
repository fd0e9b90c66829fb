package io.facerecon.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.facerecon.io.BadInputException;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Every parser of the library fed valid files (made here) with random bytes changed, cut short or
 * extended: the only outcomes allowed are a load or {@link BadInputException}, never another
 * exception, within a time bound and an allocation bound per case. The seeds are fixed so that
 * every build runs the same cases; the tries per property are in each {@link Property}.
 */
class ParserPropertiesTest {
  /** The longest one case may take. */
  private static final long SECONDS_PER_CASE = 10;
  /** The most heap one case may allocate on the thread that runs it: far below any decompression bomb. */
  private static final long BYTES_PER_CASE = 256L << 20;

  private static Path dir;
  /** One thread runs every case, so the decoders' per-thread caches are used as in a loader. */
  private static ExecutorService runner;

  private static byte[][] npyFiles;
  private static byte[][] modelFiles;
  private static byte[][] images;
  private static byte[] lfwTar;
  private static byte[] lfwTgz;

  @BeforeContainer
  static void makeValidFiles() throws Exception {
    dir = Files.createTempDirectory("facerecon-properties");
    runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "parser-properties");
      t.setDaemon(true);
      return t;
    });
    npyFiles = new byte[][] {
      npy(FloatMatrix.of(3, 12, ramp(36, 1f / 36)), 3, 4, 3),
      npy(FloatMatrix.of(2, 6, ramp(12, 1f / 12)), 2, 6),
      Files.readAllBytes(io.facerecon.testing.TestData.golden("npy/u1_c.npy")),
      Files.readAllBytes(io.facerecon.testing.TestData.golden("npy/f8_big_fortran.npy")),
      Files.readAllBytes(io.facerecon.testing.TestData.golden("npy/f4_v2.npy")),
    };
    Path study = dir.resolve("study.safetensors");
    ModelFile.save(Autoencoder.create(Architecture.STUDY, 8, 8, 0, 1), study);
    Path bottleneck = dir.resolve("bottleneck.safetensors");
    ModelFile.save(Autoencoder.create(Architecture.BOTTLENECK, 8, 8, 3, 2), bottleneck);
    Path nmf = dir.resolve("nmf.safetensors");
    new NmfModel(FloatMatrix.of(2, 6, ramp(12, 0.1f)), NmfOptions.defaults(2)).withImageSize(2, 3).save(nmf);
    modelFiles = new byte[][] {
      Files.readAllBytes(study), Files.readAllBytes(bottleneck), Files.readAllBytes(nmf)
    };
    int[] samples16 = new int[12 * 10];
    for (int i = 0; i < samples16.length; i++) {
      samples16[i] = i * 500;
    }
    int[] samples = new int[6 * 5];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = i % 16;
    }
    byte[] p5 = new byte[12 * 10];
    for (int i = 0; i < p5.length; i++) {
      p5[i] = (byte) (i * 7);
    }
    images = new byte[][] {
      SyntheticImages.encode(SyntheticImages.gray(16, 12, 1), "png"),
      SyntheticImages.encode(SyntheticImages.rgb(16, 12, 2), "png"),
      SyntheticImages.encode(SyntheticImages.gray(16, 12, 3), "jpg"),
      SyntheticImages.encode(SyntheticImages.rgb(16, 12, 4), "jpg"),
      SyntheticImages.pnm(false, 12, 10, p5),
      SyntheticImages.plainPgm(6, 5, 15, samples),
      SyntheticImages.pgm16(12, 10, 65535, samples16),
    };
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("lfw/A_B/A_B_0001.jpg", SyntheticImages.encode(SyntheticImages.gray(250, 250, 5), "jpg"));
    entries.put("lfw/A_B/A_B_0002.jpg", SyntheticImages.encode(SyntheticImages.rgb(250, 250, 6), "jpg"));
    entries.put("lfw/C_D/C_D_0001.jpg", SyntheticImages.encode(SyntheticImages.gray(250, 250, 7), "jpg"));
    entries.put("lfw/pairs.txt", "stray".getBytes(StandardCharsets.US_ASCII));
    Path tgz = dir.resolve("lfw.tgz");
    SyntheticImages.tgz(tgz, entries);
    lfwTgz = Files.readAllBytes(tgz);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
      lfwTar = in.readAllBytes();
    }
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    runner.shutdownNow();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // The valid files load, so that every failure below comes from a mutation.

  @Property(tries = 1, seed = "1")
  void validFilesLoad() throws Exception {
    for (byte[] npy : npyFiles) {
      assertThat(Npy.read(write("valid.npy", npy)).values().size()).isPositive();
    }
    assertThat(ModelFile.load(write("study.safetensors", modelFiles[0])).height()).isEqualTo(8);
    assertThat(ModelFile.load(write("bottleneck.safetensors", modelFiles[1])).codeSize()).isEqualTo(3);
    assertThat(NmfModel.load(write("nmf.safetensors", modelFiles[2])).model().k()).isEqualTo(2);
    for (byte[] image : images) {
      assertThat(ImageDecoder.decode(image, "valid").width()).isPositive();
    }
    assertThat(LfwLoader.loadArchive(write("lfw.tgz", lfwTgz), LoadOptions.defaults()).faces().size()).isEqualTo(3);
    assertThat(LfwLoader.loadArchive(write("lfw.tar", lfwTar), LoadOptions.defaults()).faces().size()).isEqualTo(3);
  }

  // .npy: io/Npy and data/NpyLoader.

  @Provide
  Arbitrary<byte[]> npy() {
    return Arbitraries.of(npyFiles).flatMap(ParserPropertiesTest::mutated);
  }

  @Property(tries = 3000, seed = "15", edgeCases = EdgeCasesMode.MIXIN)
  void npyLoadsOrIsBadInput(@ForAll("npy") byte[] bytes) throws Exception {
    Path file = write("case.npy", bytes);
    Statistics.collect(loadsOrIsBadInput(() -> Npy.read(file)));
    loadsOrIsBadInput(() -> NpyLoader.load(file, LoadOptions.defaults()));
    loadsOrIsBadInput(() -> NpyLoader.load(file, withShape(2, 3)));
  }

  @Provide
  Arbitrary<byte[]> labels() {
    byte[] labels = "[{\"person\": \"A\", \"source\": \"a.png\"}, {\"person\": \"B\", \"source\": \"b.png\"}]"
        .getBytes(StandardCharsets.UTF_8);
    return mutated(labels);
  }

  @Property(tries = 1000, seed = "16", edgeCases = EdgeCasesMode.MIXIN)
  void npyLabelsLoadOrAreBadInput(@ForAll("labels") byte[] labels) throws Exception {
    Path file = write("labelled.npy", npyFiles[1]);
    Files.write(NpyLoader.labelsFile(file), labels);
    Statistics.collect(loadsOrIsBadInput(() -> NpyLoader.load(file, withShape(2, 3))));
  }

  // safetensors: io/SafeTensors, nn/ModelFile, nmf/NmfModel, study/SavedModel.

  @Provide
  Arbitrary<byte[]> models() {
    return Arbitraries.of(modelFiles).flatMap(ParserPropertiesTest::mutated);
  }

  @Property(tries = 2000, seed = "17", edgeCases = EdgeCasesMode.MIXIN)
  void modelFilesLoadOrAreBadInput(@ForAll("models") byte[] bytes) throws Exception {
    Path file = write("case.safetensors", bytes);
    loadsOrIsBadInput(() -> SafeTensors.read(file));
    loadsOrIsBadInput(() -> ModelFile.load(file));
    loadsOrIsBadInput(() -> NmfModel.load(file));
    Statistics.collect(loadsOrIsBadInput(() -> SavedModel.load(file)));
  }

  // Images: data/ImageDecoder on PNG, JPEG and PGM.

  @Provide
  Arbitrary<byte[]> images() {
    return Arbitraries.of(images).flatMap(ParserPropertiesTest::mutated);
  }

  @Property(tries = 3000, seed = "18", edgeCases = EdgeCasesMode.MIXIN)
  void imagesDecodeOrAreBadInput(@ForAll("images") byte[] bytes) throws Exception {
    loadsOrIsBadInput(() -> ImageDecoder.size(bytes, "case"));
    Statistics.collect(loadsOrIsBadInput(() -> ImageDecoder.decode(bytes, "case")));
    loadsOrIsBadInput(() -> ImageDecoder.decode(bytes, "case", (w, h) -> new java.awt.Rectangle(0, 0, 1 + w / 2, h)));
  }

  // The LFW .tgz reader: the compressed archive mutated, and the tar mutated before compression.

  @Provide
  Arbitrary<byte[]> tgz() {
    return mutated(lfwTgz);
  }

  @Property(tries = 1000, seed = "19", edgeCases = EdgeCasesMode.MIXIN)
  void lfwArchivesLoadOrAreBadInput(@ForAll("tgz") byte[] bytes) throws Exception {
    Path file = write("case.tgz", bytes);
    Statistics.collect(loadsOrIsBadInput(() -> LfwLoader.loadArchive(file, LoadOptions.defaults())));
  }

  @Provide
  Arbitrary<byte[]> tar() {
    return mutated(lfwTar);
  }

  @Property(tries = 1000, seed = "20", edgeCases = EdgeCasesMode.MIXIN)
  void lfwTarsLoadOrAreBadInput(@ForAll("tar") byte[] bytes) throws Exception {
    Path file = write("case.tgz", gzip(bytes));
    Statistics.collect(loadsOrIsBadInput(() -> LfwLoader.loadArchive(file, LoadOptions.defaults().withSkipBad(true))));
    Path plain = write("case.tar", bytes);
    loadsOrIsBadInput(() -> LfwLoader.loadArchive(plain, LoadOptions.defaults()));
  }

  // Mutations.

  /**
   * {@code base} with one to eight bytes changed (most in the first 256 bytes, where the headers
   * are), cut at a random length, extended by random bytes, or changed and cut.
   */
  static Arbitrary<byte[]> mutated(byte[] base) {
    int n = base.length;
    Arbitrary<Integer> position = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(0, Math.min(n, 256) - 1)),
        Tuple.of(2, Arbitraries.integers().between(0, n - 1)));
    Arbitrary<Integer> value = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 255),
        Arbitraries.of(0x00, 0xff, 0x7f, 0x80, (int) '0', (int) '9', (int) '-', (int) '[', (int) '{', (int) '"', (int) ',', (int) ':', (int) ')'));
    Arbitrary<List<int[]>> edits =
        Combinators.combine(position, value).as((p, v) -> new int[] {p, v}).list().ofMinSize(1).ofMaxSize(8);
    Arbitrary<byte[]> changed = edits.map(list -> apply(base, list));
    Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, n - 1).map(len -> Arrays.copyOf(base, len));
    Arbitrary<byte[]> extended = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4096)
        .map(tail -> concat(base, tail));
    Arbitrary<byte[]> changedAndCut = Combinators.combine(edits, Arbitraries.integers().between(0, n - 1))
        .as((list, len) -> Arrays.copyOf(apply(base, list), len));
    return Arbitraries.frequencyOf(
        Tuple.of(5, changed), Tuple.of(2, truncated), Tuple.of(1, extended), Tuple.of(2, changedAndCut));
  }

  private static byte[] apply(byte[] base, List<int[]> edits) {
    byte[] b = base.clone();
    for (int[] e : edits) {
      b[e[0]] = (byte) e[1];
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  // Running one case.

  /**
   * Runs {@code load} on the runner thread: it must return or throw {@link BadInputException},
   * within {@link #SECONDS_PER_CASE} and allocating at most {@link #BYTES_PER_CASE} there.
   */
  static String loadsOrIsBadInput(Callable<?> load) throws Exception {
    boolean[] refused = new boolean[1];
    Future<Long> result = runner.submit(() -> {
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long id = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(id);
      try {
        load.call();
      } catch (BadInputException e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("(null)");
        refused[0] = true;
      }
      return threads.getThreadAllocatedBytes(id) - before;
    });
    long allocated;
    try {
      allocated = result.get(SECONDS_PER_CASE, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new AssertionError("a case ran longer than " + SECONDS_PER_CASE + " s", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw new AssertionError(cause);
    }
    assertThat(allocated).as("bytes allocated by one case").isLessThan(BYTES_PER_CASE);
    return refused[0] ? "refused" : "loaded";
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static LoadOptions withShape(int height, int width) {
    return new LoadOptions(DataFormat.NPY, 0.5, 0, Optional.empty(), Optional.of(new int[] {height, width}), true);
  }

  private static byte[] npy(FloatMatrix values, int... shape) throws IOException {
    Path file = dir.resolve("base.npy");
    Npy.write(file, values, shape);
    return Files.readAllBytes(file);
  }

  private static float[] ramp(int n, float step) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i * step;
    }
    return v;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GzipCompressorOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
