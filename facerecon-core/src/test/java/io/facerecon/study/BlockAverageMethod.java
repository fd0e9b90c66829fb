package io.facerecon.study;

import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small, real reconstruction method for tests: the code is the mean of each f×f pixel block;
 * decoding spreads each mean over its block and applies a per-pixel gain and offset learnt by
 * gradient descent on the training MSE (so the fit has iterations and a falling loss curve).
 */
public class BlockAverageMethod implements ReconstructionMethod {
  private final String name;
  private final String kind;
  private final int factor;
  private final int iterations;
  private int height;
  private int width;
  private float[] gain;
  private float[] offset;

  public BlockAverageMethod(String name, String kind, int factor, int iterations) {
    this.name = name;
    this.kind = kind;
    this.factor = factor;
    this.iterations = iterations;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("block", factor + "x" + factor);
    s.put("iterations", iterations);
    return s;
  }

  @Override
  public FitResult fit(FaceSet train, Progress progress) {
    height = train.height();
    width = train.width();
    int d = height * width;
    gain = new float[d];
    offset = new float[d];
    java.util.Arrays.fill(gain, 1f);
    FloatMatrix blocks = decodeBlocks(train.pixels());
    double[] loss = new double[iterations];
    double lr = 0.5;
    for (int it = 0; it < iterations; it++) {
      double[] gradGain = new double[d];
      double[] gradOffset = new double[d];
      double sse = 0;
      for (int i = 0; i < train.size(); i++) {
        for (int k = 0; k < d; k++) {
          double b = blocks.get(i, k);
          double r = gain[k] * b + offset[k] - train.pixels().get(i, k);
          sse += r * r;
          gradGain[k] += 2 * r * b / train.size();
          gradOffset[k] += 2 * r / train.size();
        }
      }
      loss[it] = sse / ((double) train.size() * d);
      for (int k = 0; k < d; k++) {
        gain[k] -= (float) (lr * gradGain[k]);
        offset[k] -= (float) (lr * gradOffset[k]);
      }
      progress.update(it + 1, iterations);
    }
    return new FitResult(
        iterations, "iterations", List.of(Curve.perStep("training MSE", "iteration", loss)));
  }

  @Override
  public FloatMatrix reconstruct(FaceSet faces) {
    FloatMatrix out = decodeBlocks(faces.pixels());
    for (int i = 0; i < out.rows(); i++) {
      for (int k = 0; k < out.cols(); k++) {
        out.set(i, k, gain[k] * out.get(i, k) + offset[k]);
      }
    }
    return out;
  }

  /** Each pixel replaced by the mean of its block. */
  private FloatMatrix decodeBlocks(FloatMatrix images) {
    FloatMatrix out = FloatMatrix.zeros(images.rows(), images.cols());
    for (int i = 0; i < images.rows(); i++) {
      for (int by = 0; by < height; by += factor) {
        for (int bx = 0; bx < width; bx += factor) {
          int yEnd = Math.min(height, by + factor);
          int xEnd = Math.min(width, bx + factor);
          double sum = 0;
          for (int y = by; y < yEnd; y++) {
            for (int x = bx; x < xEnd; x++) {
              sum += images.get(i, y * width + x);
            }
          }
          float mean = (float) (sum / ((yEnd - by) * (xEnd - bx)));
          for (int y = by; y < yEnd; y++) {
            for (int x = bx; x < xEnd; x++) {
              out.set(i, y * width + x, mean);
            }
          }
        }
      }
    }
    return out;
  }

  @Override
  public int codeSize() {
    return blocksDown() * blocksAcross();
  }

  private int blocksDown() {
    return (height + factor - 1) / factor;
  }

  private int blocksAcross() {
    return (width + factor - 1) / factor;
  }

  @Override
  public long parameterCount() {
    return 2L * height * width;
  }

  @Override
  public Optional<FloatMatrix> basisImages() {
    FloatMatrix basis = FloatMatrix.zeros(codeSize(), height * width);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        basis.set((y / factor) * blocksAcross() + x / factor, y * width + x, 1f);
      }
    }
    return Optional.of(basis);
  }
}
