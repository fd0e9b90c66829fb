package io.facerecon.io;

import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * NumPy's {@code .npy} format: a magic string, a header that gives dtype, order and shape, then
 * the raw data. Python users open what we write with {@code numpy.load}; we read what {@code
 * numpy.save} writes for the dtypes faces come in.
 *
 * <p>Writing: version 1.0, little-endian float32, C order. Reading: versions 1.0 to 3.0, dtypes
 * float32 and float64 of either byte order and uint8, C or Fortran order, any rank.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final String SUPPORTED =
      "float32 ('<f4', '>f4'), float64 ('<f8', '>f8'), uint8 ('|u1') or bool ('|b1')";
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /**
   * An array read from a .npy file, converted to float32 as {@code array.astype(numpy.float32)}
   * would (uint8 values stay 0..255).
   *
   * @param dtype the stored dtype as NumPy writes it, e.g. {@code <f4} or {@code |u1}
   * @param shape the array's shape
   * @param values the elements in C order as a {@code shape[0]} × (product of the other
   *     dimensions) matrix; a 1-D array is one column, a 0-D array one element
   */
  public record Array(String dtype, int[] shape, FloatMatrix values) {
    /**
     * The number of dimensions.
     *
     * @return the length of {@link #shape()}
     */
    public int rank() {
      return shape.length;
    }

    /**
     * The shape as NumPy prints it, e.g. {@code (1217, 62, 47)}.
     *
     * @return the shape as a Python tuple
     */
    public String shapeText() {
      return shapeTuple(shape);
    }
  }

  /**
   * What a .npy file's header says, checked: a supported dtype and a shape of non-negative sizes.
   * The data start at {@code dataOffset}; nothing about their length is checked yet (see {@link
   * #requireData}).
   *
   * @param dtype the stored dtype as NumPy writes it, e.g. {@code <f4} or {@code |u1}
   * @param fortranOrder whether the first index varies fastest in the file
   * @param shape the array's shape
   * @param dataOffset where the data start in the file, in bytes
   */
  public record Header(String dtype, boolean fortranOrder, int[] shape, long dataOffset) {
    /**
     * The shape as NumPy prints it, e.g. {@code (1217, 62, 47)}.
     *
     * @return the shape as a Python tuple
     */
    public String shapeText() {
      return shapeTuple(shape);
    }

    /**
     * Bytes per stored element.
     *
     * @return 1, 4 or 8
     */
    public int elementSize() {
      return Element.of(dtype, null).size();
    }

    /**
     * Number of elements: the product of the shape, or {@link Long#MAX_VALUE} if it overflows.
     *
     * @return the element count
     */
    public long elements() {
      return Npy.elements(shape, 0);
    }

    /**
     * Checks that a file of {@code fileSize} bytes holds all the data this header announces.
     *
     * @param fileSize the file's size in bytes
     * @param file the file, for the message
     * @throws BadInputException naming the file if the element count overflows or the file is
     *     shorter than its data
     */
    public void requireData(long fileSize, Path file) {
      long count = elements();
      if (count == Long.MAX_VALUE || count > Long.MAX_VALUE / elementSize()) {
        throw new BadInputException(file + ": shape " + shapeText() + " has more than 2^63 bytes of data");
      }
      long expectedBytes = count * elementSize();
      long available = fileSize - dataOffset;
      if (available < expectedBytes) {
        throw new BadInputException(
            file + ": truncated: shape " + shapeText() + " of " + dtype + " needs "
                + expectedBytes + " data bytes, the file has " + Math.max(0, available));
      }
    }
  }

  private Npy() {}

  /**
   * Writes {@code matrix} as little-endian float32 in C order with the given shape, whose product
   * must be the matrix size (e.g. N×H×W for N images of H×W stored as an N × (H·W) matrix).
   *
   * @param file the file to write, atomically
   * @param matrix the values, taken in row-major order
   * @param shape the array shape to record
   * @throws BadInputException if the shape does not hold the matrix's values
   * @throws IOException if writing fails
   */
  public static void write(Path file, FloatMatrix matrix, int... shape) throws IOException {
    long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    if (count != matrix.size()) {
      throw new BadInputException(
          "shape " + Arrays.toString(shape) + " does not hold the " + matrix.size() + " values of "
              + matrix);
    }
    try (NpyWriter writer = NpyWriter.float32(file, shape)) {
      writer.write(matrix);
      writer.commit();
    }
  }

  /**
   * Writes {@code matrix} with its own 2-D shape.
   *
   * @param file the file to write, atomically
   * @param matrix the values
   * @throws IOException if writing fails
   */
  public static void write(Path file, FloatMatrix matrix) throws IOException {
    write(file, matrix, matrix.rows(), matrix.cols());
  }

  /**
   * Writes {@code matrix} as a NumPy bool array ({@code |b1}) in C order with the given shape: a
   * non-zero value is True. Masks are written so (true = missing, numpy's masked-array convention).
   *
   * @param file the file to write, atomically
   * @param matrix the values, taken in row-major order
   * @param shape the array shape to record
   * @throws BadInputException if the shape does not hold the matrix's values
   * @throws IOException if writing fails
   */
  public static void writeBool(Path file, FloatMatrix matrix, int... shape) throws IOException {
    long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    if (count != matrix.size()) {
      throw new BadInputException(
          "shape " + Arrays.toString(shape) + " does not hold the " + matrix.size() + " values of " + matrix);
    }
    try (NpyWriter writer = NpyWriter.bool(file, shape)) {
      writer.write(matrix);
      writer.commit();
    }
  }

  /**
   * Reads the array in {@code file}.
   *
   * @param file the .npy file
   * @return the array, converted to float32
   * @throws BadInputException naming the file if it is not a regular file, not a .npy file, is
   *     truncated, has a shape whose size overflows, or holds a dtype other than float32, float64
   *     or uint8
   * @throws NoSuchFileException if it does not exist
   * @throws IOException if reading fails
   */
  public static Array read(Path file) throws IOException {
    try (FileChannel channel = InputFiles.openChannel(file, "a .npy file")) {
      Header header = readHeader(channel, file);
      int[] shape = header.shape();
      long count = elements(shape, 0);
      long cols = elements(shape, 1);
      if (count > Integer.MAX_VALUE / Float.BYTES || cols > Integer.MAX_VALUE / Float.BYTES) {
        throw new BadInputException(
            file + ": shape " + shapeTuple(shape) + " has "
                + (Math.max(count, cols) == Long.MAX_VALUE ? "more than 2^63" : Long.toString(Math.max(count, cols)))
                + " elements; at most " + (Integer.MAX_VALUE / Float.BYTES) + " are supported");
      }
      header.requireData(channel.size(), file);
      int rows = shape.length == 0 ? 1 : shape[0];
      FloatMatrix values = FloatMatrix.zeros(rows, (int) cols);
      readValues(channel, Element.of(header.dtype(), file), (int) count, values.buffer(), values.offset(), file);
      if (header.fortranOrder() && shape.length > 1) {
        values = fortranToC(values, shape);
      }
      return new Array(header.dtype(), shape, values);
    }
  }

  /**
   * Reads and checks the header of the .npy file open in {@code channel}, from its start; the
   * channel is left at the first data byte.
   *
   * @param channel the open file
   * @param file the file, for messages
   * @return the header
   * @throws BadInputException naming the file if it is not a .npy file, its version or header is
   *     not one we read, its shape is not a tuple of non-negative integers, or its dtype is not
   *     float32, float64, uint8 or bool
   * @throws IOException if reading fails
   */
  public static Header readHeader(FileChannel channel, Path file) throws IOException {
    channel.position(0);
    ByteBuffer preamble = ByteBuffer.allocate(MAGIC.length + 2).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, preamble, file, "the .npy preamble");
    byte[] magic = Arrays.copyOf(preamble.array(), MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new BadInputException(file + ": not a .npy file (it does not start with \\x93NUMPY)");
    }
    int major = preamble.get(MAGIC.length) & 0xff;
    if (major < 1 || major > 3) {
      throw new BadInputException(
          file + ": .npy format version " + major + " is not supported; expected 1, 2 or 3");
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, lengthBytes, file, "the header length");
    long headerLength = major == 1 ? lengthBytes.getShort(0) & 0xffff : lengthBytes.getInt(0) & 0xffffffffL;
    if (headerLength > 1 << 20) {
      throw new BadInputException(file + ": .npy header of " + headerLength + " bytes is not plausible");
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    readFully(channel, headerBytes, file, "the header");
    String header = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String dtype = field(DESCR, header, file, "descr");
    boolean fortran = field(FORTRAN, header, file, "fortran_order").equals("True");
    int[] shape = parseShape(field(SHAPE, header, file, "shape"), file);
    Element.of(dtype, file);
    return new Header(dtype, fortran, shape, channel.position());
  }

  /** A stored element type we read: its size, kind and byte order. */
  record Element(int size, char kind, ByteOrder order) {
    static Element of(String dtype, Path file) {
      switch (dtype) {
        case "<f4":
        case ">f4":
        case "<f8":
        case ">f8":
          return new Element(
              dtype.charAt(2) - '0', 'f',
              dtype.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        case "|u1":
        case "<u1":
        case ">u1":
          return new Element(1, 'u', ByteOrder.LITTLE_ENDIAN);
        case "|b1":
          return new Element(1, 'b', ByteOrder.LITTLE_ENDIAN);
        default:
          throw new BadInputException(
              file + ": dtype '" + dtype + "' is not supported; expected " + SUPPORTED);
      }
    }

    /**
     * Converts the {@code n} elements at {@code in}'s position to float32 into {@code dst} from
     * {@code offset} on, as {@code astype(numpy.float32)} (uint8 stays 0..255, bool is 0 or 1).
     */
    void decode(ByteBuffer in, int n, FloatBuffer dst, int offset) {
      if (kind == 'f' && size == Float.BYTES) {
        // A bulk copy, swapping bytes if needed.
        dst.put(offset, in.slice(in.position(), n * Float.BYTES).order(order).asFloatBuffer(), 0, n);
        in.position(in.position() + n * Float.BYTES);
        return;
      }
      ByteBuffer ordered = in.order(order);
      for (int i = 0; i < n; i++) {
        dst.put(offset + i, next(ordered));
      }
    }

    float next(ByteBuffer in) {
      if (kind == 'u') {
        return in.get() & 0xff;
      }
      if (kind == 'b') {
        return in.get() != 0 ? 1f : 0f;
      }
      return size == 4 ? in.getFloat() : (float) in.getDouble();
    }
  }

  /** Reads {@code count} elements in file order into {@code dst} from {@code offset} on. */
  private static void readValues(
      FileChannel channel, Element type, int count, FloatBuffer dst, int offset, Path file)
      throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(type.order());
    int done = 0;
    while (done < count) {
      chunk.clear();
      long remaining = (long) (count - done) * type.size();
      if (remaining < chunk.capacity()) {
        chunk.limit((int) remaining);
      }
      readFully(channel, chunk, file, "the data");
      chunk.flip();
      int n = chunk.remaining() / type.size();
      type.decode(chunk, n, dst, offset + done);
      done += n;
    }
  }

  /**
   * The C-order copy of {@code f}, which holds an array of {@code shape} in Fortran order (first
   * index fastest).
   */
  private static FloatMatrix fortranToC(FloatMatrix f, int[] shape) {
    FloatMatrix c = FloatMatrix.zeros(f.rows(), f.cols());
    int rank = shape.length;
    long[] cStride = new long[rank];
    cStride[rank - 1] = 1;
    for (int k = rank - 2; k >= 0; k--) {
      cStride[k] = cStride[k + 1] * shape[k + 1];
    }
    int[] index = new int[rank];
    long cOffset = 0;
    for (int p = 0, n = f.size(); p < n; p++) {
      c.set((int) cOffset, f.get(p));
      // Advance the multi-index with the first dimension fastest, as the file is laid out.
      for (int k = 0; k < rank; k++) {
        if (++index[k] < shape[k]) {
          cOffset += cStride[k];
          break;
        }
        cOffset -= cStride[k] * (index[k] - 1);
        index[k] = 0;
      }
    }
    return c;
  }

  /** The product of {@code shape[from ..]}, or Long.MAX_VALUE if it overflows. */
  private static long elements(int[] shape, int from) {
    long n = 1;
    for (int k = from; k < shape.length; k++) {
      try {
        n = Math.multiplyExact(n, shape[k]);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return n;
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, Path file, String what)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new BadInputException(file + ": truncated .npy file, it ends inside " + what);
      }
    }
  }

  private static String field(Pattern pattern, String header, Path file, String key) {
    Matcher m = pattern.matcher(header);
    if (!m.find()) {
      throw new BadInputException(file + ": .npy header has no '" + key + "': " + header.trim());
    }
    return m.group(1);
  }

  private static int[] parseShape(String text, Path file) {
    String[] parts = text.split(",");
    int[] shape = new int[parts.length];
    int rank = 0;
    for (String part : parts) {
      String t = part.trim();
      if (t.isEmpty()) {
        continue;
      }
      String digits = t.endsWith("L") ? t.substring(0, t.length() - 1) : t;
      if (!digits.matches("[+-]?[0-9]+")) {
        throw new BadInputException(file + ": .npy shape (" + text + ") is not a tuple of integers");
      }
      try {
        shape[rank] = Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        throw new BadInputException(
            file + ": .npy shape (" + text + ") has dimension " + rank + " of " + digits
                + "; at most " + Integer.MAX_VALUE + " is supported");
      }
      if (shape[rank] < 0) {
        throw new BadInputException(file + ": .npy shape (" + text + ") has a negative size");
      }
      rank++;
    }
    return Arrays.copyOf(shape, rank);
  }

  private static String shapeTuple(int[] shape) {
    String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    return "(" + dims + (shape.length == 1 ? ",)" : ")");
  }

  /**
   * Everything before the data of a version 1.0 file of {@code descr} and {@code shape} in C
   * order: magic, version, header length and the header.
   */
  static byte[] preamble(String descr, int[] shape) {
    byte[] header = header(descr, shape);
    byte[] out = new byte[MAGIC.length + 4 + header.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[MAGIC.length] = 1;
    out[MAGIC.length + 1] = 0;
    out[MAGIC.length + 2] = (byte) (header.length & 0xff);
    out[MAGIC.length + 3] = (byte) (header.length >>> 8);
    System.arraycopy(header, 0, out, MAGIC.length + 4, header.length);
    return out;
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
