package io.facerecon.decomposition;

/**
 * The {@code count} largest values of a float32 vector in the order {@code
 * np.argpartition(v, -count)[:-count-1:-1]} gives them (NumPy 1.24): the order in which
 * scikit-learn hands the points farthest from their centres to empty clusters.
 *
 * <p>{@code argpartition} is NumPy's introselect, which leaves the selected values in an order that
 * depends on its pivots; reproducing that order means running the same selection on an index array
 * {@code idx} (initially 0…n−1, values compared through it, ties never swapped). To put the
 * k-th smallest at position k = n − count:
 *
 * <ul>
 *   <li>if k &lt; 3: selection sort of positions 0…k (each the first minimum of the rest);
 *   <li>else if k = n − 1: the last position is swapped with the last maximum;
 *   <li>else quickselect on [low, high]: while at least three positions remain, the pivot is the
 *       median of (low, mid, high), mid = low + (high − low)/2 (sorted so that high holds the
 *       largest, low the median, and the smallest then swapped to low + 1) — or, after
 *       2·⌊log₂ n⌋ rounds without finishing, the median of the medians of groups of five; an
 *       unguarded Hoare partition around it, the pivot swapped to where the scans crossed, and the
 *       side holding k kept; finally two remaining positions are ordered.
 * </ul>
 *
 * <p>The result reads the last {@code count} positions from the end backwards.
 */
final class KMeansArgPartition {
  private KMeansArgPartition() {}

  /**
   * The indices of the {@code count} largest values of {@code v}, in NumPy's order.
   *
   * @param v the values, not NaN
   * @param count how many, 1 to {@code v.length}
   * @return {@code count} indices into {@code v}
   */
  static int[] largest(float[] v, int count) {
    int n = v.length;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    select(v, idx, 0, n, n - count);
    int[] top = new int[count];
    for (int i = 0; i < count; i++) {
      top[i] = idx[n - 1 - i];
    }
    return top;
  }

  /** Introselect of position {@code kth} among {@code idx[base .. base + num)}. */
  private static void select(float[] v, int[] idx, int base, int num, int kth) {
    int low = 0;
    int high = num - 1;
    if (kth - low < 3) {
      selectionSort(v, idx, base, num, kth);
      return;
    }
    if (kth == num - 1) {
      int maxAt = low;
      float max = v[idx[base + low]];
      for (int i = low + 1; i < num; i++) {
        if (!(v[idx[base + i]] < max)) {
          maxAt = i;
          max = v[idx[base + i]];
        }
      }
      swap(idx, base + kth, base + maxAt);
      return;
    }
    int depthLimit = 2 * (31 - Integer.numberOfLeadingZeros(num));
    while (low + 1 < high) {
      int ll = low + 1;
      int hh = high;
      if (depthLimit > 0 || hh - ll < 5) {
        medianOfThree(v, idx, base, low, low + (high - low) / 2, high);
      } else {
        int mid = ll + medianOfMedians(v, idx, base + ll, hh - ll);
        swap(idx, base + mid, base + low);
        ll--;
        hh++;
      }
      depthLimit--;
      float pivot = v[idx[base + low]];
      while (true) {
        do {
          ll++;
        } while (v[idx[base + ll]] < pivot);
        do {
          hh--;
        } while (pivot < v[idx[base + hh]]);
        if (hh < ll) {
          break;
        }
        swap(idx, base + ll, base + hh);
      }
      swap(idx, base + low, base + hh);
      if (hh >= kth) {
        high = hh - 1;
      }
      if (hh <= kth) {
        low = ll;
      }
    }
    if (high == low + 1 && v[idx[base + high]] < v[idx[base + low]]) {
      swap(idx, base + high, base + low);
    }
  }

  /** Positions 0…kth of the range hold its kth + 1 smallest values in order. */
  private static void selectionSort(float[] v, int[] idx, int base, int num, int kth) {
    for (int i = 0; i <= kth; i++) {
      int minAt = i;
      float min = v[idx[base + i]];
      for (int j = i + 1; j < num; j++) {
        if (v[idx[base + j]] < min) {
          minAt = j;
          min = v[idx[base + j]];
        }
      }
      swap(idx, base + i, base + minAt);
    }
  }

  /** Orders (low, mid, high) so that high holds the largest and low the median; the smallest goes to low + 1. */
  private static void medianOfThree(float[] v, int[] idx, int base, int low, int mid, int high) {
    if (v[idx[base + high]] < v[idx[base + mid]]) {
      swap(idx, base + high, base + mid);
    }
    if (v[idx[base + high]] < v[idx[base + low]]) {
      swap(idx, base + high, base + low);
    }
    if (v[idx[base + low]] < v[idx[base + mid]]) {
      swap(idx, base + low, base + mid);
    }
    swap(idx, base + mid, base + low + 1);
  }

  /**
   * Moves the median of each group of five of {@code idx[base .. base + num)} to the front and
   * returns the position (from base) of their median, selected by introselect.
   */
  private static int medianOfMedians(float[] v, int[] idx, int base, int num) {
    int groups = num / 5;
    for (int g = 0; g < groups; g++) {
      int m = medianOfFive(v, idx, base + 5 * g);
      swap(idx, base + 5 * g + m, base + g);
    }
    if (groups > 2) {
      select(v, idx, base, groups, groups / 2);
    }
    return groups / 2;
  }

  /** Partly sorts five positions and returns which (0–4) holds their median. */
  private static int medianOfFive(float[] v, int[] idx, int base) {
    orderPair(v, idx, base, 0, 1);
    orderPair(v, idx, base, 3, 4);
    orderPair(v, idx, base, 0, 3);
    orderPair(v, idx, base, 1, 4);
    orderPair(v, idx, base, 1, 2);
    if (v[idx[base + 3]] < v[idx[base + 2]]) {
      return v[idx[base + 3]] < v[idx[base + 1]] ? 1 : 3;
    }
    return 2;
  }

  /** Swaps positions a and b when the value at b is smaller than the one at a. */
  private static void orderPair(float[] v, int[] idx, int base, int a, int b) {
    if (v[idx[base + b]] < v[idx[base + a]]) {
      swap(idx, base + a, base + b);
    }
  }

  private static void swap(int[] idx, int a, int b) {
    int t = idx[a];
    idx[a] = idx[b];
    idx[b] = t;
  }
}
