package io.facerecon.nmf;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import io.facerecon.linalg.ParallelGemm;

/**
 * One half of an NMF iteration: updates a factor B (k × c) while the other, A (k × r), stays
 * fixed. Both halves have the same shape of problem: the data D (c × r) is approximated by
 * BᵀA, so the codes use D = Vᵀ, A = Wᵀ, B = H and the basis uses D = V, A = H, B = Wᵀ.
 *
 * <p>The codes are handed Vᵀ, their D. The basis is handed V, its D, when {@link NmfData} holds it,
 * else Vᵀ, that is Dᵀ ({@link #dataTransposed}), whose products then read it transposed.
 *
 * <p>Holds its buffers for the whole fit; nothing is allocated per iteration.
 */
abstract class FactorUpdate {
  /** scikit-learn's EPSILON: float32's machine epsilon, also used for float64 data. */
  static final float EPSILON = Math.ulp(1f);
  /** float64's machine epsilon (2.2e-16) as a float: the updates set values below it to 0 where scikit-learn does. */
  static final float FLOAT64_EPSILON = (float) Math.ulp(1.0);
  /** Relative size of the last inner change at which accelerated updates stop. */
  private static final double INNER_STOP = 0.1;
  /**
   * Share of a data product's flops that accelerated inner updates may spend: Gillis and Glineur
   * use 0.5, but our inner updates run at a fraction of GEMM's speed per flop.
   */
  private static final double INNER_BUDGET = 0.1;
  /**
   * Components from which {@link #timesTransposed} has OpenBLAS compute a numerator our kernels do
   * not take in its k × c layout: faster at 50, 100 and 200 components on LFW's faces; smaller k
   * keep the c × k product and its transpose, and their sums' order.
   */
  private static final int UNTRANSPOSED_MIN_K = 48;
  /** Rows of the c × k product per thread below which {@link #timesTransposed} transposes on one. */
  private static final int TRANSPOSE_MIN_ROWS = 256;

  final int k;
  final int c;
  final Side side;
  /** True when the data arrives as Dᵀ (r × c) rather than D (c × r). */
  final boolean dataTransposed;
  final Penalty penalty;
  /** A·Dᵀ (k × c), unpenalised. */
  final FloatMatrix numerator;
  /** A·Aᵀ (k × k), unpenalised. */
  final FloatMatrix gram;
  private final FloatMatrix bbt;
  /**
   * The c × k product and the arrays its transpose passes through ({@link #timesTransposed}): made
   * on first use, so that fits whose numerators need no transpose (many components) hold none.
   */
  private FloatMatrix transposedScratch;
  private float[] scratchValues;
  private float[] transposedValues;
  /** The most inner updates per data product when accelerated; 1 otherwise. */
  final int maxInner;

  FactorUpdate(int k, int r, int c, Side side, boolean dataTransposed, Penalty penalty, boolean accelerated) {
    this.k = k;
    this.c = c;
    this.side = side;
    this.dataTransposed = dataTransposed;
    this.penalty = penalty;
    this.numerator = FloatMatrix.zeros(k, c);
    this.gram = FloatMatrix.zeros(k, k);
    this.bbt = FloatMatrix.zeros(k, k);
    // Gillis and Glineur's rho: the cost of the data product over that of one inner update.
    double rho = 1 + ((double) c * r + (double) r * k) / ((double) c * k + c);
    this.maxInner = accelerated ? 1 + (int) Math.floor(INNER_BUDGET * rho) : 1;
  }

  /** Recomputes A·Dᵀ and A·Aᵀ from the data as handed ({@code d} is D or Dᵀ, see above). */
  void computeProducts(FloatMatrix a, FloatMatrix d) {
    timesTransposed(d, dataTransposed, a, numerator);
    Blas.gemm(false, true, 1f, a, a, 0f, gram);
  }

  /**
   * {@code result (k × c) = a · xᵀ} for x (c × r), or given as xᵀ (r × c) when {@code
   * transposed}. When our narrow-product kernels take it, it is computed in their shape, x·aᵀ
   * (c × k), split by rows across threads ({@link Blas#gemm}, or {@link
   * ParallelGemm#transposedRows} from xᵀ), then transposed, also split by rows: on one thread, the
   * others waiting, the transpose took more of an MU iteration than any other step besides the
   * products. Otherwise, from {@link #UNTRANSPOSED_MIN_K} components, OpenBLAS computes a·xᵀ in the
   * result's own layout, split by columns ({@link ParallelGemm#columns}), and nothing is transposed.
   */
  final void timesTransposed(FloatMatrix x, boolean transposed, FloatMatrix a, FloatMatrix result) {
    if (k >= UNTRANSPOSED_MIN_K && !Blas.ownKernelTakes(transposed, c, k, a.cols())) {
      ParallelGemm.columns(a, !transposed, x, result);
      return;
    }
    if (transposedScratch == null) {
      transposedScratch = FloatMatrix.zeros(c, k);
      scratchValues = new float[c * k];
      transposedValues = new float[k * c];
    }
    if (transposed) {
      ParallelGemm.transposedRows(x, true, a, transposedScratch);
    } else {
      Blas.gemm(false, true, 1f, x, a, 0f, transposedScratch);
    }
    Parallel.forRange(
        c,
        TRANSPOSE_MIN_ROWS,
        (from, to) -> {
          int rows = to - from;
          transposedScratch.buffer().get(transposedScratch.offset() + from * k, scratchValues, from * k, rows * k);
          for (int i = from; i < to; i++) {
            for (int t = 0; t < k; t++) {
              transposedValues[t * c + i] = scratchValues[i * k + t];
            }
          }
          for (int t = 0; t < k; t++) {
            result.buffer().put(result.offset() + t * c + from, transposedValues, t * c + from, rows);
          }
        });
  }

  /** {@code dst (cols × rows) = srcᵀ} for {@code src} (rows × cols), both row-major. */
  static void transpose(float[] src, int rows, int cols, float[] dst) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        dst[j * rows + i] = src[i * cols + j];
      }
    }
  }

  /**
   * Updates {@code b} in place.
   *
   * @param productsValid true when A and D are those of the previous call (a transform), so their
   *     products can be reused
   * @return the projected-gradient violation of the first sweep (coordinate descent), else 0
   */
  abstract double update(FloatMatrix a, FloatMatrix d, FloatMatrix b, boolean productsValid);

  /** Runs inner updates until the change is small against the first one or the budget is spent. */
  final double innerLoop(InnerStep step) {
    double first = step.run(0);
    if (maxInner == 1) {
      return first;
    }
    double firstChange = step.lastChange();
    for (int i = 1; i < maxInner; i++) {
      step.run(i);
      if (step.lastChange() <= INNER_STOP * INNER_STOP * firstChange) {
        break;
      }
    }
    return first;
  }

  /** One inner update of B with the products fixed. */
  interface InnerStep {
    /** Runs the {@code index}-th inner update; returns its violation (or 0). */
    double run(int index);

    /** ‖ΔB‖²_F of the last run. */
    double lastChange();
  }

  /**
   * ‖D − BᵀA‖²_F from the products of the last update, without touching the data:
   * ‖D‖² − 2⟨B, A·Dᵀ⟩ + ⟨A·Aᵀ, B·Bᵀ⟩ (summed in double).
   */
  double squaredError(double squaredNormD, FloatMatrix b) {
    Blas.gemm(false, true, 1f, b, b, 0f, bbt);
    double cross = dot(b, numerator);
    double quad = dot(gram, bbt);
    return Math.max(0, squaredNormD - 2 * cross + quad);
  }

  private static double dot(FloatMatrix x, FloatMatrix y) {
    int n = x.size();
    return Parallel.sum(
        n,
        1 << 14,
        (from, to) -> {
          double s = 0;
          for (int i = from; i < to; i++) {
            s += (double) x.get(i) * y.get(i);
          }
          return s;
        });
  }

  /** Copies a matrix's elements into {@code dst} (bulk, no per-element calls). */
  static void load(FloatMatrix m, float[] dst) {
    m.buffer().get(m.offset(), dst, 0, m.size());
  }

  /** Copies {@code src} into a matrix's elements. */
  static void store(float[] src, FloatMatrix m) {
    m.buffer().put(m.offset(), src, 0, m.size());
  }
}
