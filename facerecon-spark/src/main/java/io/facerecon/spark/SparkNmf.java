package io.facerecon.spark;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.BetaLoss;
import io.facerecon.nmf.InitMethod;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nmf.Solver;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Non-negative matrix factorisation V ≈ W·H as a Spark ML {@link Estimator}, with the numbers of
 * facerecon-core's {@link io.facerecon.nmf.Nmf} (scikit-learn's {@code NMF}): each row of the input
 * column is one image (an {@code array<float>}, {@code array<double>} or ML {@code Vector} of its
 * pixels), V is pixels × images, W (pixels × k) the basis and H (k × images) the codes.
 *
 * <h2>The distributed scheme</h2>
 *
 * The 1-D case of MPI-FAUN (R. Kannan, G. Ballard and H. Park, "MPI-FAUN: An MPI-Based Framework
 * for Alternating-Updating Nonnegative Matrix Factorization", IEEE Transactions on Knowledge and
 * Data Engineering 30(3), 2018): V is partitioned by images, V = [V_1 … V_P], and each partition p
 * keeps its columns V_p (pixels × n_p) and their codes H_p (k × n_p) cached on its executor; neither
 * ever leaves it. W is small and is broadcast. One iteration:
 *
 * <pre>
 * on each partition:  A_p = Wᵀ·V_p (k × n_p),  S = Wᵀ·W (k × k)
 *                     H_p ← H_p ⊙ A_p ⊘ (S·H_p + l1_H + l2_H·H_p)                       (mu)
 *                     h_t ← max(0, h_t + (A_p,t − S_t·H_p − l1_H − l2_H·h_t) / (S_tt + l2_H))  (hals, t = 1…k)
 *                     P_p = H_p·V_pᵀ (k × pixels, computed as V_p·H_pᵀ),  G_p = H_p·H_pᵀ (k × k)
 * one ordered sum:   P = Σ_p P_p,  G = Σ_p G_p           (in partition order: the same bits run after run)
 * on the driver:      Wᵀ ← Wᵀ ⊙ P ⊘ (G·Wᵀ + l1_W + l2_W·Wᵀ)                              (mu)
 *                     w_t ← max(0, w_t + (P_t − G_t·Wᵀ − l1_W − l2_W·w_t) / (G_tt + l2_W))    (hals)
 *                     ‖V − WH‖²_F = ‖V‖²_F − 2⟨Wᵀ, P⟩ + ⟨G, Wᵀ·W⟩
 *                     broadcast W
 * </pre>
 *
 * The penalties are scikit-learn's: {@code l1_H = alphaH·l1Ratio·pixels},
 * {@code l2_H = alphaH·(1 − l1Ratio)·pixels}, {@code l1_W = alphaW·l1Ratio·images},
 * {@code l2_W = alphaW·(1 − l1Ratio)·images}. Per iteration a partition does
 * 4·k·pixels·n_p + O(k²·n_p) flops and sends k·(pixels + k) float32 numbers, independent of n_p;
 * the driver does O(k²·pixels) and broadcasts k·pixels. An iteration is one Spark job of one stage
 * (while the partitions are few enough for a one-level tree). The error needs no pass over V: it
 * comes from the same aggregates, and the error at the start from the first iteration's products
 * (⟨H₀, W₀ᵀV⟩ and H₀·H₀ᵀ, sent once more at that iteration), so scikit-learn's stopping
 * ({@code tol}, {@code maxIter}; mu tests the error every 10 iterations, hals the projected
 * gradient every iteration) costs nothing extra. The
 * per-partition updates are facerecon-core's own ({@link io.facerecon.nmf.FactorSteps}), so W, H
 * and the error history equal {@link io.facerecon.nmf.Nmf}'s from the same start up to the order
 * of the sums over partitions. Only the Frobenius loss: a β-divergence's basis update needs
 * (V ⊘ WH)·Hᵀ-like products, which a partition could add up too, but its error needs a pass over V.
 *
 * <h2>Memory and failures</h2>
 *
 * A partition's images are read once, straight from Spark's rows into one float32 block off the
 * Java heap (4·pixels·n_p bytes, at most 2 GB), and cached at {@code storageLevel}; with a
 * {@code _SER} level the cache holds them serialised (on the heap or on disk) and each iteration
 * reads a partition's block back into one off-heap buffer, so data larger than the executors'
 * memory is fitted from disk. H_p stays cached as well (4·k·n_p bytes). The cached images and the
 * codes are local checkpoints (their lineage is cut: tasks then carry no rows, even for a Dataset
 * made from rows on the driver), so an executor lost during a fit fails the fit.
 *
 * <h2>Initialisation</h2>
 *
 * {@code random}: W from {@code seed}, each image's code from {@code seed} and the image's index
 * (row number in the Dataset), scaled by √(mean(V)/k), so the start does not depend on the
 * partitioning (it is not core's draw). {@code nndsvd} / {@code nndsvda}: Boutsidis and
 * Gallopoulos's NNDSVD from a distributed randomised SVD (range finder with power iterations, each
 * one ordered sum of V_p·(V_pᵀ·Q)). {@code custom}: the factors given to
 * {@link #setInitialFactors}.
 */
public final class SparkNmf extends Estimator<SparkNmfModel> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private transient FloatMatrix initialBasis;
  private transient FloatMatrix initialCodes;

  /** k, the number of basis images. */
  public final IntParam k;
  /** "mu" or "hals". */
  public final Param<String> solver;
  /** "random", "nndsvda", "nndsvd" or "custom". */
  public final Param<String> init;
  /** Iteration limit. */
  public final IntParam maxIter;
  /** Stopping tolerance; 0 runs all iterations. */
  public final DoubleParam tol;
  /** Seed of the random choices. */
  public final LongParam seed;
  /** Regularisation of the basis W. */
  public final DoubleParam alphaW;
  /** Regularisation of the codes H; NaN means the same as alphaW. */
  public final DoubleParam alphaH;
  /** Share of L1 in the regularisation. */
  public final DoubleParam l1Ratio;
  /** The column of pixels. */
  public final Param<String> inputCol;
  /** The column of codes that the model's transform adds. */
  public final Param<String> outputCol;
  /** Storage level of the cached images, e.g. MEMORY_AND_DISK_SER for more than the memory holds. */
  public final Param<String> storageLevel;
  /** Depth of the tree aggregation of the basis products. */
  public final IntParam aggregationDepth;

  /** A SparkNmf with a random uid and the defaults (k 30, mu, nndsvda, 200 iterations, tol 1e-4). */
  public SparkNmf() {
    this(Identifiable.randomUID("sparkNmf"));
  }

  /**
   * A SparkNmf with this uid and the defaults.
   *
   * @param uid the uid
   */
  public SparkNmf(String uid) {
    this.uid = uid;
    k = new IntParam(this, "k", "number of basis images (>= 1)");
    solver = new Param<>(this, "solver", "mu (multiplicative updates) or hals (coordinate descent)");
    init = new Param<>(this, "init", "random, nndsvda, nndsvd or custom");
    maxIter = new IntParam(this, "maxIter", "iteration limit (>= 1)");
    tol = new DoubleParam(this, "tol", "stopping tolerance (>= 0)");
    seed = new LongParam(this, "seed", "seed of the random choices");
    alphaW = new DoubleParam(this, "alphaW", "regularisation of the basis W (>= 0)");
    alphaH = new DoubleParam(this, "alphaH", "regularisation of the codes H (>= 0; NaN: the same as alphaW)");
    l1Ratio = new DoubleParam(this, "l1Ratio", "share of L1 in the regularisation, in [0, 1]");
    inputCol = new Param<>(this, "inputCol", "column of pixels: array<float>, array<double> or vector");
    outputCol = new Param<>(this, "outputCol", "column of codes added by transform");
    storageLevel = new Param<>(this, "storageLevel", "storage level of the cached images");
    aggregationDepth = new IntParam(this, "aggregationDepth", "depth of the tree aggregation (>= 1)");
    setDefault(k, 30);
    setDefault(solver, "mu");
    setDefault(init, "nndsvda");
    setDefault(maxIter, 200);
    setDefault(tol, 1e-4);
    setDefault(seed, 0L);
    setDefault(alphaW, 0.0);
    setDefault(alphaH, Double.NaN);
    setDefault(l1Ratio, 0.0);
    setDefault(inputCol, "pixels");
    setDefault(outputCol, "code");
    setDefault(storageLevel, "MEMORY_AND_DISK");
    setDefault(aggregationDepth, 2);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** @return the param k */
  public IntParam k() {
    return k;
  }

  /** @return the param solver */
  public Param<String> solver() {
    return solver;
  }

  /** @return the param init */
  public Param<String> init() {
    return init;
  }

  /** @return the param maxIter */
  public IntParam maxIter() {
    return maxIter;
  }

  /** @return the param tol */
  public DoubleParam tol() {
    return tol;
  }

  /** @return the param seed */
  public LongParam seed() {
    return seed;
  }

  /** @return the param alphaW */
  public DoubleParam alphaW() {
    return alphaW;
  }

  /** @return the param alphaH */
  public DoubleParam alphaH() {
    return alphaH;
  }

  /** @return the param l1Ratio */
  public DoubleParam l1Ratio() {
    return l1Ratio;
  }

  /** @return the param inputCol */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** @return the param outputCol */
  public Param<String> outputCol() {
    return outputCol;
  }

  /** @return the param storageLevel */
  public Param<String> storageLevel() {
    return storageLevel;
  }

  /** @return the param aggregationDepth */
  public IntParam aggregationDepth() {
    return aggregationDepth;
  }

  /**
   * Sets k.
   *
   * @param value the number of basis images
   * @return this
   */
  public SparkNmf setK(int value) {
    set(k, value);
    return this;
  }

  /**
   * Sets the solver.
   *
   * @param value "mu" or "hals"
   * @return this
   */
  public SparkNmf setSolver(String value) {
    set(solver, value);
    return this;
  }

  /**
   * Sets the initialisation.
   *
   * @param value "random", "nndsvda", "nndsvd" or "custom"
   * @return this
   */
  public SparkNmf setInit(String value) {
    set(init, value);
    return this;
  }

  /**
   * Sets the iteration limit.
   *
   * @param value at least 1
   * @return this
   */
  public SparkNmf setMaxIter(int value) {
    set(maxIter, value);
    return this;
  }

  /**
   * Sets the stopping tolerance.
   *
   * @param value at least 0
   * @return this
   */
  public SparkNmf setTol(double value) {
    set(tol, value);
    return this;
  }

  /**
   * Sets the seed.
   *
   * @param value the seed
   * @return this
   */
  public SparkNmf setSeed(long value) {
    set(seed, value);
    return this;
  }

  /**
   * Sets the basis's regularisation.
   *
   * @param value at least 0
   * @return this
   */
  public SparkNmf setAlphaW(double value) {
    set(alphaW, value);
    return this;
  }

  /**
   * Sets the codes' regularisation.
   *
   * @param value at least 0, or NaN for the same as alphaW
   * @return this
   */
  public SparkNmf setAlphaH(double value) {
    set(alphaH, value);
    return this;
  }

  /**
   * Sets the share of L1.
   *
   * @param value in [0, 1]
   * @return this
   */
  public SparkNmf setL1Ratio(double value) {
    set(l1Ratio, value);
    return this;
  }

  /**
   * Sets the input column.
   *
   * @param value the column of pixels
   * @return this
   */
  public SparkNmf setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /**
   * Sets the output column.
   *
   * @param value the column of codes
   * @return this
   */
  public SparkNmf setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  /**
   * Sets the storage level of the cached images.
   *
   * @param value a {@link StorageLevel} name, e.g. MEMORY_AND_DISK_SER
   * @return this
   */
  public SparkNmf setStorageLevel(String value) {
    set(storageLevel, value);
    return this;
  }

  /**
   * Sets the depth of the tree aggregation.
   *
   * @param value at least 1
   * @return this
   */
  public SparkNmf setAggregationDepth(int value) {
    set(aggregationDepth, value);
    return this;
  }

  /**
   * The starting factors of init "custom" (not saved with the estimator).
   *
   * @param w0 W₀, pixels × k, finite, non-negative, not all zero
   * @param h0 H₀, k × images (in the Dataset's row order), finite, non-negative, not all zero
   * @return this
   */
  public SparkNmf setInitialFactors(FloatMatrix w0, FloatMatrix h0) {
    this.initialBasis = w0;
    this.initialCodes = h0;
    return this;
  }

  /**
   * The settings as facerecon-core's options, each checked and named as the Param.
   *
   * @return the options
   * @throws BadInputException if a setting is out of range
   */
  public NmfOptions options() {
    Solver s =
        switch (getOrDefault(solver).toLowerCase(Locale.ROOT)) {
          case "mu" -> Solver.MU;
          case "hals", "cd" -> Solver.CD;
          default -> throw new BadInputException("solver must be mu or hals, got '" + getOrDefault(solver) + "'");
        };
    InitMethod i =
        switch (getOrDefault(init).toLowerCase(Locale.ROOT)) {
          case "random" -> InitMethod.RANDOM;
          case "nndsvda" -> InitMethod.NNDSVDA;
          case "nndsvd" -> InitMethod.NNDSVD;
          case "custom" -> InitMethod.CUSTOM;
          default -> throw new BadInputException(
              "init must be random, nndsvda, nndsvd or custom, got '" + getOrDefault(init) + "'");
        };
    if ((Integer) getOrDefault(aggregationDepth) < 1) {
      throw new BadInputException("aggregationDepth must be >= 1, got " + getOrDefault(aggregationDepth));
    }
    try {
      StorageLevel.fromString(getOrDefault(storageLevel));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("storageLevel '" + getOrDefault(storageLevel) + "' is not a Spark storage level");
    }
    return new NmfOptions(
        (Integer) getOrDefault(k), s, BetaLoss.FROBENIUS, i, (Integer) getOrDefault(maxIter),
        (Double) getOrDefault(tol), (Long) getOrDefault(seed), (Double) getOrDefault(alphaW),
        (Double) getOrDefault(alphaH), (Double) getOrDefault(l1Ratio), false, false);
  }

  @Override
  public SparkNmfModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    NmfOptions o = options();
    DistributedNmf.Result r =
        new DistributedNmf(
                o, getOrDefault(inputCol), StorageLevel.fromString(getOrDefault(storageLevel)),
                (Integer) getOrDefault(aggregationDepth))
            .fit(dataset, initialBasis, initialCodes);
    SparkNmfModel model =
        new SparkNmfModel(uid, r.basis(), o, r.iterations(), r.error(), r.relativeError(), r.history(), r.converged())
            .withTrainingCodes(r.codes());
    model.set(model.inputCol(), getOrDefault(inputCol));
    model.set(model.outputCol(), getOrDefault(outputCol));
    return model.setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return SparkNmfModel.outputSchema(schema, getOrDefault(inputCol), getOrDefault(outputCol));
  }

  @Override
  public SparkNmf copy(ParamMap extra) {
    SparkNmf copy = defaultCopy(extra);
    copy.initialBasis = initialBasis;
    copy.initialCodes = initialCodes;
    return copy;
  }

  /**
   * The reader of saved estimators.
   *
   * @return the reader
   */
  public static MLReader<SparkNmf> read() {
    return new DefaultParamsReader<>();
  }

  /**
   * Loads a saved estimator.
   *
   * @param path the folder it was saved to
   * @return the estimator
   */
  public static SparkNmf load(String path) {
    return read().load(path);
  }
}
