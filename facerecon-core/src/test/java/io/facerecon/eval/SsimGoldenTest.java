package io.facerecon.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SSIM, PSNR and MSE against scikit-image (fixtures from tools/golden/ssim_reference.py). */
class SsimGoldenTest {
  /** Closeness to the exact float64 reference; well below the 1e-5 the study requires. */
  private static final double EXACT = 1e-10;
  /** Closeness to scikit-image's own float32 path, which filters in float32. */
  private static final double FLOAT32_PATH = 1e-5;

  private record Case(
      String name, int height, int width, float[] original, float[] reconstruction, JsonNode json) {}

  private static List<Case> cases() throws IOException {
    try (InputStream in = SsimGoldenTest.class.getResourceAsStream("/golden/eval/ssim_cases.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<Case> out = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        out.add(
            new Case(
                c.get("name").asText(), c.get("height").asInt(), c.get("width").asInt(),
                floats(c.get("original").asText()), floats(c.get("reconstruction").asText()), c));
      }
      return out;
    }
  }

  private static float[] floats(String base64) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(out);
    return out;
  }

  private static double number(JsonNode n) {
    return n.isTextual() && n.asText().equals("inf") ? Double.POSITIVE_INFINITY : n.asDouble();
  }

  @Test
  void skimageDefaultMatchesStructuralSimilarity() throws IOException {
    List<Case> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(10);
    for (Case c : cases) {
      double ssim = Ssim.SKIMAGE_DEFAULT.compute(c.original, c.reconstruction, c.height, c.width);
      assertThat(ssim).as(c.name).isCloseTo(c.json.get("ssim_skimage_default").asDouble(), within(EXACT));
      assertThat(ssim)
          .as(c.name + " vs scikit-image's float32 path")
          .isCloseTo(c.json.get("ssim_skimage_default_float32_path").asDouble(), within(FLOAT32_PATH));
    }
  }

  @Test
  void wang2004MatchesGaussianPreset() throws IOException {
    int checked = 0;
    for (Case c : cases()) {
      JsonNode expected = c.json.get("ssim_wang2004");
      if (expected.isNull()) {
        assertThatThrownBy(() -> Ssim.WANG2004.compute(c.original, c.reconstruction, c.height, c.width))
            .as(c.name)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 11x11")
            .hasMessageContaining(c.height + "x" + c.width);
        continue;
      }
      double ssim = Ssim.WANG2004.compute(c.original, c.reconstruction, c.height, c.width);
      assertThat(ssim).as(c.name).isCloseTo(expected.asDouble(), within(EXACT));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(8);
  }

  @Test
  void mseAndPsnrMatchSkimage() throws IOException {
    for (Case c : cases()) {
      double mse = ImageMetrics.mse(c.original, c.reconstruction);
      assertThat(mse).as(c.name).isCloseTo(c.json.get("mse").asDouble(), within(1e-15));
      double psnr = ImageMetrics.psnr(mse);
      double expected = number(c.json.get("psnr"));
      if (Double.isInfinite(expected)) {
        assertThat(psnr).as(c.name).isEqualTo(Double.POSITIVE_INFINITY);
      } else {
        assertThat(psnr).as(c.name).isCloseTo(expected, within(1e-9));
      }
    }
  }

  @Test
  void perImageAgreesWithSingleImageOnEveryCaseOfOneSize() throws IOException {
    List<Case> faceSized = new ArrayList<>();
    for (Case c : cases()) {
      if (c.height == 62 && c.width == 47) {
        faceSized.add(c);
      }
    }
    assertThat(faceSized).hasSizeGreaterThanOrEqualTo(2);
    int d = 62 * 47;
    FloatMatrix a = FloatMatrix.zeros(faceSized.size(), d);
    FloatMatrix b = FloatMatrix.zeros(faceSized.size(), d);
    for (int i = 0; i < faceSized.size(); i++) {
      a.rowRange(i, i + 1).setAll(faceSized.get(i).original);
      b.rowRange(i, i + 1).setAll(faceSized.get(i).reconstruction);
    }
    double[] ssim = Ssim.SKIMAGE_DEFAULT.perImage(a, b, 62, 47);
    for (int i = 0; i < faceSized.size(); i++) {
      assertThat(ssim[i])
          .isCloseTo(faceSized.get(i).json.get("ssim_skimage_default").asDouble(), within(EXACT));
    }
  }
}
