package io.facerecon.spark;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.KnownSizeEstimation;
import scala.collection.Seq;

/**
 * The images of a Dataset as one block per partition: V_pᵀ (images × pixels, row-major, off the
 * Java heap), with the checks every fit and transform makes before its first iteration.
 *
 * <p>A partition's block is read straight from Spark's internal rows (no boxed values, no list of
 * per-image arrays): each image's pixels are checked and written into off-heap chunks as they
 * come, and the chunks become one matrix the first time the block is used. Serialised (a
 * {@code _SER} storage level, or a block spilled to disk) it is its shape and its floats, read
 * back into one off-heap matrix: a partition's images are never on the heap as a whole.
 */
final class Blocks {
  /** Row numbers named in an error message. */
  private static final int SHOWN = 5;
  /** The most bytes of one chunk while a partition is read: the images of a partition are not counted in advance. */
  private static final int CHUNK_BYTES = 4 << 20;
  /** The most floats of one block: one off-heap buffer (2 GB). */
  private static final long MAX_FLOATS = Integer.MAX_VALUE / Float.BYTES;
  /** Bytes copied at a time between a block and a serialisation stream. */
  private static final int PIECE_BYTES = 64 << 10;

  private Blocks() {}

  /**
   * One partition's images, V_pᵀ. {@link KnownSizeEstimation} tells Spark's memory store the
   * off-heap bytes a cached block holds, so that it spills blocks to disk as it would arrays on
   * the heap (its size estimator sees only the Java objects).
   */
  static final class Block implements Serializable, KnownSizeEstimation {
    private static final long serialVersionUID = 2L;
    final int partition;
    final int rows;
    /** Pixels per image, or 0 when the partition is empty or its rows are unusable. */
    final int cols;
    /** The chunks of a block just read, until {@link #matrix()} joins them. */
    private transient List<FloatMatrix> chunks;
    private transient FloatMatrix matrix;

    private Block(int partition, int rows, int cols, List<FloatMatrix> chunks) {
      this.partition = partition;
      this.rows = rows;
      this.cols = cols;
      this.chunks = chunks;
    }

    /** V_pᵀ, rows × pixels, off the heap. */
    synchronized FloatMatrix matrix() {
      if (matrix == null) {
        if (chunks.size() == 1 && chunks.get(0).rows() == rows) {
          matrix = chunks.get(0);
        } else {
          matrix = FloatMatrix.zeros(rows, cols);
          int at = 0;
          for (FloatMatrix c : chunks) {
            int n = Math.min(c.rows(), rows - at);
            matrix.buffer().put(at * cols, c.buffer(), c.offset(), n * cols);
            at += n;
          }
        }
        chunks = null;
      }
      return matrix;
    }

    @Override
    public long estimatedSize() {
      return 64L + 4L * rows * cols;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      Pieces pieces = new Pieces();
      if (matrix != null) {
        pieces.write(out, matrix, rows * cols);
      } else {
        int left = rows * cols;
        for (FloatMatrix c : chunks) {
          int n = Math.min(c.size(), left);
          pieces.write(out, c, n);
          left -= n;
        }
      }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      matrix = FloatMatrix.zeros(rows, cols);
      new Pieces().read(in, matrix);
    }
  }

  /** Copies floats between off-heap matrices and a stream through one small buffer, as little-endian bytes. */
  private static final class Pieces {
    private final byte[] bytes = new byte[PIECE_BYTES];
    private final FloatBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();

    void write(ObjectOutputStream out, FloatMatrix m, int count) throws IOException {
      for (int at = 0; at < count; ) {
        int n = Math.min(floats.capacity(), count - at);
        floats.put(0, m.buffer(), m.offset() + at, n);
        out.write(bytes, 0, n * Float.BYTES);
        at += n;
      }
    }

    void read(ObjectInputStream in, FloatMatrix m) throws IOException {
      for (int at = 0, count = m.size(); at < count; ) {
        int n = Math.min(floats.capacity(), count - at);
        in.readFully(bytes, 0, n * Float.BYTES);
        m.buffer().put(m.offset() + at, floats, 0, n);
        at += n;
      }
    }
  }

  /** Counts and first row numbers (within the partition) of each kind of bad row. */
  static final class Stats implements Serializable {
    private static final long serialVersionUID = 1L;
    int partition;
    long rows;
    int length = -1;
    long nulls;
    long ragged;
    long nonFinite;
    long negative;
    long badValues;
    final List<Long> nullRows = new ArrayList<>();
    final List<Long> raggedRows = new ArrayList<>();
    final List<Long> nonFiniteRows = new ArrayList<>();
    final List<Long> negativeRows = new ArrayList<>();
    double squaredNorm;
    double sum;
    float min = Float.POSITIVE_INFINITY;

    static void note(List<Long> rows, long row) {
      if (rows.size() < SHOWN) {
        rows.add(row);
      }
    }

    boolean usable() {
      return nulls == 0 && ragged == 0 && nonFinite == 0 && negative == 0;
    }
  }

  /** The blocks of a Dataset and the statistics their first computation gathers. */
  record Read(JavaRDD<Block> blocks, CollectionAccumulator<Stats> stats) {
    /**
     * The statistics of every partition, once an action has computed all blocks: one per
     * partition, the first a partition reported (a block computed again reports again).
     */
    List<Stats> collect() {
      int partitions = blocks.getNumPartitions();
      Stats[] byPartition = new Stats[partitions];
      for (Stats s : stats.value()) {
        if (byPartition[s.partition] == null) {
          byPartition[s.partition] = s;
        }
      }
      List<Stats> all = new ArrayList<>(partitions);
      for (int p = 0; p < partitions; p++) {
        if (byPartition[p] == null) {
          throw new IllegalStateException("partition " + p + " of the images was not read");
        }
        all.add(byPartition[p]);
      }
      return all;
    }
  }

  /** The Dataset's pixel column as a float array per row, or null for a null entry (transform's rows). */
  static float[] pixels(Row row, int field, boolean vector) {
    if (row.isNullAt(field)) {
      return null;
    }
    if (vector) {
      double[] d = ((Vector) row.get(field)).toArray();
      float[] f = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        f[i] = (float) d[i];
      }
      return f;
    }
    Object value = row.get(field);
    Seq<?> seq = (Seq<?>) value;
    float[] f = new float[seq.length()];
    Iterator<?> it = scala.jdk.javaapi.CollectionConverters.asJava(seq.iterator());
    for (int i = 0; it.hasNext(); i++) {
      Object x = it.next();
      f[i] = x == null ? Float.NaN : ((Number) x).floatValue();
    }
    return f;
  }

  /** Whether the column is an ML Vector (else an array of numbers); refuses other types. */
  static boolean checkColumn(StructType schema, String column) {
    if (!List.of(schema.fieldNames()).contains(column)) {
      throw new BadInputException(
          "inputCol '" + column + "' is not a column of the Dataset; its columns are " + List.of(schema.fieldNames()));
    }
    DataType type = schema.apply(column).dataType();
    if (type instanceof VectorUDT) {
      return true;
    }
    if (type instanceof ArrayType a
        && (a.elementType().equals(DataTypes.FloatType) || a.elementType().equals(DataTypes.DoubleType))) {
      return false;
    }
    throw new BadInputException(
        "inputCol '" + column + "' has type " + type.simpleString() + "; expected array<float>, array<double> or vector");
  }

  /**
   * The column's rows as one block per partition. Each partition reports its statistics and
   * checks to {@link Read#stats} when it is computed; the caller runs the action.
   */
  static Read of(Dataset<?> data, String column) {
    boolean vector = checkColumn(data.schema(), column);
    boolean doubles = !vector && ((ArrayType) data.schema().apply(column).dataType()).elementType()
        .equals(DataTypes.DoubleType);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
    CollectionAccumulator<Stats> accumulator = jsc.sc().collectionAccumulator("facerecon image statistics");
    // Spark's internal rows: the pixels stay a primitive array (a Row would box every value).
    JavaRDD<InternalRow> rows = data.toDF().select(column).queryExecution().toRdd().toJavaRDD();
    JavaRDD<Block> blocks = rows.mapPartitionsWithIndex(
        (partition, it) -> {
          // The executor's first products follow this pass: its kernels get compiled first (once).
          Workspace.warmUp();
          Reader reader = new Reader(partition, vector, doubles);
          while (it.hasNext()) {
            reader.add(it.next());
          }
          accumulator.add(reader.stats);
          return List.of(reader.block()).iterator();
        },
        true);
    return new Read(blocks, accumulator);
  }

  /** Reads one partition's rows into off-heap chunks, checking each value once. */
  private static final class Reader {
    private final boolean vector;
    private final boolean doubles;
    final Stats stats = new Stats();
    private final List<FloatMatrix> chunks = new ArrayList<>();
    private FloatMatrix chunk;
    private int filled;
    private int stored;
    private final VectorUDT udt = new VectorUDT();

    Reader(int partition, boolean vector, boolean doubles) {
      stats.partition = partition;
      this.vector = vector;
      this.doubles = doubles;
    }

    void add(InternalRow row) {
      Stats s = stats;
      long r = s.rows++;
      if (row.isNullAt(0)) {
        s.nulls++;
        Stats.note(s.nullRows, r);
        drop();
        return;
      }
      ArrayData array = null;
      double[] dense = null;
      int length;
      if (vector) {
        dense = ((Vector) udt.deserialize(row.getStruct(0, 4))).toArray();
        length = dense.length;
      } else {
        array = row.getArray(0);
        length = array.numElements();
      }
      if (s.length < 0) {
        s.length = length;
      } else if (length != s.length) {
        s.ragged++;
        Stats.note(s.raggedRows, r);
        drop();
        return;
      }
      FloatBuffer target = null;
      int base = 0;
      if (s.usable() && length > 0) {
        if ((long) (stored + 1) * length > MAX_FLOATS) {
          throw new BadInputException("partition " + s.partition + " of the Dataset holds more than " + MAX_FLOATS
              + " pixel values (2 GB), more than one block holds: repartition it into more partitions");
        }
        if (chunk == null || filled == chunk.rows()) {
          chunk = FloatMatrix.zeros(Math.max(1, CHUNK_BYTES / (Float.BYTES * length)), length);
          chunks.add(chunk);
          filled = 0;
        }
        target = chunk.buffer();
        base = chunk.offset() + filled * length;
      }
      boolean nonFinite = false;
      boolean negative = false;
      for (int i = 0; i < length; i++) {
        float x;
        if (dense != null) {
          x = (float) dense[i];
        } else if (array.isNullAt(i)) {
          x = Float.NaN;
        } else {
          x = doubles ? (float) array.getDouble(i) : array.getFloat(i);
        }
        if (!Float.isFinite(x)) {
          nonFinite = true;
          s.badValues++;
        } else if (x < 0) {
          negative = true;
          s.badValues++;
        } else {
          s.squaredNorm += (double) x * x;
          s.sum += x;
          s.min = Math.min(s.min, x);
        }
        if (target != null) {
          target.put(base + i, x);
        }
      }
      if (nonFinite) {
        s.nonFinite++;
        Stats.note(s.nonFiniteRows, r);
      }
      if (negative) {
        s.negative++;
        Stats.note(s.negativeRows, r);
      }
      if (target != null) {
        filled++;
        stored++;
      }
      if (!s.usable()) {
        drop();
      }
    }

    /** Drops what was stored: a partition with a bad row is never factorised, only reported. */
    private void drop() {
      chunks.clear();
      chunk = null;
      stored = 0;
    }

    Block block() {
      boolean usable = stats.usable() && stats.length > 0;
      return new Block(stats.partition, stored, usable ? stats.length : 0, usable ? chunks : List.of());
    }
  }

  /** The checked shape and statistics of all blocks. */
  record Summary(long images, int pixels, long[] offsets, double squaredNorm, double sum, float min) {
    double mean() {
      return sum / ((double) pixels * images);
    }
  }

  /**
   * Checks the statistics of every block: throws one message naming every kind of bad row, how
   * many and which (as row numbers of the Dataset, 0-based).
   */
  static Summary check(List<Stats> all, String column) {
    int partitions = all.size();
    long[] offsets = new long[partitions + 1];
    for (Stats s : all) {
      offsets[s.partition + 1] = s.rows;
    }
    for (int p = 0; p < partitions; p++) {
      offsets[p + 1] += offsets[p];
    }
    long images = offsets[partitions];
    if (images == 0) {
      throw new BadInputException("the Dataset has no rows: NMF needs at least one image");
    }
    List<String> problems = new ArrayList<>();
    problem(problems, all, offsets, "that are null", s -> s.nulls, s -> s.nullRows);
    int length = -1;
    long raggedAcross = 0;
    List<Long> raggedAcrossRows = new ArrayList<>();
    for (Stats s : all) {
      if (s.length >= 0 && length < 0) {
        length = s.length;
      } else if (s.length >= 0 && s.length != length) {
        raggedAcross++;
        Stats.note(raggedAcrossRows, offsets[s.partition]);
      }
    }
    long ragged = raggedAcross;
    List<Long> raggedRows = new ArrayList<>(raggedAcrossRows);
    for (Stats s : all) {
      ragged += s.ragged;
      for (long r : s.raggedRows) {
        Stats.note(raggedRows, offsets[s.partition] + r);
      }
    }
    if (ragged > 0) {
      problems.add(ragged + " row(s) whose length differs from the first row's " + length + " (rows "
          + rowsText(raggedRows, ragged) + ")");
    }
    if (length == 0) {
      problems.add("the pixel arrays are empty");
    }
    problem(problems, all, offsets, "with NaN or infinite values", s -> s.nonFinite, s -> s.nonFiniteRows);
    problem(problems, all, offsets, "with negative values", s -> s.negative, s -> s.negativeRows);
    if (!problems.isEmpty()) {
      long bad = all.stream().mapToLong(s -> s.badValues).sum();
      String values = bad > 0 ? "; " + bad + " bad value(s) in all" : "";
      throw new BadInputException(
          "inputCol '" + column + "' of " + images + " rows cannot be factorised: " + String.join("; ", problems)
              + values + " (NMF needs equal-length arrays of finite values >= 0)");
    }
    double squaredNorm = 0;
    double sum = 0;
    float min = Float.POSITIVE_INFINITY;
    for (Stats s : all) {
      squaredNorm += s.squaredNorm;
      sum += s.sum;
      min = Math.min(min, s.min);
    }
    return new Summary(images, length, offsets, squaredNorm, sum, min);
  }

  private static void problem(
      List<String> problems, List<Stats> all, long[] offsets, String what,
      java.util.function.ToLongFunction<Stats> count, java.util.function.Function<Stats, List<Long>> rows) {
    long n = 0;
    List<Long> first = new ArrayList<>();
    for (Stats s : all) {
      n += count.applyAsLong(s);
      for (long r : rows.apply(s)) {
        Stats.note(first, offsets[s.partition] + r);
      }
    }
    if (n > 0) {
      problems.add(n + " row(s) " + what + " (rows " + rowsText(first, n) + ")");
    }
  }

  private static String rowsText(List<Long> rows, long total) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(rows.get(i));
    }
    if (total > rows.size()) {
      b.append(String.format(Locale.ROOT, ", ... %d more", total - rows.size()));
    }
    return b.toString();
  }
}
