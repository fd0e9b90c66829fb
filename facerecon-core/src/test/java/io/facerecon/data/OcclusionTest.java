package io.facerecon.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.Npy;
import io.facerecon.linalg.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OcclusionTest {
  private static final int H = 62;
  private static final int W = 47;

  @ParameterizedTest
  @ValueSource(strings = {"block:0.25", "block:0.6", "pixels:0.3", "rows:0.3:0.5", "half:lower", "half:left"})
  void masksAreDeterministicPerSeedAndCoverTheAskedFraction(String spec) {
    Occlusion o = Occlusion.parse(spec);
    FloatMatrix a = o.masks(50, H, W, 7);
    FloatMatrix b = o.masks(50, H, W, 7);
    assertThat(a.toArray()).isEqualTo(b.toArray());
    double fraction = switch (spec) {
      case "rows:0.3:0.5" -> 0.2;
      case "half:lower", "half:left" -> 0.5;
      default -> Double.parseDouble(spec.split(":")[1]);
    };
    // ±1 pixel row and column of tolerance.
    double tolerance = (double) (H + W + 1) / (H * W) + (spec.startsWith("block") ? Math.sqrt(fraction) * 2.0 / Math.min(H, W) : 0);
    for (int i = 0; i < 50; i++) {
      double hidden = 0;
      for (float v : a.row(i)) {
        hidden += v;
      }
      assertThat(hidden / (H * W)).as("%s image %d", spec, i).isCloseTo(fraction, org.assertj.core.data.Offset.offset(tolerance));
    }
    // The same image index gives the same mask in any subset; another seed moves random masks.
    assertThat(o.mask(3, H, W, 7)).isEqualTo(a.row(3));
    if (spec.startsWith("block") || spec.startsWith("pixels")) {
      assertThat(o.masks(50, H, W, 8).toArray()).isNotEqualTo(a.toArray());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"block:0", "block:1", "block:1.5", "pixels:-0.1", "rows:0:1", "rows:0.5:0.3",
      "half:middle", "blob:0.2", "block", "block:x", "", "pixels:0.1:0.2"})
  void badSpecsAreRefusedNamingOcclusion(String spec) {
    assertThatThrownBy(() -> Occlusion.parse(spec)).isInstanceOf(InvalidParameterException.class)
        .extracting(e -> ((InvalidParameterException) e).parameter()).isEqualTo("occlusion");
  }

  @Test
  void fillMustBeFinite() {
    assertThatThrownBy(() -> Occlusion.requireFinite(Double.NaN)).isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> Occlusion.requireFinite(Double.POSITIVE_INFINITY)).isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void masksRoundTripAsBoolNpyAndBadMaskFilesAreRefused(@TempDir Path dir) throws Exception {
    FloatMatrix m = Occlusion.parse("block:0.25").masks(4, H, W, 1);
    Path file = dir.resolve("masks.npy");
    Occlusion.save(file, m, H, W);
    assertThat(Occlusion.read(file, 4, H, W).toArray()).isEqualTo(m.toArray());
    assertThatThrownBy(() -> Occlusion.read(file, 5, H, W)).hasMessageContaining("shape");
    Path floats = dir.resolve("f.npy");
    Npy.write(floats, m, 4, H, W);
    assertThatThrownBy(() -> Occlusion.read(floats, 4, H, W)).hasMessageContaining("bool or uint8");
    assertThat(Files.size(file)).isEqualTo(128 + 4 * H * W);
  }
}
