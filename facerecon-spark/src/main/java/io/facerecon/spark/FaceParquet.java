package io.facerecon.spark;

import io.facerecon.cli.FaceSetParquetWriter;
import io.facerecon.data.FaceSet;
import io.facerecon.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Face sets loaded on the driver as Spark Datasets and as Parquet: a row per image with
 * {@code id} (long, its index in the set), {@code person}, {@code source} and {@code pixels}
 * ({@code array<float>}). The writer behind {@code facerecon info --save-parquet} and
 * {@code spark-nmf --save-parquet}.
 */
public final class FaceParquet implements FaceSetParquetWriter {
  /** The writer the command line finds with {@link java.util.ServiceLoader}. */
  public FaceParquet() {}

  /**
   * Writes {@code faces} as one Parquet file with the session in use, or with a local one made
   * for this write (and stopped after it).
   */
  @Override
  public void write(FaceSet faces, Path file) throws IOException {
    if (SparkSession.getDefaultSession().isDefined()) {
      write(SparkSession.getDefaultSession().get(), faces, file);
      return;
    }
    SparkSession spark = SparkSession.builder().master("local[1]").appName("facerecon parquet")
        .config("spark.ui.enabled", "false").config("spark.log.level", "ERROR").getOrCreate();
    try {
      write(spark, faces, file);
    } finally {
      spark.stop();
    }
  }

  /** The faces as a Dataset of (id, person, source, pixels) in {@code partitions} slices (0: Spark's default). */
  static Dataset<Row> frame(SparkSession spark, FaceSet faces, int partitions) {
    List<Row> rows = new ArrayList<>(faces.size());
    List<String> names = faces.personNames();
    for (int i = 0; i < faces.size(); i++) {
      int label = faces.label(i);
      String person = label >= 0 && label < names.size() ? names.get(label) : null;
      rows.add(RowFactory.create((long) i, person, faces.source(i), faces.pixels().row(i)));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("person", DataTypes.StringType, true)
        .add("source", DataTypes.StringType, true)
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = partitions > 0 ? partitions : jsc.defaultParallelism();
    return spark.createDataFrame(jsc.parallelize(rows, slices), schema);
  }

  /**
   * Writes {@code faces} in id order as one Parquet file: Spark writes a folder of part files, so
   * the one part of a one-partition write goes into a temporary folder beside {@code file} and is
   * then moved into place.
   */
  static void write(SparkSession spark, FaceSet faces, Path file) throws IOException {
    Path target = file.toAbsolutePath();
    AtomicFiles.requireReplaceable(target);
    Files.createDirectories(target.getParent());
    Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
    try {
      Path out = staging.resolve("parts");
      frame(spark, faces, 1).write().parquet(out.toUri().toString());
      Path part;
      try (Stream<Path> parts = Files.list(out)) {
        part = parts.filter(p -> p.getFileName().toString().matches("part-.*\\.parquet")).findFirst()
            .orElseThrow(() -> new IOException("Spark wrote no Parquet part into " + out));
      }
      AtomicFiles.moveIntoPlace(part, target);
    } finally {
      try (Stream<Path> left = Files.walk(staging)) {
        for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
