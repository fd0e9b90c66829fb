package io.facerecon.linalg;

/**
 * Whether the JVM runs with the incubating Vector API, which facerecon's SIMD kernels need. Start
 * the JVM with {@code --add-modules jdk.incubator.vector} (the {@code facerecon} launcher, the
 * build's tests and the benchmarks do). Without it facerecon still works and gives the same
 * results up to rounding, with OpenBLAS for every product and plain-Java convolution kernels, but
 * the autoencoder trains several times slower: the first check logs one warning that says so.
 *
 * <p>The kernels are written to keep the Vector API's intrinsics when other vector sizes have run
 * in the same JVM (k-means' half-width floats, Spark MLlib's BLAS, any library). Methods such as
 * {@code fma}, {@code add} and {@code intoArray} dispatch on their receiver
 * inside the JDK, where one type profile serves every caller; once another size has passed
 * through, the JIT knows the receiver's class there only if the kernel's code proves it, else the
 * intrinsic is lost and every vector operation allocates an object. A broadcast, or the result of
 * an operation on one, has a known class; a loaded vector or a loop-carried accumulator has not.
 * So a broadcast is the receiver of a fused multiply-add where there is one; an operation whose
 * receiver is a loaded vector or an accumulator is called as {@code lanewise(op, …)} from the
 * kernel, whose call site has a profile of its own; and an accumulator is stored
 * through {@code NEG_ZERO.add(c)} (−0 + x = x for every float, −0 and NaN included). A
 * {@code lanewise} result is still of unknown class to a store that follows it, and a loaded
 * vector stored at once (a copy) is too: those stores keep their intrinsic only while the profile
 * has seen one size. They stay so where {@code NEG_ZERO} would cost more than it saves: in a
 * copy, an addition per vector; in the largest tiles, the extra additions made the method too
 * large for the JIT's first compiler ({@code SkinnyGemmTransposed}'s tile says more).
 * {@code bench/shared-jvm} measures the kernels after other vector code.
 *
 * <p>No kernel calls {@code reduceLanes(ADD)} on floating-point lanes: the Vector API leaves the
 * order of its additions to the implementation, and in later JDKs (Java 25, for one) the JIT's
 * compiled code adds them in another order than the API's Java code, which adds them in lane
 * order, so a result would depend on when its method was compiled. A kernel stores the vector and
 * adds its lanes with {@link #sumLanes}, in lane order, as the Java code and Java 17's compiled
 * code do.
 */
public final class VectorSupport {
  /** True when classes using the Vector API (such as {@link SkinnyGemm}) may be loaded. */
  public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  static {
    if (!AVAILABLE) {
      System.getLogger(VectorSupport.class.getName()).log(System.Logger.Level.WARNING,
          "facerecon: the JVM runs without the Vector API, so its SIMD kernels fall back to OpenBLAS"
              + " and plain Java (same results, the autoencoder several times slower); start java with"
              + " --add-modules jdk.incubator.vector");
    }
  }

  private VectorSupport() {}

  /**
   * ((0 + a[from]) + a[from + 1]) + … + a[from + lanes − 1]: the lanes of a stored vector added in
   * lane order, the same on every JVM and in every stage of compilation.
   *
   * @param a the stored lanes
   * @param from the first lane's index
   * @param lanes how many lanes
   * @return their sum
   */
  public static float sumLanes(float[] a, int from, int lanes) {
    float sum = 0f;
    for (int i = from, end = from + lanes; i < end; i++) {
      sum += a[i];
    }
    return sum;
  }

  /**
   * {@link #sumLanes(float[], int, int)} for lanes of float64.
   *
   * @param a the stored lanes
   * @param from the first lane's index
   * @param lanes how many lanes
   * @return their sum
   */
  public static double sumLanes(double[] a, int from, int lanes) {
    double sum = 0d;
    for (int i = from, end = from + lanes; i < end; i++) {
      sum += a[i];
    }
    return sum;
  }
}
