package io.facerecon.io;

import io.facerecon.linalg.FloatMatrix;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * NumPy's {@code .npy} format (version 1.0): a magic string, a header that gives dtype, order and
 * shape, then the raw data. Python users open what we write with {@code numpy.load}.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private Npy() {}

  /**
   * Writes {@code matrix} as little-endian float32 in C order with the given shape, whose product
   * must be the matrix size (e.g. N×H×W for N images of H×W stored as an N × (H·W) matrix).
   */
  public static void write(Path file, FloatMatrix matrix, int... shape) throws IOException {
    long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    if (count != matrix.size()) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " does not hold the " + matrix.size() + " values of "
              + matrix);
    }
    AtomicFiles.write(file, out -> writeTo(out, matrix, shape));
  }

  /** Writes {@code matrix} with its own 2-D shape. */
  public static void write(Path file, FloatMatrix matrix) throws IOException {
    write(file, matrix, matrix.rows(), matrix.cols());
  }

  private static void writeTo(OutputStream out, FloatMatrix matrix, int[] shape) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.write(MAGIC);
    data.writeByte(1);
    data.writeByte(0);
    byte[] header = header("<f4", shape);
    data.writeByte(header.length & 0xff);
    data.writeByte(header.length >>> 8);
    data.write(header);
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0, n = matrix.size(); i < n; i++) {
      if (!chunk.hasRemaining()) {
        data.write(chunk.array(), 0, chunk.position());
        chunk.clear();
      }
      chunk.putFloat(matrix.get(i));
    }
    data.write(chunk.array(), 0, chunk.position());
    data.flush();
  }

  /** The header dictionary, padded with spaces and a newline so data starts 64-byte aligned. */
  private static byte[] header(String descr, int[] shape) {
    String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    if (shape.length == 1) {
      dims += ",";
    }
    StringBuilder h =
        new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
    int total = MAGIC.length + 2 + 2 + h.length() + 1;
    while (total % 64 != 0) {
      h.append(' ');
      total++;
    }
    h.append('\n');
    return h.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
