package io.facerecon.nn;

/**
 * A small row-major matrix (a weight, or its transpose) laid out for {@link PatchKernels#multiply}:
 * rows in groups of {@link #GROUP}, each group stored inner index by inner index, so the kernel
 * reads the group's values for one inner index from adjacent places; the rows left after the
 * last whole group follow, one row after another.
 */
final class PackedRows {
  /** Rows computed together by the kernel. */
  static final int GROUP = 4;

  private float[] values = new float[0];
  private int rows;
  private int inner;

  /**
   * Packs {@code a} ({@code rows × inner}, row-major), or with {@code transpose} the transpose of
   * {@code a} ({@code a} is then {@code inner × rows}). Reuses the storage of earlier calls.
   */
  PackedRows pack(float[] a, int rows, int inner, boolean transpose) {
    return pack(a, rows, inner, transpose, null);
  }

  /** {@link #pack(float[], int, int, boolean)} with row r taken from row {@code order[r]} (all rows when null). */
  PackedRows pack(float[] a, int rows, int inner, boolean transpose, int[] order) {
    this.rows = rows;
    this.inner = inner;
    if (values.length < rows * inner) {
      values = new float[rows * inner];
    }
    for (int r = 0; r < rows; r++) {
      int from = order == null ? r : order[r];
      for (int k = 0; k < inner; k++) {
        values[index(r, k)] = transpose ? a[k * rows + from] : a[from * inner + k];
      }
    }
    return this;
  }

  /** Where value (r, k) is stored. */
  int index(int r, int k) {
    int whole = rows / GROUP * GROUP;
    return r < whole ? (r / GROUP * inner + k) * GROUP + r % GROUP : whole * inner + (r - whole) * inner + k;
  }

  float[] values() {
    return values;
  }

  int rows() {
    return rows;
  }

  int inner() {
    return inner;
  }
}
