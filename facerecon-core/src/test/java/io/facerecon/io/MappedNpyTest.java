package io.facerecon.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Arrays read in place, in chunks of any size, give what {@link Npy#read} gives; and {@link NpyWriter}. */
class MappedNpyTest {
  @TempDir Path tmp;

  private static Path fixture(String name) {
    return TestData.golden("npy/" + name + ".npy");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "f4_c", "f4_big", "f8_c", "f8_big_fortran", "f4_fortran", "u1_c", "u1_fortran", "f4_rank2",
        "f4_rank2_fortran", "f4_rank4", "f4_v2"
      })
  void everyRangeInEveryChunkSizeIsWhatNpyReads(String name) throws Exception {
    float[] expected = Npy.read(fixture(name)).values().toArray();
    SplittableRandom random = new SplittableRandom(name.hashCode());
    // Chunks of one element, of a few (rounded down to whole elements, so ranges cross boundaries), and whole.
    for (long chunk : new long[] {1, 7, 20, MappedNpy.DEFAULT_CHUNK_BYTES}) {
      try (MappedNpy array = MappedNpy.open(fixture(name), chunk)) {
        FloatMatrix all = FloatMatrix.zeros(1, expected.length);
        array.read(0, expected.length, all.buffer(), all.offset());
        assertThat(all.toArray()).as("chunk %d", chunk).isEqualTo(expected);
        for (int t = 0; t < 20; t++) {
          int first = random.nextInt(expected.length);
          int count = random.nextInt(expected.length - first + 1);
          FloatMatrix part = FloatMatrix.zeros(1, count + 3);
          array.read(first, count, part.buffer(), part.offset() + 3);
          assertThat(Arrays.copyOfRange(part.toArray(), 3, count + 3))
              .as("chunk %d, elements %d+%d", chunk, first, count)
              .isEqualTo(Arrays.copyOfRange(expected, first, first + count));
        }
      }
    }
  }

  @Test
  void chunksHoldWholeElements() throws Exception {
    try (MappedNpy array = MappedNpy.open(fixture("f8_c"), 20)) {
      int elements = (int) array.header().elements();
      // 20 bytes hold two float64s: ceil(elements / 2) maps.
      assertThat(array.chunkCount()).isEqualTo((elements + 1) / 2);
    }
  }

  @Test
  void aTruncatedFileIsRefusedWhenOpened() throws Exception {
    byte[] bytes = Files.readAllBytes(fixture("f4_c"));
    Path cut = tmp.resolve("cut.npy");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> MappedNpy.open(cut))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("cut.npy")
        .hasMessageContaining("truncated");
  }

  @Test
  void readingOutsideTheArrayIsRefused() throws Exception {
    try (MappedNpy array = MappedNpy.open(fixture("f4_c"))) {
      FloatMatrix m = FloatMatrix.zeros(1, 4);
      long n = array.header().elements();
      assertThatThrownBy(() -> array.read(n - 1, 2, m.buffer(), 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void aWriterFedInPiecesWritesWhatNpyWriteWrites() throws Exception {
    FloatMatrix m = FloatMatrix.of(3, 4, 0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1f, 0.25f);
    Path whole = tmp.resolve("whole.npy");
    Npy.write(whole, m, 3, 2, 2);
    Path pieces = tmp.resolve("pieces.npy");
    try (NpyWriter writer = NpyWriter.float32(pieces, 3, 2, 2)) {
      writer.write(m.rowRange(0, 1));
      writer.write(m.rowRange(1, 3));
      assertThat(pieces).doesNotExist();
      writer.commit();
    }
    assertThat(Files.readAllBytes(pieces)).isEqualTo(Files.readAllBytes(whole));
  }

  @Test
  void aBoolWriterWritesWhatWriteBoolWrites() throws Exception {
    FloatMatrix m = FloatMatrix.of(2, 3, 0f, 1f, 0f, 2f, 0f, 0.5f);
    Path whole = tmp.resolve("whole.npy");
    Npy.writeBool(whole, m, 2, 3);
    Path pieces = tmp.resolve("pieces.npy");
    try (NpyWriter writer = NpyWriter.bool(pieces, 2, 3)) {
      writer.write(m.rowRange(0, 1));
      writer.write(m.rowRange(1, 2));
      writer.commit();
    }
    assertThat(Files.readAllBytes(pieces)).isEqualTo(Files.readAllBytes(whole));
  }

  @Test
  void anUnfinishedWriterLeavesNothingAndRefusesTooFewOrTooManyValues() throws Exception {
    Path file = tmp.resolve("a.npy");
    try (NpyWriter writer = NpyWriter.float32(file, 2, 2)) {
      writer.write(FloatMatrix.zeros(1, 2));
      assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("2 values");
      assertThatThrownBy(() -> writer.write(FloatMatrix.zeros(1, 3))).isInstanceOf(IllegalStateException.class);
    }
    try (var files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }
}
