package io.facerecon.nn;

import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;
import java.nio.FloatBuffer;

/**
 * A batch of samples in NCHW order (sample, channel, row, column), float32, off the Java heap.
 *
 * <p>The values live in a {@link FloatMatrix} with one row per sample, so a batch of gray images
 * (one image per row, pixels row by row) is already an N×1×H×W tensor and is wrapped without a
 * copy. Tensors may be views that share memory with others.
 */
public final class Tensor {
  private final FloatMatrix data;
  private final Shape shape;

  private Tensor(FloatMatrix data, Shape shape) {
    if (data.cols() != shape.size()) {
      throw new IllegalArgumentException(
          "rows of " + data.cols() + " values cannot hold samples of shape " + shape);
    }
    this.data = data;
    this.shape = shape;
  }

  /**
   * A tensor of zeros with {@code n} samples of {@code shape}.
   *
   * @param n number of samples
   * @param shape the shape of one sample
   * @return the new tensor
   */
  public static Tensor zeros(int n, Shape shape) {
    return new Tensor(FloatMatrix.zeros(n, shape.size()), shape);
  }

  /**
   * Views the rows of {@code data} (one sample per row) as samples of {@code shape}.
   *
   * @param data one sample per row, of {@code shape.size()} values
   * @param shape the shape of one sample
   * @return a tensor sharing {@code data}'s memory
   */
  public static Tensor wrap(FloatMatrix data, Shape shape) {
    return new Tensor(data, shape);
  }

  /**
   * The faces as N × 1 × height × width, sharing their pixels (no copy).
   *
   * @param faces the faces
   * @return a tensor sharing their pixels
   */
  public static Tensor images(FaceSet faces) {
    return wrap(faces.pixels(), new Shape(1, faces.height(), faces.width()));
  }

  /**
   * A new tensor holding a copy of {@code values} in NCHW order.
   *
   * @param n number of samples
   * @param shape the shape of one sample
   * @param values {@code n * shape.size()} values
   * @return the new tensor
   */
  public static Tensor of(int n, Shape shape, float... values) {
    return new Tensor(FloatMatrix.of(n, shape.size(), values), shape);
  }

  /**
   * Number of samples.
   *
   * @return the sample count
   */
  public int n() {
    return data.rows();
  }

  /**
   * The shape of one sample.
   *
   * @return the sample shape
   */
  public Shape shape() {
    return shape;
  }

  /**
   * Number of values, {@code n * shape.size()}.
   *
   * @return the value count
   */
  public int size() {
    return data.size();
  }

  /**
   * The values as a matrix with one row per sample (shared, not copied).
   *
   * @return the values, n × sample size
   */
  public FloatMatrix matrix() {
    return data;
  }

  /** The backing buffer; this tensor's values start at {@link #offset()}. */
  FloatBuffer buffer() {
    return data.buffer();
  }

  /** Index of this tensor's first value in {@link #buffer()}. */
  int offset() {
    return data.offset();
  }

  /**
   * Value at flat NCHW index {@code i}.
   *
   * @param i the flat index
   * @return the value
   */
  public float get(int i) {
    return data.get(i);
  }

  /**
   * Sets the value at flat NCHW index {@code i}.
   *
   * @param i the flat index
   * @param v the new value
   */
  public void set(int i, float v) {
    data.set(i, v);
  }

  /**
   * Samples {@code from} (inclusive) to {@code to} (exclusive), sharing memory.
   *
   * @param from first sample
   * @param to sample after the last
   * @return a view of those samples
   */
  public Tensor samples(int from, int to) {
    return new Tensor(data.rowRange(from, to), shape);
  }

  /**
   * The same memory seen as samples of another shape of the same size.
   *
   * @param newShape a shape of the same size as {@link #shape()}
   * @return a view with the new shape
   */
  public Tensor reshape(Shape newShape) {
    if (newShape.size() != shape.size()) {
      throw new IllegalArgumentException("cannot reshape samples of " + shape + " to " + newShape);
    }
    return new Tensor(data, newShape);
  }

  /**
   * Copies this tensor's values into a new heap array, in NCHW order.
   *
   * @return a copy of the values
   */
  public float[] toArray() {
    return data.toArray();
  }

  @Override
  public String toString() {
    return "Tensor[" + n() + "x" + shape + "]";
  }
}
