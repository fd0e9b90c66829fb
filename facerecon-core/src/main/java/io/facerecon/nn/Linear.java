package io.facerecon.nn;

import io.facerecon.linalg.Blas;
import io.facerecon.linalg.FloatMatrix;
import java.util.List;

/**
 * {@code y = x·Wᵀ + b}, as PyTorch's {@code nn.Linear}: weight {@code [out, in]}, bias
 * {@code [out]}. Each sample is taken as a flat vector of {@code in} values, whatever its shape.
 *
 * <p>By indices, for sample n, output o and input i:
 *
 * <pre>
 * y[n,o]  = b[o] + Σ_i W[o,i] · x[n,i]
 * dW[o,i] = Σ_n gy[n,o] · x[n,i]        (dW = gyᵀ · x)
 * db[o]   = Σ_n gy[n,o]                 (summed in double)
 * dx[n,i] = Σ_o gy[n,o] · W[o,i]        (dx = gy · W)
 * </pre>
 */
public final class Linear implements Layer {
  private final int inFeatures;
  private final int outFeatures;
  private final Parameter weight;
  private final Parameter bias;
  private final Buffer output = new Buffer();
  private final Buffer gradInput = new Buffer();
  private Tensor lastInput;

  /**
   * A linear layer with zero weights.
   *
   * @param inFeatures values per input sample, at least 1
   * @param outFeatures values per output sample, at least 1
   */
  public Linear(int inFeatures, int outFeatures) {
    if (inFeatures < 1 || outFeatures < 1) {
      throw new IllegalArgumentException(
          "Linear needs in and out features >= 1, got " + inFeatures + ", " + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter("weight", new int[] {outFeatures, inFeatures}, outFeatures, inFeatures);
    this.bias = new Parameter("bias", new int[] {outFeatures}, 1, outFeatures);
  }

  /**
   * PyTorch's default initialisation: weight and bias from U(±1/√in).
   *
   * @param init the seeded generator to draw from
   * @return this layer
   */
  public Linear initialise(Init init) {
    init.kaimingUniform(weight, inFeatures);
    init.biasUniform(bias, inFeatures);
    return this;
  }

  @Override
  public Shape outputShape(Shape input) {
    if (input.size() != inFeatures) {
      throw new IllegalArgumentException(
          "Linear expects " + inFeatures + " input features, got " + input.size() + " (" + input + ")");
    }
    return Shape.vector(outFeatures);
  }

  @Override
  public Tensor forward(Tensor input) {
    Shape shape = outputShape(input.shape());
    Tensor out = output.tensor(input.n(), shape);
    FloatMatrix y = out.matrix();
    float[] b = bias.value().toArray();
    for (int i = 0; i < input.n(); i++) {
      y.buffer().put(y.offset() + i * outFeatures, b);
    }
    Blas.gemm(false, true, 1f, input.matrix(), weight.value(), 1f, y);
    lastInput = input;
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
    FloatMatrix g = gradOutput.matrix();
    Blas.gemm(true, false, 1f, g, lastInput.matrix(), 0f, weight.grad());
    float[] sums = new float[outFeatures];
    double[] acc = new double[outFeatures];
    float[] row = new float[outFeatures];
    for (int i = 0; i < g.rows(); i++) {
      g.buffer().get(g.offset() + i * outFeatures, row);
      for (int j = 0; j < outFeatures; j++) {
        acc[j] += row[j];
      }
    }
    for (int j = 0; j < outFeatures; j++) {
      sums[j] = (float) acc[j];
    }
    bias.grad().setAll(sums);
    if (!needInputGradient) {
      return null;
    }
    Tensor dx = gradInput.tensor(gradOutput.n(), lastInput.shape());
    Blas.gemm(false, false, 1f, g, weight.value(), 0f, dx.matrix());
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  @Override
  public String toString() {
    return "Linear(in_features=" + inFeatures + ", out_features=" + outFeatures + ")";
  }
}
