package io.facerecon.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.NmfModel;
import io.facerecon.nmf.NmfData;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** transform, save/load, Pipeline, the other inits, and bad input. */
class SparkNmfModelTest {
  private static final FloatMatrix DATA = SparkNmfEquivalenceTest.synthetic(70, 48, 3, 21);

  private static SparkNmf estimator(String solver) {
    return new SparkNmf().setK(4).setSolver(solver).setInit("random").setMaxIter(30).setTol(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mu", "hals"})
  void transformEqualsCoreTransform(String solver) {
    SparkNmfModel model = estimator(solver).fit(LocalSpark.frame(DATA, 2));
    FloatMatrix fresh = SparkNmfEquivalenceTest.synthetic(25, 48, 3, 99);
    NmfOptions options = model.options();
    NmfModel core = new NmfModel(model.basis().transpose(), options);
    FloatMatrix expected = core.transform(NmfData.ofImagesByPixels(fresh));
    List<Row> rows = model.transform(LocalSpark.frame(fresh, 3)).orderBy("id").collectAsList();
    FloatMatrix got = FloatMatrix.zeros(4, fresh.rows());
    for (int j = 0; j < rows.size(); j++) {
      List<Object> code = rows.get(j).getList(2);
      for (int t = 0; t < 4; t++) {
        got.set(t, j, ((Number) code.get(t)).floatValue());
      }
    }
    assertThat(LocalSpark.relative(got, expected)).isLessThan(1e-4);
  }

  @Test
  void saveLoadRoundTripAndPipeline(@TempDir Path dir) throws Exception {
    Dataset<Row> frame = LocalSpark.frame(DATA, 2);
    SparkNmfModel model = estimator("mu").fit(frame);
    String path = dir.resolve("model").toString();
    model.write().overwrite().save(path);
    SparkNmfModel loaded = SparkNmfModel.load(path);
    assertThat(loaded.uid()).isEqualTo(model.uid());
    assertThat(loaded.basis().toArray()).containsExactly(model.basis().toArray());
    assertThat(loaded.nIter()).isEqualTo(model.nIter());
    assertThat(loaded.reconstructionErr()).isEqualTo(model.reconstructionErr());
    assertThat(loaded.history()).isEqualTo(model.history());
    assertThat(loaded.options()).isEqualTo(model.options());

    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {estimator("hals").setOutputCol("h")});
    PipelineModel fitted = pipeline.fit(frame);
    String pipePath = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(pipePath);
    PipelineModel reloaded = PipelineModel.load(pipePath);
    List<Row> a = fitted.transform(frame).orderBy("id").select("h").collectAsList();
    List<Row> b = reloaded.transform(frame).orderBy("id").select("h").collectAsList();
    assertThat(b).isEqualTo(a);
    assertThat(a.get(0).getList(0)).hasSize(4);
    SparkNmf estimator = estimator("mu");
    String estPath = dir.resolve("estimator").toString();
    estimator.write().overwrite().save(estPath);
    assertThat(SparkNmf.load(estPath).options()).isEqualTo(estimator.options());
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "nndsvda", "nndsvd"})
  void initsFitAndDoNotDependOnThePartitioning(String init) {
    SparkNmf nmf = new SparkNmf().setK(4).setSolver("hals").setInit(init).setMaxIter(20).setTol(0).setSeed(3);
    SparkNmfModel two = nmf.fit(LocalSpark.frame(DATA, 2));
    SparkNmfModel five = nmf.fit(LocalSpark.frame(DATA, 5));
    assertThat(two.relativeError()).isLessThan(0.2);
    assertThat(LocalSpark.relative(five.basis(), two.basis())).isLessThan(1e-3);
  }

  private static Dataset<Row> rows(List<float[]> pixels) {
    List<Row> rows = new ArrayList<>();
    for (float[] p : pixels) {
      rows.add(RowFactory.create((Object) p));
    }
    StructType schema = new StructType().add("pixels", DataTypes.createArrayType(DataTypes.FloatType, true), true);
    return LocalSpark.session().createDataFrame(rows, schema);
  }

  @Test
  void badInputIsRefusedBeforeAnyIteration() {
    List<float[]> good = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      good.add(new float[] {1, 2, 3, 4});
    }
    List<float[]> bad = new ArrayList<>(good);
    bad.set(2, null);
    bad.set(4, new float[] {1, 2});
    bad.set(6, new float[] {1, Float.NaN, 3, 4});
    bad.set(7, new float[] {1, -2, -3, 4});
    assertThatThrownBy(() -> estimator("mu").fit(rows(bad)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("1 row(s) that are null (rows 2)")
        .hasMessageContaining("1 row(s) whose length differs from the first row's 4 (rows 4)")
        .hasMessageContaining("1 row(s) with NaN or infinite values (rows 6)")
        .hasMessageContaining("1 row(s) with negative values (rows 7)")
        .hasMessageContaining("3 bad value(s)");
    assertThatThrownBy(() -> estimator("mu").fit(rows(List.of())))
        .isInstanceOf(BadInputException.class).hasMessageContaining("no rows");
    assertThatThrownBy(() -> estimator("mu").setInit("nndsvda").setK(5).fit(rows(good)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("k = 5 is out of range");
    assertThatThrownBy(() -> estimator("mu").setK(0).fit(rows(good)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("k");
    assertThatThrownBy(() -> estimator("mu").setInputCol("nope").fit(rows(good)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("'nope' is not a column");
    assertThatThrownBy(() -> estimator("xx").fit(rows(good)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("solver must be mu or hals");
  }

  @Test
  void vectorAndDoubleColumnsWork() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < DATA.rows(); i++) {
      float[] f = DATA.row(i);
      double[] d = new double[f.length];
      for (int j = 0; j < f.length; j++) {
        d[j] = f[j];
      }
      rows.add(RowFactory.create(org.apache.spark.ml.linalg.Vectors.dense(d)));
    }
    StructType schema = new StructType().add("pixels", new org.apache.spark.ml.linalg.VectorUDT(), false);
    SparkNmfModel fromVectors = estimator("mu").fit(LocalSpark.session().createDataFrame(rows, schema));
    SparkNmfModel fromArrays = estimator("mu").fit(LocalSpark.frame(DATA, 2));
    assertThat(LocalSpark.relative(fromVectors.basis(), fromArrays.basis())).isLessThan(1e-5);
    assertThat(fromVectors.options().solver()).isEqualTo(Solver.MU);
    SparkNmfModel fromDoubles = estimator("mu").fit(
        LocalSpark.frame(DATA, 2).selectExpr("id", "cast(pixels as array<double>) as pixels"));
    assertThat(LocalSpark.relative(fromDoubles.basis(), fromArrays.basis())).isLessThan(1e-5);
  }
}
