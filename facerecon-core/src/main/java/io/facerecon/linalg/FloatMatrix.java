package io.facerecon.linalg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A dense, row-major float32 matrix whose elements live off the Java heap.
 *
 * <p>The storage is a direct, native-order buffer that {@link Blas} hands to OpenBLAS without a
 * copy (with {@code float[]} arrays JNI copies every operand, which made GEMM several times slower).
 * Java code reads and writes the same memory through {@link #get(int)} / {@link #set(int, float)}
 * or the underlying {@link #buffer()}.
 *
 * <p>A matrix may be a contiguous {@linkplain #view view} of another one; views share memory.
 */
public final class FloatMatrix {
  private final FloatBuffer data;
  private final int offset;
  private final int rows;
  private final int cols;

  private FloatMatrix(FloatBuffer data, int offset, int rows, int cols) {
    this.data = data;
    this.offset = offset;
    this.rows = rows;
    this.cols = cols;
  }

  /**
   * A new matrix of zeros.
   *
   * @param rows number of rows, at least 0
   * @param cols number of columns, at least 0
   * @return the matrix, in fresh off-heap memory
   * @throws IllegalArgumentException if the shape is negative or has too many elements for one
   *     buffer
   */
  public static FloatMatrix zeros(int rows, int cols) {
    checkShape(rows, cols);
    long n = (long) rows * cols;
    if (n > Integer.MAX_VALUE / Float.BYTES) {
      throw new IllegalArgumentException(
          "matrix " + rows + "x" + cols + " has " + n + " elements; at most "
              + (Integer.MAX_VALUE / Float.BYTES) + " are supported");
    }
    ByteBuffer buffer = ByteBuffer.allocateDirect((int) n * Float.BYTES).order(ByteOrder.nativeOrder());
    return new FloatMatrix(buffer.asFloatBuffer(), 0, rows, cols);
  }

  /**
   * A new matrix holding a copy of {@code values}, given row by row.
   *
   * @param rows number of rows
   * @param cols number of columns
   * @param values {@code rows * cols} elements in row-major order
   * @return the matrix
   * @throws IllegalArgumentException if the number of values does not match the shape
   */
  public static FloatMatrix of(int rows, int cols, float... values) {
    if (values.length != (long) rows * cols) {
      throw new IllegalArgumentException(
          "expected " + ((long) rows * cols) + " values for a " + rows + "x" + cols
              + " matrix, got " + values.length);
    }
    FloatMatrix m = zeros(rows, cols);
    m.data.put(0, values);
    return m;
  }

  private static void checkShape(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + "x" + cols);
    }
  }

  /**
   * Number of rows.
   *
   * @return the row count
   */
  public int rows() {
    return rows;
  }

  /**
   * Number of columns.
   *
   * @return the column count
   */
  public int cols() {
    return cols;
  }

  /**
   * Number of elements.
   *
   * @return {@code rows * cols}
   */
  public int size() {
    return rows * cols;
  }

  /**
   * Element at row {@code i}, column {@code j}.
   *
   * @param i row index
   * @param j column index
   * @return the element
   */
  public float get(int i, int j) {
    return data.get(offset + i * cols + j);
  }

  /**
   * Sets the element at row {@code i}, column {@code j}.
   *
   * @param i row index
   * @param j column index
   * @param v the new value
   */
  public void set(int i, int j, float v) {
    data.put(offset + i * cols + j, v);
  }

  /**
   * Element at flat row-major index {@code k}.
   *
   * @param k index from 0 to {@code size() - 1}
   * @return the element
   */
  public float get(int k) {
    return data.get(offset + k);
  }

  /**
   * Sets the element at flat row-major index {@code k}.
   *
   * @param k index from 0 to {@code size() - 1}
   * @param v the new value
   */
  public void set(int k, float v) {
    data.put(offset + k, v);
  }

  /**
   * The whole backing buffer (shared with other views); this matrix's elements start at
   * {@link #offset()}.
   *
   * @return the shared buffer
   */
  public FloatBuffer buffer() {
    return data;
  }

  /**
   * Index of this matrix's first element in {@link #buffer()}.
   *
   * @return the offset in elements
   */
  public int offset() {
    return offset;
  }

  /**
   * A matrix of {@code rows x cols} that shares this matrix's memory, starting at flat element
   * {@code start}. The elements it covers must lie inside this matrix.
   *
   * @param start flat index of the view's first element
   * @param rows rows of the view
   * @param cols columns of the view
   * @return the view
   * @throws IndexOutOfBoundsException if the view does not fit
   */
  public FloatMatrix view(int start, int rows, int cols) {
    checkShape(rows, cols);
    if (start < 0 || (long) start + (long) rows * cols > size()) {
      throw new IndexOutOfBoundsException(
          "view of " + rows + "x" + cols + " at " + start + " does not fit in " + this.rows + "x"
              + this.cols);
    }
    return new FloatMatrix(data, offset + start, rows, cols);
  }

  /**
   * Rows {@code from} (inclusive) to {@code to} (exclusive), sharing memory.
   *
   * @param from first row
   * @param to row after the last
   * @return the view of those rows
   */
  public FloatMatrix rowRange(int from, int to) {
    return view(from * cols, to - from, cols);
  }

  /**
   * The same memory seen with another shape of the same size.
   *
   * @param rows new number of rows
   * @param cols new number of columns
   * @return the view with the new shape
   * @throws IllegalArgumentException if the sizes differ
   */
  public FloatMatrix reshape(int rows, int cols) {
    if ((long) rows * cols != size()) {
      throw new IllegalArgumentException(
          "cannot reshape " + this.rows + "x" + this.cols + " to " + rows + "x" + cols);
    }
    return view(0, rows, cols);
  }

  /** A pointer to the first element, for native calls. Cheap: no copy is made. */
  FloatPointer pointer() {
    return pointer(0);
  }

  /** A pointer to element {@code k} in row-major order, for native calls on part of the matrix. */
  FloatPointer pointer(int k) {
    return (FloatPointer) new FloatPointer(data).position(offset + k);
  }

  /**
   * Copies this matrix's elements into a new heap array, row by row.
   *
   * @return the elements in row-major order
   */
  public float[] toArray() {
    float[] out = new float[size()];
    data.get(offset, out);
    return out;
  }

  /**
   * Copies a row into a new heap array.
   *
   * @param i row index
   * @return the row's elements
   */
  public float[] row(int i) {
    float[] out = new float[cols];
    data.get(offset + i * cols, out);
    return out;
  }

  /**
   * Overwrites this matrix with {@code values}, given row by row.
   *
   * @param values {@code size()} elements in row-major order
   * @throws IllegalArgumentException if the number of values differs
   */
  public void setAll(float[] values) {
    if (values.length != size()) {
      throw new IllegalArgumentException(
          "expected " + size() + " values, got " + values.length);
    }
    data.put(offset, values);
  }

  /**
   * Copies {@code src}, which must have this matrix's shape, into this matrix.
   *
   * @param src the matrix to copy from
   * @throws IllegalArgumentException if the shapes differ
   */
  public void copyFrom(FloatMatrix src) {
    requireSameShape(src, "copyFrom");
    data.put(offset, src.data, src.offset, size());
  }

  /**
   * A new matrix with a copy of this one's elements.
   *
   * @return the copy, in its own memory
   */
  public FloatMatrix copy() {
    FloatMatrix m = zeros(rows, cols);
    m.copyFrom(this);
    return m;
  }

  /**
   * Sets every element to {@code v}.
   *
   * @param v the value
   */
  public void fill(float v) {
    for (int k = offset, end = offset + size(); k < end; k++) {
      data.put(k, v);
    }
  }

  /**
   * A new matrix that is this one transposed.
   *
   * @return the transpose, in its own memory
   */
  public FloatMatrix transpose() {
    FloatMatrix t = zeros(cols, rows);
    // Blocked to keep both sides in cache.
    final int block = 64;
    for (int i0 = 0; i0 < rows; i0 += block) {
      for (int j0 = 0; j0 < cols; j0 += block) {
        int iEnd = Math.min(rows, i0 + block);
        int jEnd = Math.min(cols, j0 + block);
        for (int i = i0; i < iEnd; i++) {
          for (int j = j0; j < jEnd; j++) {
            t.data.put(j * rows + i, data.get(offset + i * cols + j));
          }
        }
      }
    }
    return t;
  }

  /**
   * Throws unless {@code other} has this matrix's shape.
   *
   * @param other the matrix to compare with
   * @param what names the operation in the message
   * @throws IllegalArgumentException if the shapes differ
   */
  public void requireSameShape(FloatMatrix other, String what) {
    if (other.rows != rows || other.cols != cols) {
      throw new IllegalArgumentException(
          what + ": shapes differ, " + rows + "x" + cols + " vs " + other.rows + "x" + other.cols);
    }
  }

  @Override
  public String toString() {
    return "FloatMatrix[" + rows + "x" + cols + "]";
  }
}
