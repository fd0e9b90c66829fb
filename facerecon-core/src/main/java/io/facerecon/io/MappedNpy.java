package io.facerecon.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@code .npy} array read in place through memory maps, for arrays larger than memory: only the
 * pages read are brought in, and the operating system drops them again under memory pressure.
 *
 * <p>One map covers at most 2 GiB, so the data are mapped in chunks of {@code chunkBytes} (a
 * multiple of the element size, so no element straddles two chunks); a range of elements that
 * crosses a chunk boundary is read in pieces. Elements are converted as {@link Npy#read} converts
 * them (float32 as stored, float64 rounded to float32, uint8 0..255, bool 0 or 1). Indices are
 * those of the array in C order whatever its file order: a Fortran-order file is read element by
 * element, correct but slow, since consecutive C-order elements lie far apart in it.
 *
 * <p>Reads do not change any shared state, so several threads may read at once.
 */
public final class MappedNpy implements Closeable {
  /** The chunk size used by {@link #open(Path)}: 1 GiB, below the 2 GiB a map may cover. */
  public static final long DEFAULT_CHUNK_BYTES = 1L << 30;

  private final Path file;
  private final Npy.Header header;
  private final Npy.Element element;
  private final long chunkBytes;
  private final MappedByteBuffer[] chunks;
  /** Where element k of the file lies for C-order strides: the strides of a Fortran-order file. */
  private final long[] fortranStrides;

  private MappedNpy(Path file, Npy.Header header, long chunkBytes, MappedByteBuffer[] chunks) {
    this.file = file;
    this.header = header;
    this.element = Npy.Element.of(header.dtype(), file);
    this.chunkBytes = chunkBytes;
    this.chunks = chunks;
    int[] shape = header.shape();
    this.fortranStrides = new long[shape.length];
    long stride = 1;
    for (int k = 0; k < shape.length; k++) {
      fortranStrides[k] = stride;
      stride *= shape[k];
    }
  }

  /**
   * Maps the array in {@code file} in chunks of {@link #DEFAULT_CHUNK_BYTES}.
   *
   * @param file the .npy file
   * @return the mapped array
   * @throws BadInputException naming the file if it is not a regular file, not a .npy file of a
   *     dtype {@link Npy#read} reads, or shorter than its data
   * @throws NoSuchFileException if it does not exist
   * @throws IOException if reading or mapping fails
   */
  public static MappedNpy open(Path file) throws IOException {
    return open(file, DEFAULT_CHUNK_BYTES);
  }

  /**
   * Maps the array in {@code file} in chunks of about {@code chunkBytes} (rounded down to a
   * multiple of the element size, at least one element).
   *
   * @param file the .npy file
   * @param chunkBytes bytes per map, at most 2 GiB − 1
   * @return the mapped array
   * @throws BadInputException naming the file if it is not a regular file, not a .npy file of a
   *     dtype {@link Npy#read} reads, or shorter than its data
   * @throws IllegalArgumentException if {@code chunkBytes} is not in [1, 2 GiB − 1]
   * @throws IOException if reading or mapping fails
   */
  public static MappedNpy open(Path file, long chunkBytes) throws IOException {
    if (chunkBytes < 1 || chunkBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("chunkBytes must be in [1, " + Integer.MAX_VALUE + "], got " + chunkBytes);
    }
    try (FileChannel channel = InputFiles.openChannel(file, "a .npy file")) {
      Npy.Header header = Npy.readHeader(channel, file);
      header.requireData(channel.size(), file);
      int size = header.elementSize();
      long chunk = Math.max(size, chunkBytes - chunkBytes % size);
      long dataBytes = header.elements() * size;
      int count = Math.toIntExact((dataBytes + chunk - 1) / chunk);
      MappedByteBuffer[] chunks = new MappedByteBuffer[count];
      for (int c = 0; c < count; c++) {
        long from = c * chunk;
        // The maps stay valid after the channel is closed.
        chunks[c] = channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset() + from, Math.min(chunk, dataBytes - from));
      }
      return new MappedNpy(file, header, chunk, chunks);
    }
  }

  /**
   * The file's header: dtype, order and shape.
   *
   * @return the header
   */
  public Npy.Header header() {
    return header;
  }

  /**
   * Copies elements {@code first} to {@code first + count − 1} (C-order indices into the whole
   * array) into {@code dst} from {@code offset} on, converted to float32.
   *
   * @param first index of the first element
   * @param count number of elements
   * @param dst the destination
   * @param offset index in {@code dst} of the first element
   * @throws IndexOutOfBoundsException if the range lies outside the array
   */
  public void read(long first, int count, FloatBuffer dst, int offset) {
    if (first < 0 || count < 0 || first + count > header.elements()) {
      throw new IndexOutOfBoundsException(
          "elements " + first + ".." + (first + count - 1) + " of " + file + " with shape " + header.shapeText());
    }
    if (header.fortranOrder() && header.shape().length > 1) {
      readFortran(first, count, dst, offset);
      return;
    }
    int size = element.size();
    int done = 0;
    while (done < count) {
      long at = (first + done) * size;
      int c = (int) (at / chunkBytes);
      int within = (int) (at % chunkBytes);
      int n = (int) Math.min(count - done, (chunks[c].capacity() - within) / size);
      element.decode(chunks[c].slice(within, n * size), n, dst, offset + done);
      done += n;
    }
  }

  /** {@link #read} of a Fortran-order file: each C-order element found by its multi-index. */
  private void readFortran(long first, int count, FloatBuffer dst, int offset) {
    int[] shape = header.shape();
    int rank = shape.length;
    int[] index = new int[rank];
    long rest = first;
    for (int k = rank - 1; k >= 0; k--) {
      index[k] = (int) (rest % shape[k]);
      rest /= shape[k];
    }
    long position = 0;
    for (int k = 0; k < rank; k++) {
      position += index[k] * fortranStrides[k];
    }
    int size = element.size();
    for (int i = 0; i < count; i++) {
      long at = position * size;
      int c = (int) (at / chunkBytes);
      element.decode(chunks[c].slice((int) (at % chunkBytes), size), 1, dst, offset + i);
      // The next C-order element: the last index fastest, carrying into the ones before.
      for (int k = rank - 1; k >= 0; k--) {
        if (++index[k] < shape[k]) {
          position += fortranStrides[k];
          break;
        }
        position -= fortranStrides[k] * (index[k] - 1);
        index[k] = 0;
      }
    }
  }

  /** Drops the maps; the memory is returned when they are collected. */
  @Override
  public void close() {
    java.util.Arrays.fill(chunks, null);
  }

  @Override
  public String toString() {
    return "MappedNpy[" + file + ", " + header.dtype() + " " + header.shapeText() + "]";
  }

  /** For tests: the number of maps. */
  int chunkCount() {
    return chunks.length;
  }
}
