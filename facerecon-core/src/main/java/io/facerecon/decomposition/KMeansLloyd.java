package io.facerecon.decomposition;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import io.facerecon.linalg.VectorSupport;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Lloyd's algorithm on one data set, step for step as scikit-learn 1.2's {@code
 * _kmeans_single_lloyd} and its Cython kernels, in float32.
 *
 * <p><b>E-step</b> (assignment): ℓ(i) = argmin_j ‖c_j‖² − 2·x_i·c_j (‖x_i‖² is the same for every
 * j), the first j on ties. The products x_i·c_j are one GEMM ({@link Blas#gemm}) per block of
 * 512 images, −2·X_B·Cᵀ added onto rows of ‖c‖², and each block's argmins and centre sums follow
 * while the block is still in cache: one pass over the data per step.
 *
 * <p><b>M-step</b> (update): s_j = Σ_{ℓ(i)=j} x_i, w_j = |{i : ℓ(i) = j}|; empty clusters are
 * relocated (below); then c_j ← s_j · fl(1/w_j) for w_j &gt; 0 (scikit-learn multiplies by the
 * rounded reciprocal); a cluster left empty keeps s_j. Centre shift δ_j = ‖c_j^new − c_j^old‖.
 *
 * <p><b>Empty clusters</b> ({@code _relocate_empty_clusters_dense}): the m empty clusters take the
 * m points farthest from their centres, ‖x_i − c_ℓ(i)^old‖², in the order NumPy's argpartition
 * leaves them ({@link KMeansArgPartition}); each such point moves out of its cluster's sum and
 * count into the empty cluster's (its label is not changed).
 *
 * <p><b>Stopping</b>: after the step that makes the labels equal the previous step's (strict
 * convergence), or when Σ_j δ_j² ≤ tol (summed as NumPy sums float32), or after {@code maxIter}
 * steps; unless strict, one more E-step makes the labels those of the final centres. Inertia
 * Σ_i ‖x_i − c_ℓ(i)‖².
 *
 * <p><b>Threads and rounding</b>: as scikit-learn, the images are cut into chunks of 256 rows,
 * dealt to T threads as OpenMP's static schedule deals them (thread t takes ⌊C/T⌋ consecutive
 * chunks, one more when t &lt; C mod T); each thread sums its points into its own float32 s and w,
 * which are then added in thread order; the inertia is summed likewise, the images (not chunks)
 * dealt statically. So with scikit-learn's thread count, every float32 sum is added in its order.
 * T is the thread count of the {@link io.facerecon.linalg.ExecutionContext}, at most C.
 *
 * <p>Memory: per thread a block of 512 × k distances and k × p centre sums; nothing of the size
 * of the data besides the data.
 */
final class KMeansLloyd {
  /** scikit-learn's {@code CHUNK_SIZE}: images per chunk, the unit the threads are dealt. */
  static final int CHUNK_ROWS = 256;
  /**
   * Images per GEMM block (two chunks): few enough that the block is still in cache when its rows
   * are summed, enough that the GEMM's per-call packing of the centres stays small.
   */
  static final int BLOCK_ROWS = 2 * CHUNK_ROWS;

  private final FloatMatrix x;
  private final int n;
  private final int p;
  private final int k;
  private final int chunks;
  private Workspace[] workspaces = new Workspace[0];

  /** The outcome of one run: final centres, labels, inertia and the number of steps. */
  record Run(FloatMatrix centers, int[] labels, float inertia, int iterations) {}

  /**
   * Lloyd's algorithm on {@code x}.
   *
   * @param x images × pixels, read in place
   * @param k the number of clusters
   */
  KMeansLloyd(FloatMatrix x, int k) {
    this.x = x;
    this.n = x.rows();
    this.p = x.cols();
    this.k = k;
    this.chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
  }

  /**
   * Runs Lloyd's algorithm from {@code initialCenters} (not modified).
   *
   * @param initialCenters k × p
   * @param maxIter the step limit
   * @param tol the absolute tolerance on Σ_j δ_j² (scikit-learn's scaled {@code tol})
   * @return the run's result
   */
  Run run(FloatMatrix initialCenters, int maxIter, double tol) {
    FloatMatrix centers = initialCenters.copy();
    FloatMatrix centersNew = FloatMatrix.zeros(k, p);
    int[] labels = new int[n];
    int[] labelsOld = new int[n];
    Arrays.fill(labels, -1);
    Arrays.fill(labelsOld, -1);
    float[] shift = new float[k];
    boolean strict = false;
    int i = 0;
    for (; i < maxIter; i++) {
      step(centers, centersNew, labels, shift);
      FloatMatrix swap = centers;
      centers = centersNew;
      centersNew = swap;
      if (Arrays.equals(labels, labelsOld)) {
        strict = true;
        break;
      }
      for (int j = 0; j < k; j++) {
        shift[j] *= shift[j];
      }
      if (KMeansFloat32.sum(shift, 0, k) <= tol) {
        break;
      }
      System.arraycopy(labels, 0, labelsOld, 0, n);
    }
    if (!strict) {
      assign(centers, labels);
    }
    return new Run(centers, labels, inertia(centers, labels), Math.min(i + 1, maxIter));
  }

  /**
   * The E-step alone: the label of each image's nearest centre.
   *
   * @param centers k × p
   * @param labels n labels, overwritten
   */
  void assign(FloatMatrix centers, int[] labels) {
    pass(centers, labels, false);
  }

  /**
   * One E-step and M-step: labels from {@code centers}, the new centres into {@code centersNew}
   * and each centre's shift into {@code shift}.
   */
  private void step(FloatMatrix centers, FloatMatrix centersNew, int[] labels, float[] shift) {
    int threads = pass(centers, labels, true);
    float[] sums = new float[k * p];
    float[] weights = new float[k];
    for (int t = 0; t < threads; t++) {
      Workspace w = workspaces[t];
      for (int e = 0; e < sums.length; e++) {
        sums[e] += w.sums[e];
      }
      for (int j = 0; j < k; j++) {
        weights[j] += w.weights[j];
      }
    }
    relocateEmptyClusters(centers, labels, sums, weights);
    float[] oldRow = new float[p];
    for (int j = 0; j < k; j++) {
      if (weights[j] > 0) {
        float alpha = (float) (1.0 / weights[j]);
        for (int c = 0; c < p; c++) {
          sums[j * p + c] *= alpha;
        }
      }
      centersNew.buffer().put(centersNew.offset() + j * p, sums, j * p, p);
      centers.buffer().get(centers.offset() + j * p, oldRow);
      shift[j] = (float) Math.sqrt(KMeansFloat32.squaredDistance(sums, j * p, oldRow, 0, p));
    }
  }

  /**
   * Labels every image by its nearest centre, each thread over its chunks; with {@code update}
   * each thread also sums its points per cluster into its workspace.
   *
   * @return the number of threads used
   */
  private int pass(FloatMatrix centers, int[] labels, boolean update) {
    float[] centerNorms = new float[k];
    float[] row = new float[p];
    for (int j = 0; j < k; j++) {
      centers.buffer().get(centers.offset() + j * p, row);
      centerNorms[j] = KMeansFloat32.squaredNorm(row, 0, p);
    }
    int threads = Math.max(1, Math.min(Parallel.threads(), chunks));
    ensureWorkspaces(threads);
    Parallel.forRange(threads, 1, (from, to) -> {
      for (int t = from; t < to; t++) {
        int[] range = staticShare(chunks, threads, t);
        workspaces[t].pass(range[0], range[1], centers, centerNorms, labels, update);
      }
    });
    return threads;
  }

  /**
   * The inertia Σ_i ‖x_i − c_ℓ(i)‖² in float32, as scikit-learn's {@code _inertia_dense} sums it.
   *
   * @param centers k × p
   * @param labels the label of each image
   * @return the inertia
   */
  float inertia(FloatMatrix centers, int[] labels) {
    float[] c = centers.toArray();
    int threads = Math.max(1, Math.min(Parallel.threads(), n));
    float[] partial = new float[threads];
    Parallel.forRange(threads, 1, (from, to) -> {
      float[] row = new float[p];
      for (int t = from; t < to; t++) {
        int[] range = staticShare(n, threads, t);
        float s = 0f;
        for (int i = range[0]; i < range[1]; i++) {
          x.buffer().get(x.offset() + i * p, row);
          s += KMeansFloat32.squaredDistance(row, 0, c, labels[i] * p, p);
        }
        partial[t] = s;
      }
    });
    float total = 0f;
    for (float s : partial) {
      total += s;
    }
    return total;
  }

  /**
   * Gives each empty cluster (w_j = 0) one of the points farthest from their centres, moving the
   * point's values and weight out of its own cluster's sum.
   */
  private void relocateEmptyClusters(FloatMatrix centers, int[] labels, float[] sums, float[] weights) {
    int[] empty = IntStream.range(0, k).filter(j -> weights[j] == 0).toArray();
    if (empty.length == 0) {
      return;
    }
    float[] c = centers.toArray();
    float[] distances = new float[n];
    float[] row = new float[p];
    float[] squares = new float[p];
    for (int i = 0; i < n; i++) {
      x.buffer().get(x.offset() + i * p, row);
      for (int col = 0; col < p; col++) {
        float d = row[col] - c[labels[i] * p + col];
        squares[col] = d * d;
      }
      distances[i] = KMeansFloat32.sum(squares, 0, p);
    }
    int[] far = KMeansArgPartition.largest(distances, empty.length);
    for (int e = 0; e < empty.length; e++) {
      int j = empty[e];
      int point = far[e];
      int from = labels[point];
      x.buffer().get(x.offset() + point * p, row);
      for (int col = 0; col < p; col++) {
        sums[from * p + col] -= row[col];
        sums[j * p + col] = row[col];
      }
      weights[j] = 1f;
      weights[from] -= 1f;
    }
  }

  /** sums[base + c] += row[c], with SIMD when the JVM has the Vector API. */
  private static void addRow(float[] row, float[] sums, int base) {
    if (VectorSupport.AVAILABLE) {
      KMeansSimd.add(row, sums, base);
      return;
    }
    for (int c = 0; c < row.length; c++) {
      sums[base + c] += row[c];
    }
  }

  /** OpenMP's static share of {@code count} iterations for thread t of T: [start, end). */
  static int[] staticShare(int count, int threads, int t) {
    int q = count / threads;
    int r = count % threads;
    int start = t * q + Math.min(t, r);
    return new int[] {start, start + q + (t < r ? 1 : 0)};
  }

  private void ensureWorkspaces(int threads) {
    if (workspaces.length < threads) {
      Workspace[] grown = Arrays.copyOf(workspaces, threads);
      for (int t = workspaces.length; t < threads; t++) {
        grown[t] = new Workspace();
      }
      workspaces = grown;
    }
  }

  /** One thread's buffers, kept across steps. */
  private final class Workspace {
    final FloatMatrix distances = FloatMatrix.zeros(BLOCK_ROWS, k);
    final float[] sums = new float[k * p];
    final float[] weights = new float[k];
    final float[] row = new float[p];

    /** Labels (and with {@code update} sums) chunks [from, to), a block of rows at a time. */
    void pass(int from, int to, FloatMatrix centers, float[] centerNorms, int[] labels, boolean update) {
      if (update) {
        Arrays.fill(sums, 0f);
        Arrays.fill(weights, 0f);
      }
      int end = Math.min(n, to * CHUNK_ROWS);
      for (int start = from * CHUNK_ROWS; start < end; start += BLOCK_ROWS) {
        int rows = Math.min(BLOCK_ROWS, end - start);
        FloatMatrix d = distances.rowRange(0, rows);
        for (int i = 0; i < rows; i++) {
          d.buffer().put(d.offset() + i * k, centerNorms);
        }
        Blas.gemm(false, true, -2f, x.rowRange(start, start + rows), centers, 1f, d);
        for (int i = 0; i < rows; i++) {
          int label = nearest(d, i);
          labels[start + i] = label;
          if (update) {
            weights[label] += 1f;
            x.buffer().get(x.offset() + (start + i) * p, row);
            addRow(row, sums, label * p);
          }
        }
      }
    }

    /** The first column of row i of d holding its minimum. */
    private int nearest(FloatMatrix d, int i) {
      int base = d.offset() + i * k;
      float min = d.buffer().get(base);
      int label = 0;
      for (int j = 1; j < k; j++) {
        float v = d.buffer().get(base + j);
        if (v < min) {
          min = v;
          label = j;
        }
      }
      return label;
    }
  }
}
