package io.facerecon.linalg;

/**
 * NumPy's legacy {@code numpy.random.RandomState}, draw for draw: the generator scikit-learn takes
 * its randomness from, so that the same integer seed gives scikit-learn's random starts, test
 * matrices and centre choices.
 *
 * <p>The bits come from the Mersenne Twister MT19937 (Matsumoto and Nishimura 1998), seeded as
 * NumPy seeds it from an integer ({@code init_genrand}: {@code mt[0] = seed},
 * {@code mt[i] = 1812433253·(mt[i−1] ⊕ (mt[i−1] ≫ 30)) + i}). On top of those 32-bit words:
 *
 * <ul>
 *   <li>{@link #randomSample()}: a 53-bit double, {@code ((a ≫ 5)·2²⁶ + (b ≫ 6)) / 2⁵³} from two
 *       words a, b;
 *   <li>{@link #standardNormal()}: the polar Box–Muller method on x₁, x₂ = 2·u − 1 until
 *       0 &lt; r² = x₁² + x₂² &lt; 1, then f = √(−2·ln r² / r²) gives f·x₂ now and keeps f·x₁
 *       for the next call;
 *   <li>{@link #randint(long, long)}: the smallest all-ones mask ≥ high − 1 − low, words ANDed
 *       with it until one is ≤ high − 1 − low (64-bit words, two 32-bit draws high first, when
 *       the range needs them);
 *   <li>{@link #permutation(int)}: Fisher–Yates from the last position down, the swap partner of
 *       position i drawn like {@code randint(0, i + 1)}.
 * </ul>
 *
 * <p>Every draw but the normal ones equals NumPy's bit for bit. NumPy takes the polar method's
 * logarithm from the platform's C library; here it is {@link StrictMath#log}, the same on every
 * platform, so a normal draw may differ from NumPy's in its last few bits as a double, and equals
 * it once rounded to float32, the precision scikit-learn uses it at.
 */
public final class NumpyRandomState {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;
  /** The largest seed NumPy accepts as an integer: 2³² − 1. */
  public static final long MAX_SEED = 0xffffffffL;

  private final int[] mt = new int[N];
  private int position;
  private boolean hasGauss;
  private double gauss;

  /**
   * A generator in the state {@code numpy.random.RandomState(seed)} starts in.
   *
   * @param seed 0 to 2³² − 1, as NumPy accepts
   * @throws IllegalArgumentException if {@code seed} is outside that range
   */
  public NumpyRandomState(long seed) {
    if (seed < 0 || seed > MAX_SEED) {
      throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1, got " + seed);
    }
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    position = N;
  }

  /**
   * The next 32-bit word of the Mersenne Twister.
   *
   * @return the word; read it as unsigned with {@link Integer#toUnsignedLong(int)}
   */
  public int nextInt32() {
    if (position >= N) {
      twist();
    }
    int y = mt[position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    return y ^ (y >>> 18);
  }

  /**
   * A 64-bit word from two 32-bit words, the first one high, as NumPy's {@code next_uint64}.
   *
   * @return the word, as unsigned bits
   */
  public long nextUint64() {
    long high = Integer.toUnsignedLong(nextInt32());
    return high << 32 | Integer.toUnsignedLong(nextInt32());
  }

  private void twist() {
    for (int i = 0; i < N; i++) {
      int y = (mt[i] & UPPER_MASK) | (mt[(i + 1) % N] & LOWER_MASK);
      int next = mt[(i + M) % N] ^ (y >>> 1);
      mt[i] = (y & 1) != 0 ? next ^ MATRIX_A : next;
    }
    position = 0;
  }

  /**
   * A uniform double in [0, 1), NumPy's {@code random_sample}.
   *
   * @return the draw
   */
  public double randomSample() {
    long a = Integer.toUnsignedLong(nextInt32()) >>> 5;
    long b = Integer.toUnsignedLong(nextInt32()) >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /**
   * A uniform double in [low, high), NumPy's {@code uniform}: {@code low + (high − low)·u}.
   *
   * @param low lower bound
   * @param high upper bound
   * @return the draw
   */
  public double uniform(double low, double high) {
    return low + (high - low) * randomSample();
  }

  /**
   * A standard normal draw, NumPy's legacy {@code standard_normal} (polar method, one value kept
   * for the next call).
   *
   * @return the draw
   */
  public double standardNormal() {
    if (hasGauss) {
      hasGauss = false;
      return gauss;
    }
    double x1;
    double x2;
    double r2;
    do {
      x1 = 2.0 * randomSample() - 1.0;
      x2 = 2.0 * randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = Math.sqrt(-2.0 * StrictMath.log(r2) / r2);
    gauss = f * x1;
    hasGauss = true;
    return f * x2;
  }

  /**
   * A normal draw, NumPy's {@code normal}: {@code loc + scale·z}.
   *
   * @param loc mean
   * @param scale standard deviation
   * @return the draw
   */
  public double normal(double loc, double scale) {
    return loc + scale * standardNormal();
  }

  /**
   * A matrix of standard normal draws in row-major (C) order, each rounded to float, as
   * {@code standard_normal(size=(rows, cols)).astype(np.float32)}.
   *
   * @param rows rows
   * @param cols columns
   * @return the new matrix
   */
  public FloatMatrix standardNormal(int rows, int cols) {
    FloatMatrix m = FloatMatrix.zeros(rows, cols);
    for (int i = 0, n = m.size(); i < n; i++) {
      m.set(i, (float) standardNormal());
    }
    return m;
  }

  /**
   * A uniform integer in [low, high), NumPy's {@code randint(low, high)} with its default int64
   * type (masked rejection).
   *
   * @param low smallest value
   * @param high one more than the largest value
   * @return the draw
   * @throws IllegalArgumentException if {@code high <= low}
   */
  public long randint(long low, long high) {
    if (high <= low) {
      throw new IllegalArgumentException("randint: low >= high (" + low + " >= " + high + ")");
    }
    return low + randomInterval(high - 1 - low);
  }

  /**
   * A uniform integer in [0, high), NumPy's {@code randint(high)}.
   *
   * @param high one more than the largest value
   * @return the draw
   * @throws IllegalArgumentException if {@code high <= 0}
   */
  public long randint(long high) {
    return randint(0, high);
  }

  /**
   * A uniform integer in [0, max] by masked rejection, NumPy's {@code random_interval}: 32-bit
   * words while {@code max} fits 32 bits, 64-bit words beyond.
   *
   * @param max the largest value, non-negative
   * @return the draw
   */
  public long randomInterval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask |= mask >>> 32;
    long value;
    if (max <= MAX_SEED) {
      do {
        value = Integer.toUnsignedLong(nextInt32()) & mask;
      } while (value > max);
    } else {
      do {
        value = nextUint64() & mask;
      } while (value > max);
    }
    return value;
  }

  /**
   * A random permutation of 0 … n−1, NumPy's {@code permutation(n)}.
   *
   * @param n length
   * @return the permutation
   */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p);
    return p;
  }

  /**
   * Shuffles {@code values} in place, NumPy's {@code shuffle} of a 1-D array.
   *
   * @param values the array to shuffle
   */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i >= 1; i--) {
      int j = (int) randomInterval(i);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
