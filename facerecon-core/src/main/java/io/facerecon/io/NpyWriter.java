package io.facerecon.io;

import io.facerecon.linalg.FloatMatrix;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a {@code .npy} array (version 1.0, C order) piece by piece, so that an array larger than
 * memory can be written as its rows are computed: the header first, then the values of each
 * {@link #write} in turn. The file is written atomically ({@link AtomicFiles#open}): it appears
 * only on {@link #commit}, once it holds every value its shape announces.
 */
public final class NpyWriter implements Closeable {
  private static final int CHUNK_BYTES = 1 << 16;

  private final Path file;
  private final AtomicFiles.Output output;
  private final boolean bool;
  private final long expected;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private long written;

  private NpyWriter(Path file, AtomicFiles.Output output, boolean bool, int[] shape) throws IOException {
    this.file = file;
    this.output = output;
    this.bool = bool;
    this.expected = Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact);
    output.stream().write(Npy.preamble(bool ? "|b1" : "<f4", shape));
  }

  /**
   * Starts a little-endian float32 array ({@code <f4}) of {@code shape}.
   *
   * @param file the file to write, atomically
   * @param shape the array's shape
   * @return the writer
   * @throws BadInputException if {@code file} exists and is not a regular file
   * @throws IOException if the temporary file cannot be created
   */
  public static NpyWriter float32(Path file, int... shape) throws IOException {
    return open(file, false, shape);
  }

  /**
   * Starts a NumPy bool array ({@code |b1}) of {@code shape}: a non-zero value is written as True.
   *
   * @param file the file to write, atomically
   * @param shape the array's shape
   * @return the writer
   * @throws BadInputException if {@code file} exists and is not a regular file
   * @throws IOException if the temporary file cannot be created
   */
  public static NpyWriter bool(Path file, int... shape) throws IOException {
    return open(file, true, shape);
  }

  private static NpyWriter open(Path file, boolean bool, int[] shape) throws IOException {
    AtomicFiles.Output output = AtomicFiles.open(file);
    try {
      return new NpyWriter(file, output, bool, shape.clone());
    } catch (IOException | RuntimeException e) {
      output.close();
      throw e;
    }
  }

  /**
   * Appends the values of {@code values}, row by row.
   *
   * @param values the next values of the array in C order
   * @throws IllegalStateException if they would go beyond what the shape holds
   * @throws IOException if writing fails
   */
  public void write(FloatMatrix values) throws IOException {
    int n = values.size();
    if (written + n > expected) {
      throw new IllegalStateException(
          file + ": " + (written + n) + " values written to an array of " + expected);
    }
    OutputStream out = output.stream();
    int elementBytes = bool ? 1 : Float.BYTES;
    for (int i = 0; i < n; ) {
      chunk.clear();
      int count = Math.min(n - i, CHUNK_BYTES / elementBytes);
      if (bool) {
        for (int k = 0; k < count; k++) {
          chunk.put(values.get(i + k) != 0 ? (byte) 1 : (byte) 0);
        }
      } else {
        chunk.asFloatBuffer().put(values.buffer().slice(values.offset() + i, count));
        chunk.position(count * Float.BYTES);
      }
      out.write(chunk.array(), 0, chunk.position());
      i += count;
    }
    written += n;
  }

  /**
   * Moves the finished file into place.
   *
   * @throws IllegalStateException if fewer values were written than the shape holds
   * @throws IOException if writing or moving fails
   */
  public void commit() throws IOException {
    if (written != expected) {
      throw new IllegalStateException(file + ": " + written + " values written to an array of " + expected);
    }
    output.commit();
  }

  /**
   * Ends the write; without a {@link #commit} nothing is left behind.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    output.close();
  }
}
