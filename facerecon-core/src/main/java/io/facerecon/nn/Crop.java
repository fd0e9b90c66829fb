package io.facerecon.nn;

/**
 * Keeps the top-left {@code height × width} of every channel, as {@code x[:, :, :h, :w]} in
 * PyTorch; the gradient of the cut-off border is zero.
 */
public final class Crop implements Layer {
  private final int height;
  private final int width;
  private final Buffer output = new Buffer();
  private final Buffer gradInput = new Buffer();
  private Shape inputShape;
  /**
   * One input-gradient plane, kept between calls for inputs of one shape: the border outside the
   * crop is written once, as zeros, and only the kept rows change.
   */
  private float[] gradientPlane = new float[0];
  /** The input shape {@link #gradientPlane} was made for. */
  private Shape gradientPlaneShape;

  /**
   * Crops to {@code height × width}.
   *
   * @param height rows kept from the top, at least 1
   * @param width columns kept from the left, at least 1
   */
  public Crop(int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("Crop size must be at least 1x1, got " + height + "x" + width);
    }
    this.height = height;
    this.width = width;
  }

  @Override
  public Shape outputShape(Shape input) {
    if (input.height() < height || input.width() < width) {
      throw new IllegalArgumentException(
          "cannot crop " + input.height() + "x" + input.width() + " to the larger " + height + "x" + width);
    }
    return new Shape(input.channels(), height, width);
  }

  @Override
  public Tensor forward(Tensor input) {
    Shape shape = outputShape(input.shape());
    inputShape = input.shape();
    Tensor out = output.tensor(input.n(), shape);
    int planes = input.n() * shape.channels();
    int inW = inputShape.width();
    for (int p = 0; p < planes; p++) {
      for (int r = 0; r < height; r++) {
        out.buffer()
            .put(out.offset() + (p * height + r) * width, input.buffer(),
                input.offset() + p * inputShape.plane() + r * inW, width);
      }
    }
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    if (!needInputGradient) {
      return null;
    }
    Tensor dx = gradInput.tensor(gradOutput.n(), inputShape);
    int planes = gradOutput.n() * inputShape.channels();
    int inW = inputShape.width();
    if (!inputShape.equals(gradientPlaneShape)) {
      gradientPlane = new float[inputShape.plane()];
      gradientPlaneShape = inputShape;
    }
    float[] plane = gradientPlane;
    for (int p = 0; p < planes; p++) {
      for (int r = 0; r < height; r++) {
        gradOutput.buffer().get(gradOutput.offset() + (p * height + r) * width, plane, r * inW, width);
      }
      dx.buffer().put(dx.offset() + p * inputShape.plane(), plane);
    }
    return dx;
  }

  @Override
  public String toString() {
    return "Crop(" + height + ", " + width + ")";
  }
}
