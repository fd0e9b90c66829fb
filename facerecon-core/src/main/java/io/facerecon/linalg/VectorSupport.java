package io.facerecon.linalg;

/**
 * Whether the JVM runs with the incubating Vector API, which facerecon's SIMD kernels need. Start
 * the JVM with {@code --add-modules jdk.incubator.vector} (the {@code facerecon} launcher, the
 * build's tests and the benchmarks do). Without it facerecon still works and gives the same
 * results up to rounding, with OpenBLAS for every product and plain-Java convolution kernels, but
 * the autoencoder trains several times slower: the first check logs one warning that says so.
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
