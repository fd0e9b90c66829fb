package io.facerecon.nn;

/**
 * Convolution and transposed convolution by plain loops in double precision, written straight from
 * the formulas in the Javadoc of {@link Conv2d} and {@link ConvTranspose2d}: a reference that
 * shares nothing with the layers' phase sequences, wide rows and kernels.
 *
 * <p>Arrays are flat in PyTorch's memory order: NCHW for images, {@code [C_out, C_in, kH, kW]} for
 * a Conv2d weight and {@code [C_in, C_out, kH, kW]} for a ConvTranspose2d weight. Strides and
 * paddings are per axis. The gradients take {@code g}, the gradient with respect to the
 * pre-activation output z (see {@link #activationGradient}).
 */
final class NaiveConvolution {
  /**
   * The sizes of one convolution.
   *
   * @param n samples
   * @param inChannels C_in of the layer
   * @param outChannels C_out of the layer
   * @param height H of the layer's input
   * @param width W of the layer's input
   * @param window kernel size, stride and padding
   * @param outputPadH op_h (transposed only)
   * @param outputPadW op_w (transposed only)
   */
  record Geometry(
      int n, int inChannels, int outChannels, int height, int width, Window window, int outputPadH,
      int outputPadW) {
    /** H_out of a Conv2d: ⌊(H + 2p − k) / s⌋ + 1. */
    int convHeight() {
      return (height + 2 * window.padH() - window.kernelH()) / window.strideH() + 1;
    }

    /** W_out of a Conv2d. */
    int convWidth() {
      return (width + 2 * window.padW() - window.kernelW()) / window.strideW() + 1;
    }

    /** H_out of a ConvTranspose2d: (H − 1)·s − 2p + k + op. */
    int transposedHeight() {
      return (height - 1) * window.strideH() - 2 * window.padH() + window.kernelH() + outputPadH;
    }

    /** W_out of a ConvTranspose2d. */
    int transposedWidth() {
      return (width - 1) * window.strideW() - 2 * window.padW() + window.kernelW() + outputPadW;
    }
  }

  /**
   * The gradients of one layer.
   *
   * @param dx with respect to the input
   * @param dw with respect to the weight
   * @param db with respect to the bias
   */
  record Gradients(double[] dx, double[] dw, double[] db) {}

  private NaiveConvolution() {}

  /** {@code z[n,o,i,j] = b[o] + Σ_c Σ_u Σ_v w[o,c,u,v] · x̃[n, c, s_h·i + u − p_h, s_w·j + v − p_w]}. */
  static double[] conv2d(Geometry g, double[] x, double[] w, double[] b) {
    Window k = g.window();
    int cin = g.inChannels();
    int cout = g.outChannels();
    int ho = g.convHeight();
    int wo = g.convWidth();
    double[] z = new double[g.n() * cout * ho * wo];
    for (int n = 0; n < g.n(); n++) {
      for (int o = 0; o < cout; o++) {
        for (int i = 0; i < ho; i++) {
          for (int j = 0; j < wo; j++) {
            double s = b[o];
            for (int c = 0; c < cin; c++) {
              for (int u = 0; u < k.kernelH(); u++) {
                for (int v = 0; v < k.kernelW(); v++) {
                  int r = k.strideH() * i + u - k.padH();
                  int q = k.strideW() * j + v - k.padW();
                  if (r >= 0 && r < g.height() && q >= 0 && q < g.width()) {
                    s += w[((o * cin + c) * k.kernelH() + u) * k.kernelW() + v]
                        * x[((n * cin + c) * g.height() + r) * g.width() + q];
                  }
                }
              }
            }
            z[((n * cout + o) * ho + i) * wo + j] = s;
          }
        }
      }
    }
    return z;
  }

  /**
   * Conv2d's gradients from {@code gz} ({@code [N, C_out, H_out, W_out]}): db, dw and dx each by
   * its own formula, dx as the scatter onto the windows.
   */
  static Gradients conv2dBackward(Geometry g, double[] x, double[] w, double[] gz) {
    Window k = g.window();
    int cin = g.inChannels();
    int cout = g.outChannels();
    int ho = g.convHeight();
    int wo = g.convWidth();
    double[] db = new double[cout];
    double[] dw = new double[cout * cin * k.kernelH() * k.kernelW()];
    double[] dx = new double[x.length];
    for (int n = 0; n < g.n(); n++) {
      for (int o = 0; o < cout; o++) {
        for (int i = 0; i < ho; i++) {
          for (int j = 0; j < wo; j++) {
            double go = gz[((n * cout + o) * ho + i) * wo + j];
            db[o] += go;
            for (int c = 0; c < cin; c++) {
              for (int u = 0; u < k.kernelH(); u++) {
                for (int v = 0; v < k.kernelW(); v++) {
                  int r = k.strideH() * i + u - k.padH();
                  int q = k.strideW() * j + v - k.padW();
                  if (r >= 0 && r < g.height() && q >= 0 && q < g.width()) {
                    int wi = ((o * cin + c) * k.kernelH() + u) * k.kernelW() + v;
                    int xi = ((n * cin + c) * g.height() + r) * g.width() + q;
                    dw[wi] += go * x[xi];
                    dx[xi] += go * w[wi];
                  }
                }
              }
            }
          }
        }
      }
    }
    return new Gradients(dx, dw, db);
  }

  /**
   * The scatter form: {@code z[n,o,r,q] = b[o] + Σ x[n,c,i,j] · w[c,o,u,v]} over
   * {@code s_h·i + u − p_h = r}, {@code s_w·j + v − p_w = q}; contributions outside the output are
   * dropped.
   */
  static double[] convTranspose2d(Geometry g, double[] x, double[] w, double[] b) {
    Window k = g.window();
    int cin = g.inChannels();
    int cout = g.outChannels();
    int ho = g.transposedHeight();
    int wo = g.transposedWidth();
    double[] z = new double[g.n() * cout * ho * wo];
    for (int n = 0; n < g.n(); n++) {
      for (int o = 0; o < cout; o++) {
        for (int p = 0; p < ho * wo; p++) {
          z[(n * cout + o) * ho * wo + p] = b[o];
        }
      }
      for (int c = 0; c < cin; c++) {
        for (int i = 0; i < g.height(); i++) {
          for (int j = 0; j < g.width(); j++) {
            double xv = x[((n * cin + c) * g.height() + i) * g.width() + j];
            for (int o = 0; o < cout; o++) {
              for (int u = 0; u < k.kernelH(); u++) {
                for (int v = 0; v < k.kernelW(); v++) {
                  int r = k.strideH() * i + u - k.padH();
                  int q = k.strideW() * j + v - k.padW();
                  if (r >= 0 && r < ho && q >= 0 && q < wo) {
                    z[((n * cout + o) * ho + r) * wo + q] +=
                        xv * w[((c * cout + o) * k.kernelH() + u) * k.kernelW() + v];
                  }
                }
              }
            }
          }
        }
      }
    }
    return z;
  }

  /**
   * ConvTranspose2d's gradients from {@code gz} ({@code [N, C_out, H_out, W_out]}):
   * {@code dx[n,c,i,j] = Σ_o Σ_u Σ_v w[c,o,u,v] · g̃[n, o, s_h·i + u − p_h, s_w·j + v − p_w]},
   * {@code dw[c,o,u,v] = Σ_n Σ_i Σ_j x[n,c,i,j] · g̃[…]}, {@code db[o] = Σ g[n,o,·,·]}.
   */
  static Gradients convTranspose2dBackward(Geometry g, double[] x, double[] w, double[] gz) {
    Window k = g.window();
    int cin = g.inChannels();
    int cout = g.outChannels();
    int ho = g.transposedHeight();
    int wo = g.transposedWidth();
    double[] db = new double[cout];
    for (int n = 0; n < g.n(); n++) {
      for (int o = 0; o < cout; o++) {
        for (int p = 0; p < ho * wo; p++) {
          db[o] += gz[(n * cout + o) * ho * wo + p];
        }
      }
    }
    double[] dw = new double[cin * cout * k.kernelH() * k.kernelW()];
    double[] dx = new double[x.length];
    for (int n = 0; n < g.n(); n++) {
      for (int c = 0; c < cin; c++) {
        for (int i = 0; i < g.height(); i++) {
          for (int j = 0; j < g.width(); j++) {
            int xi = ((n * cin + c) * g.height() + i) * g.width() + j;
            double sum = 0;
            for (int o = 0; o < cout; o++) {
              for (int u = 0; u < k.kernelH(); u++) {
                for (int v = 0; v < k.kernelW(); v++) {
                  int r = k.strideH() * i + u - k.padH();
                  int q = k.strideW() * j + v - k.padW();
                  if (r >= 0 && r < ho && q >= 0 && q < wo) {
                    int wi = ((c * cout + o) * k.kernelH() + u) * k.kernelW() + v;
                    double go = gz[((n * cout + o) * ho + r) * wo + q];
                    sum += w[wi] * go;
                    dw[wi] += x[xi] * go;
                  }
                }
              }
            }
            dx[xi] = sum;
          }
        }
      }
    }
    return new Gradients(dx, dw, db);
  }

  /** {@code act(z)} element by element. */
  static double[] activate(Activation act, double[] z) {
    double[] y = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      y[i] = switch (act) {
        case NONE -> z[i];
        case RELU -> Math.max(z[i], 0);
        case SIGMOID -> 1 / (1 + Math.exp(-z[i]));
      };
    }
    return y;
  }

  /** {@code g = gy · act′}, with act′ from the output y: 1, {@code [y > 0]} or {@code y(1 − y)}. */
  static double[] activationGradient(Activation act, double[] gy, double[] y) {
    double[] g = new double[gy.length];
    for (int i = 0; i < gy.length; i++) {
      g[i] = switch (act) {
        case NONE -> gy[i];
        case RELU -> y[i] > 0 ? gy[i] : 0;
        case SIGMOID -> gy[i] * y[i] * (1 - y[i]);
      };
    }
    return g;
  }
}
