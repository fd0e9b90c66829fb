package io.facerecon.linalg;

/**
 * Whether the JVM runs with the incubating Vector API ({@code --add-modules
 * jdk.incubator.vector}, as the {@code facerecon} launcher, the build and the benchmarks start
 * it). Without it facerecon still works, with OpenBLAS for every product.
 */
final class VectorSupport {
  /** True when {@link SkinnyGemm} may be loaded. */
  static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private VectorSupport() {}
}
