package io.facerecon.spark;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.ExecutionContext;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.BetaLoss;
import io.facerecon.nmf.FactorSteps;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.NmfFit;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link SparkNmf}: the basis W (pixels × k) and the fit's settings. {@link #transform}
 * adds each row's code with W fixed, as scikit-learn's {@code transform} and facerecon-core's
 * {@link io.facerecon.nmf.NmfModel#transform}: from √(mean(V)/k) everywhere (mu, with the mean of the
 * whole Dataset) or zeros (hals), updating only H with the fit's solver, penalty and iteration
 * limit:
 *
 * <pre>
 * mu:    H ← H ⊙ (WᵀV) ⊘ (WᵀW·H + l1_H + l2_H·H)
 * hals:  h_t ← max(0, h_t + ((WᵀV)_t − (WᵀW)_t·H − l1_H − l2_H·h_t) / ((WᵀW)_tt + l2_H))
 * </pre>
 *
 * Rows are independent given W, so each partition runs the iterations on its own rows; the
 * stopping test ({@code tol} &gt; 0) is then made per partition, on its rows' error (mu) or
 * projected gradient (hals). With {@code tol} 0, or one partition, the codes equal core's.
 */
public final class SparkNmfModel extends Model<SparkNmfModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final float[] basisValues;
  private final int pixels;
  private final Settings settings;
  private transient NmfOptions options;
  private final int iterations;
  private final double error;
  private final double relativeError;
  private final List<NmfFit.ErrorPoint> history;
  private final boolean converged;
  private transient JavaRDD<DistributedNmf.Codes> trainingCodes;

  /** The column of pixels. */
  public final Param<String> inputCol;
  /** The column of codes that transform adds. */
  public final Param<String> outputCol;

  SparkNmfModel(
      String uid, FloatMatrix basis, NmfOptions options, int iterations, double error, double relativeError,
      List<NmfFit.ErrorPoint> history, boolean converged) {
    this.uid = uid;
    this.basisValues = basis.toArray();
    this.pixels = basis.rows();
    this.settings = Settings.of(options);
    this.options = options;
    this.iterations = iterations;
    this.error = error;
    this.relativeError = relativeError;
    this.history = List.copyOf(history);
    this.converged = converged;
    inputCol = new Param<>(this, "inputCol", "column of pixels: array<float>, array<double> or vector");
    outputCol = new Param<>(this, "outputCol", "column of codes added by transform");
    setDefault(inputCol, "pixels");
    setDefault(outputCol, "code");
  }

  SparkNmfModel withTrainingCodes(JavaRDD<DistributedNmf.Codes> codes) {
    this.trainingCodes = codes;
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** @return the param inputCol */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** @return the param outputCol */
  public Param<String> outputCol() {
    return outputCol;
  }

  /**
   * Sets the input column.
   *
   * @param value the column of pixels
   * @return this
   */
  public SparkNmfModel setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /**
   * Sets the output column.
   *
   * @param value the column of codes
   * @return this
   */
  public SparkNmfModel setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  /**
   * The basis.
   *
   * @return W, pixels × k (a copy)
   */
  public FloatMatrix basis() {
    return FloatMatrix.of(pixels, options().components(), basisValues);
  }

  /**
   * The fit's settings.
   *
   * @return the options
   */
  public NmfOptions options() {
    if (options == null) {
      options = settings.options();
    }
    return options;
  }

  /**
   * The number of iterations the fit ran.
   *
   * @return the iterations
   */
  public int nIter() {
    return iterations;
  }

  /**
   * ‖V − WH‖_F at the end of the fit (scikit-learn's {@code reconstruction_err_}).
   *
   * @return the error
   */
  public double reconstructionErr() {
    return error;
  }

  /**
   * ‖V − WH‖_F / ‖V‖_F at the end of the fit.
   *
   * @return the relative error
   */
  public double relativeError() {
    return relativeError;
  }

  /**
   * The error at the start and every 10 iterations, as core's {@link NmfFit#history()}.
   *
   * @return the history
   */
  public List<NmfFit.ErrorPoint> history() {
    return history;
  }

  /**
   * Whether the fit stopped on its tolerance (always true with tol 0).
   *
   * @return true when converged
   */
  public boolean converged() {
    return converged;
  }

  /**
   * Whether {@link #trainingCodes} is available: a model just fitted, not one loaded.
   *
   * @return true when the fit's codes are held
   */
  public boolean hasTrainingCodes() {
    return trainingCodes != null;
  }

  /**
   * The fit's codes H, one row per training image: {@code index} (its row number in the fitted
   * Dataset) and {@code code} (k floats). Only on a model just fitted.
   *
   * @param spark the session
   * @return a Dataset of (index long, code array&lt;float&gt;)
   * @throws IllegalStateException on a loaded model
   */
  public Dataset<Row> trainingCodes(SparkSession spark) {
    if (trainingCodes == null) {
      throw new IllegalStateException("the training codes are held only by a model just fitted, not a loaded one");
    }
    return codesFrame(spark);
  }

  private Dataset<Row> codesFrame(SparkSession spark) {
    int k = options().components();
    List<Long> starts = new ArrayList<>();
    List<Integer> counts = trainingCodes.map(c -> c.rows).collect();
    long s = 0;
    for (int c : counts) {
      starts.add(s);
      s += c;
    }
    JavaRDD<Row> rows = trainingCodes.mapPartitionsWithIndex((p, it) -> {
      List<Row> out = new ArrayList<>();
      long first = starts.get(p);
      while (it.hasNext()) {
        DistributedNmf.Codes c = it.next();
        for (int j = 0; j < c.rows; j++) {
          float[] code = new float[k];
          for (int t = 0; t < k; t++) {
            code[t] = c.h[t * c.rows + j];
          }
          out.add(RowFactory.create(first + j, code));
        }
      }
      return out.iterator();
    }, true);
    StructType schema = new StructType()
        .add("index", DataTypes.LongType, false)
        .add("code", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * The fit's codes H (k × images) on the driver, for data that fits there.
   *
   * @return H
   * @throws IllegalStateException on a loaded model
   */
  public FloatMatrix trainingCodesMatrix() {
    if (trainingCodes == null) {
      throw new IllegalStateException("the training codes are held only by a model just fitted, not a loaded one");
    }
    int k = options().components();
    List<DistributedNmf.Codes> blocks = trainingCodes.collect();
    int n = blocks.stream().mapToInt(c -> c.rows).sum();
    FloatMatrix h = FloatMatrix.zeros(k, n);
    int at = 0;
    for (DistributedNmf.Codes c : blocks) {
      for (int t = 0; t < k; t++) {
        for (int j = 0; j < c.rows; j++) {
          h.set(t, at + j, c.h[t * c.rows + j]);
        }
      }
      at += c.rows;
    }
    return h;
  }

  static StructType outputSchema(StructType schema, String input, String output) {
    Blocks.checkColumn(schema, input);
    if (Arrays.asList(schema.fieldNames()).contains(output)) {
      throw new BadInputException("outputCol '" + output + "' is already a column of the Dataset");
    }
    return schema.add(new StructField(
        output, DataTypes.createArrayType(DataTypes.FloatType, false), false, Metadata.empty()));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, getOrDefault(inputCol), getOrDefault(outputCol));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    String input = getOrDefault(inputCol);
    int field = Arrays.asList(dataset.schema().fieldNames()).indexOf(input);
    boolean vector = Blocks.checkColumn(dataset.schema(), input);
    NmfOptions o = options();
    Settings settingsCopy = settings;
    int k = o.components();
    int m = pixels;
    float[] basisT = FloatMatrix.of(pixels, k, basisValues).transpose().toArray();
    // mu starts from √(mean(V)/k) with the mean of the whole Dataset, as core's transform.
    float start = 0f;
    if (o.solver() == Solver.MU) {
      double[] sums = dataset.toDF().select(input).javaRDD().map(r -> {
        float[] p = Blocks.pixels(r, 0, vector);
        double s = 0;
        if (p != null) {
          for (float x : p) {
            s += x;
          }
        }
        return new double[] {s, p == null ? 0 : p.length};
      }).fold(new double[2], (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
      start = sums[1] == 0 ? 0f : (float) Math.sqrt(sums[0] / sums[1] / k);
    }
    float h0 = start;
    return dataset.toDF().mapPartitions(
        (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) it -> {
          List<Row> rows = new ArrayList<>();
          it.forEachRemaining(rows::add);
          if (rows.isEmpty()) {
            return rows.iterator();
          }
          int n = rows.size();
          float[] vt = new float[n * m];
          double squaredNorm = 0;
          for (int j = 0; j < n; j++) {
            float[] p = Blocks.pixels(rows.get(j), field, vector);
            if (p == null || p.length != m) {
              throw new BadInputException("transform: a row's " + input + " is "
                  + (p == null ? "null" : "of length " + p.length) + "; the model's basis images have " + m + " pixels");
            }
            for (int i = 0; i < m; i++) {
              float x = p[i];
              if (!(x >= 0) || Float.isInfinite(x)) {
                throw new BadInputException("transform: a row's " + input + " holds " + x
                    + "; NMF needs finite values >= 0");
              }
              squaredNorm += (double) x * x;
            }
            System.arraycopy(p, 0, vt, j * m, m);
          }
          double norm = squaredNorm;
          float[] codes = ExecutionContext.serial().call(() -> codes(settingsCopy.options(), basisT, m, vt, n, h0, norm));
          List<Row> result = new ArrayList<>(n);
          for (int j = 0; j < n; j++) {
            Row r = rows.get(j);
            Object[] values = new Object[r.size() + 1];
            for (int i = 0; i < r.size(); i++) {
              values[i] = r.get(i);
            }
            float[] code = new float[k];
            for (int t = 0; t < k; t++) {
              code[t] = codes[t * n + j];
            }
            values[r.size()] = code;
            result.add(RowFactory.create(values));
          }
          return result.iterator();
        },
        Encoders.row(out));
  }

  /** Core's transform loop on one block of rows: codes only, W fixed. */
  static float[] codes(NmfOptions o, float[] basisT, int m, float[] vtValues, int n, float start, double squaredNorm) {
    int k = o.components();
    FloatMatrix wt = FloatMatrix.of(k, m, basisT);
    FloatMatrix vt = FloatMatrix.of(n, m, vtValues);
    FloatMatrix h = FloatMatrix.zeros(k, n);
    h.fill(start);
    FactorSteps.Codes step = new FactorSteps.Codes(o, m, n);
    step.computeProducts(wt, vt);
    double errorAtInit = Math.sqrt(step.squaredError(squaredNorm, h));
    double previousError = errorAtInit;
    double firstViolation = 0;
    boolean mu = o.solver() == Solver.MU;
    for (int iteration = 1; iteration <= o.maxIterations(); iteration++) {
      double violation = step.update(wt, vt, h, true);
      if (mu && iteration % DistributedNmf.CHECK_EVERY == 0 && o.tol() > 0) {
        double error = Math.sqrt(step.squaredError(squaredNorm, h));
        if ((previousError - error) / errorAtInit < o.tol()) {
          break;
        }
        previousError = error;
      }
      if (!mu) {
        if (iteration == 1) {
          firstViolation = violation;
        }
        if (firstViolation == 0 || violation / firstViolation <= o.tol()) {
          break;
        }
      }
    }
    return h.toArray();
  }

  @Override
  public SparkNmfModel copy(ParamMap extra) {
    SparkNmfModel copy = new SparkNmfModel(uid, basis(), options(), iterations, error, relativeError, history, converged);
    copy.trainingCodes = trainingCodes;
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /**
   * The reader of saved models.
   *
   * @return the reader
   */
  public static MLReader<SparkNmfModel> read() {
    return new Reader();
  }

  /**
   * Loads a saved model.
   *
   * @param path the folder it was saved to
   * @return the model
   */
  public static SparkNmfModel load(String path) {
    return read().load(path);
  }

  /** Saves the Params as Spark's metadata and the basis, settings and history as one Parquet row. */
  private static final class Writer extends MLWriter {
    private final SparkNmfModel model;

    Writer(SparkNmfModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sparkSession());
      NmfOptions o = model.options();
      double[] historyValues = new double[model.history.size() * 3];
      for (int i = 0; i < model.history.size(); i++) {
        NmfFit.ErrorPoint p = model.history.get(i);
        historyValues[3 * i] = p.iteration();
        historyValues[3 * i + 1] = p.error();
        historyValues[3 * i + 2] = p.seconds();
      }
      Row row = RowFactory.create(
          model.pixels, o.components(), model.basisValues, o.solver().name(), o.init() == null ? "" : o.init().name(),
          o.maxIterations(), o.tol(), o.seed(), o.alphaW(), o.alphaH(), o.l1Ratio(), model.iterations, model.error,
          model.relativeError, model.converged, historyValues);
      sparkSession().createDataFrame(List.of(row), dataSchema()).repartition(1).write().parquet(path + "/data");
    }
  }

  private static StructType dataSchema() {
    return new StructType()
        .add("pixels", DataTypes.IntegerType).add("k", DataTypes.IntegerType)
        .add("basis", DataTypes.createArrayType(DataTypes.FloatType, false))
        .add("solver", DataTypes.StringType).add("init", DataTypes.StringType)
        .add("maxIter", DataTypes.IntegerType).add("tol", DataTypes.DoubleType).add("seed", DataTypes.LongType)
        .add("alphaW", DataTypes.DoubleType).add("alphaH", DataTypes.DoubleType).add("l1Ratio", DataTypes.DoubleType)
        .add("nIter", DataTypes.IntegerType).add("error", DataTypes.DoubleType)
        .add("relativeError", DataTypes.DoubleType).add("converged", DataTypes.BooleanType)
        .add("history", DataTypes.createArrayType(DataTypes.DoubleType, false));
  }

  private static final class Reader extends MLReader<SparkNmfModel> {
    @Override
    public SparkNmfModel load(String path) {
      DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sparkSession(), SparkNmfModel.class.getName());
      Row r = sparkSession().read().parquet(path + "/data").first();
      int pixels = r.getInt(0);
      int k = r.getInt(1);
      List<Object> basisList = r.getList(2);
      float[] basis = new float[basisList.size()];
      for (int i = 0; i < basis.length; i++) {
        basis[i] = ((Number) basisList.get(i)).floatValue();
      }
      String init = r.getString(4);
      NmfOptions o = new NmfOptions(
          k, Solver.valueOf(r.getString(3)), BetaLoss.FROBENIUS, init.isEmpty() ? null : InitMethod.valueOf(init),
          r.getInt(5), r.getDouble(6), r.getLong(7), r.getDouble(8), r.getDouble(9), r.getDouble(10), false, false);
      List<Object> h = r.getList(15);
      List<NmfFit.ErrorPoint> history = new ArrayList<>();
      for (int i = 0; i + 2 < h.size(); i += 3) {
        history.add(new NmfFit.ErrorPoint(
            (int) (double) (Double) h.get(i), (Double) h.get(i + 1), (Double) h.get(i + 2)));
      }
      SparkNmfModel model = new SparkNmfModel(
          meta.uid(), FloatMatrix.of(pixels, k, basis), o, r.getInt(11), r.getDouble(12), r.getDouble(13), history,
          r.getBoolean(14));
      meta.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }
}
