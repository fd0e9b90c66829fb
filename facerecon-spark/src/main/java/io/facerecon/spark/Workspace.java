package io.facerecon.spark;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.FactorSteps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The off-heap buffers of one partition's share of an iteration: core's codes step (with its
 * products Wᵀ·V_p and Wᵀ·W), Wᵀ, H_p, and the partition's products V_p·H_pᵀ and H_p·H_pᵀ. Each
 * executor thread keeps the last few and hands them to the next task of the same shape, so an
 * iteration allocates nothing off the heap: a direct buffer is freed only when the garbage
 * collector finds it, and several times H_p's size per task and iteration would pile up until it
 * does.
 */
final class Workspace {
  /** Workspaces a thread keeps: a thread takes turns at a few partitions of different sizes. */
  private static final int KEPT = 4;
  private static final ThreadLocal<Map<Key, Workspace>> KEPT_BY_THREAD =
      ThreadLocal.withInitial(() -> new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Workspace> eldest) {
          return size() > KEPT;
        }
      });

  private record Key(Settings settings, int pixels, int rows) {}

  private static boolean warm;

  final FactorSteps.Codes step;
  /** Wᵀ, k × pixels. */
  final FloatMatrix wt;
  /** H_p, k × rows. */
  final FloatMatrix h;
  /** V_p·H_pᵀ, pixels × k. */
  final FloatMatrix vht;
  /** H_p·H_pᵀ, k × k. */
  final FloatMatrix hht;

  private Workspace(Settings settings, int pixels, int rows) {
    int k = settings.k();
    step = new FactorSteps.Codes(settings.options(), pixels, rows);
    wt = FloatMatrix.zeros(k, pixels);
    h = FloatMatrix.zeros(k, rows);
    vht = FloatMatrix.zeros(pixels, k);
    hht = FloatMatrix.zeros(k, k);
  }

  /**
   * Gets core's SIMD kernels compiled, once per JVM, before a fit's first products: until the JIT
   * has compiled them they run interpreted, and a first product over a whole partition would pay
   * for that many times over. Callers that come while it runs wait for it.
   */
  static synchronized void warmUp() {
    if (!warm) {
      Blas.warmUp();
      warm = true;
    }
  }

  /** This thread's workspace for a partition of {@code rows} images, made on first use. */
  static Workspace of(Settings settings, int pixels, int rows) {
    return KEPT_BY_THREAD.get().computeIfAbsent(new Key(settings, pixels, rows), key -> new Workspace(settings, pixels, rows));
  }
}
