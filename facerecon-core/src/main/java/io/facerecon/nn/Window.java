package io.facerecon.nn;

/**
 * The kernel size, stride and zero padding of a 2-D convolution, per axis (PyTorch's
 * {@code kernel_size}, {@code stride}, {@code padding} given as pairs).
 *
 * @param kernelH kernel height, ≥ 1
 * @param kernelW kernel width, ≥ 1
 * @param strideH vertical stride, ≥ 1
 * @param strideW horizontal stride, ≥ 1
 * @param padH zero rows added above and below, ≥ 0
 * @param padW zero columns added left and right, ≥ 0
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
  /**
   * Checks the ranges.
   *
   * @param kernelH kernel height, ≥ 1
   * @param kernelW kernel width, ≥ 1
   * @param strideH vertical stride, ≥ 1
   * @param strideW horizontal stride, ≥ 1
   * @param padH zero rows added above and below, ≥ 0
   * @param padW zero columns added left and right, ≥ 0
   */
  public Window {
    if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
      throw new IllegalArgumentException(
          "convolution needs kernel and stride >= 1 and padding >= 0, got kernel " + kernelH + "x"
              + kernelW + ", stride " + strideH + "x" + strideW + ", padding " + padH + "x" + padW);
    }
  }

  /**
   * The same kernel size, stride and padding on both axes.
   *
   * @param kernel kernel height and width
   * @param stride stride on both axes
   * @param padding padding on both axes
   * @return the window
   */
  public static Window square(int kernel, int stride, int padding) {
    return new Window(kernel, kernel, stride, stride, padding, padding);
  }

  /** The geometry of this window over {@code channels} planes of {@code height × width}. */
  ConvGeometry over(int channels, int height, int width) {
    return new ConvGeometry(channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW);
  }

  @Override
  public String toString() {
    return "kernel_size=(" + kernelH + ", " + kernelW + "), stride=(" + strideH + ", " + strideW
        + "), padding=(" + padH + ", " + padW + ")";
  }
}
