package io.facerecon.spark;

import io.facerecon.linalg.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One local Spark session for all tests: two cores, no UI, few shuffle partitions. */
final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("facerecon-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** The images of Vᵀ (images × pixels) as a Dataset of (id, pixels array&lt;float&gt;) in {@code partitions} slices. */
  static Dataset<Row> frame(FloatMatrix vt, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < vt.rows(); i++) {
      rows.add(RowFactory.create((long) i, vt.row(i)));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), true);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session().sparkContext());
    return session().createDataFrame(jsc.parallelize(rows, partitions), schema);
  }

  /** ‖a − b‖_F / ‖b‖_F. */
  static double relative(FloatMatrix a, FloatMatrix b) {
    double d = 0;
    double s = 0;
    for (int i = 0; i < b.size(); i++) {
      double x = a.get(i) - b.get(i);
      d += x * x;
      s += (double) b.get(i) * b.get(i);
    }
    return Math.sqrt(d / s);
  }
}
