package io.facerecon.spark;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * The images of a Dataset as one block per partition: V_pᵀ (images × pixels, row-major), with the
 * checks every fit and transform makes before its first iteration.
 */
final class Blocks {
  /** Row numbers named in an error message. */
  private static final int SHOWN = 5;

  private Blocks() {}

  /** One partition's images, V_pᵀ, and what the checks found in them. */
  static final class Block implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    final int rows;
    /** Pixels per image, or -1 when the partition is empty or its rows are unusable. */
    final int cols;
    /** V_pᵀ row-major, or null when a check failed. */
    final float[] values;
    final Stats stats;
    private transient FloatMatrix matrix;

    Block(int partition, int rows, int cols, float[] values, Stats stats) {
      this.partition = partition;
      this.rows = rows;
      this.cols = cols;
      this.values = values;
      this.stats = stats;
    }

    /** V_pᵀ off the heap, made once per deserialised block and kept while the block is cached. */
    FloatMatrix matrix() {
      if (matrix == null) {
        matrix = FloatMatrix.of(rows, Math.max(cols, 0), values == null ? new float[0] : values);
      }
      return matrix;
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
  }

  /** The Dataset's pixel column as a float array per row, or null for a null entry. */
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

  /** The column's rows as one block per partition, each with its statistics and checks. */
  static JavaRDD<Block> of(Dataset<?> data, String column) {
    boolean vector = checkColumn(data.schema(), column);
    JavaRDD<Row> rows = data.toDF().select(column).javaRDD();
    return rows.mapPartitionsWithIndex(
        (partition, it) -> {
          Stats s = new Stats();
          s.partition = partition;
          List<float[]> images = new ArrayList<>();
          while (it.hasNext()) {
            float[] p = pixels(it.next(), 0, vector);
            long r = s.rows++;
            if (p == null) {
              s.nulls++;
              Stats.note(s.nullRows, r);
              continue;
            }
            if (s.length < 0) {
              s.length = p.length;
            } else if (p.length != s.length) {
              s.ragged++;
              Stats.note(s.raggedRows, r);
              continue;
            }
            boolean nonFinite = false;
            boolean negative = false;
            for (float x : p) {
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
            }
            if (nonFinite) {
              s.nonFinite++;
              Stats.note(s.nonFiniteRows, r);
            }
            if (negative) {
              s.negative++;
              Stats.note(s.negativeRows, r);
            }
            images.add(p);
          }
          boolean usable = s.nulls == 0 && s.ragged == 0 && s.nonFinite == 0 && s.negative == 0;
          int cols = Math.max(s.length, 0);
          float[] values = null;
          if (usable) {
            values = new float[Math.multiplyExact(images.size(), cols)];
            for (int i = 0; i < images.size(); i++) {
              System.arraycopy(images.get(i), 0, values, i * cols, cols);
            }
          }
          return List.of(new Block(partition, (int) s.rows, usable ? s.length : -1, values, s)).iterator();
        },
        true);
  }

  /** The checked shape and statistics of all blocks. */
  record Summary(long images, int pixels, long[] offsets, double squaredNorm, double sum, float min) {
    double mean() {
      return sum / ((double) pixels * images);
    }
  }

  /**
   * Checks the statistics of every block (collected by the caller): throws one message naming
   * every kind of bad row, how many and which (as row numbers of the Dataset, 0-based).
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
