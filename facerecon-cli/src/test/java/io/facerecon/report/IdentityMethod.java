package io.facerecon.report;

import io.facerecon.data.FaceSet;
import io.facerecon.study.FitResult;
import io.facerecon.study.Progress;
import io.facerecon.study.ReconstructionMethod;
import io.facerecon.linalg.FloatMatrix;
import java.util.List;
import java.util.Map;

/** Returns every face unchanged: a perfect reconstruction with a code as large as the image. */
final class IdentityMethod implements ReconstructionMethod {
  private int pixels;

  @Override
  public String name() {
    return "identity";
  }

  @Override
  public String kind() {
    return "Identity";
  }

  @Override
  public Map<String, Object> settings() {
    return Map.of();
  }

  @Override
  public FitResult fit(FaceSet train, Progress progress) {
    pixels = train.pixelCount();
    return new FitResult(0, "iterations", List.of());
  }

  @Override
  public FloatMatrix reconstruct(FaceSet faces) {
    return faces.pixels().copy();
  }

  @Override
  public int codeSize() {
    return pixels;
  }

  @Override
  public long parameterCount() {
    return 0;
  }
}
