package io.facerecon.linalg;

/**
 * Whether the JVM runs with the incubating Vector API ({@code --add-modules
 * jdk.incubator.vector}, as the {@code facerecon} launcher, the build and the benchmarks start
 * it). Without it facerecon still works, with OpenBLAS for every product and plain-Java
 * convolution kernels.
 */
public final class VectorSupport {
  /** True when classes using the Vector API (such as {@link SkinnyGemm}) may be loaded. */
  public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private VectorSupport() {}
}
