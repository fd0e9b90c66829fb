package io.facerecon.linalg;

/**
 * Per-thread scratch arrays of the SIMD kernels, grown on demand and kept: a kernel runs many
 * times per fit, and allocating its buffers on each call would fault in fresh pages every time.
 */
final class ScratchArrays {
  private ScratchArrays() {}

  /** The calling thread's array of {@code local}, replaced by a larger one when shorter than {@code size}. */
  static float[] grown(ThreadLocal<float[]> local, int size) {
    float[] array = local.get();
    if (array.length < size) {
      array = new float[size];
      local.set(array);
    }
    return array;
  }
}
