package io.facerecon.linalg;

/**
 * Whether the JVM runs with the incubating Vector API, which facerecon's SIMD kernels need. Start
 * the JVM with {@code --add-modules jdk.incubator.vector} (the {@code facerecon} launcher, the
 * build's tests and the benchmarks do). Without it facerecon still works and gives the same
 * results up to rounding, with OpenBLAS for every product and plain-Java convolution kernels, but
 * the autoencoder trains several times slower: the first check logs one warning that says so.
 *
 * <p>The kernels call vector methods only on vectors whose class the JIT can see: one just loaded,
 * broadcast or computed from such a vector. A vector carried around a loop (an accumulator) is
 * typed {@code FloatVector} where the loop starts, so a call on it, such as {@code c.intoArray(…)},
 * is bound through the call's type profile, which every user of the Vector API in the JVM shares.
 * Once another vector size has passed through the same JDK method (k-means' half-width floats,
 * Spark MLlib's BLAS, any library), the JIT no longer knows the class there, the intrinsic is lost
 * and every vector operation of the kernel allocates an object: an NMF iteration ran about ten
 * times slower after a k-means fit in the same JVM. So an accumulator is stored or reduced through
 * {@code NEG_ZERO.add(c)} (−0 + x = x for every float, −0 and NaN included) or, when it is added
 * to memory, through {@code load.add(c)}, whose receiver's class is known.
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
}
