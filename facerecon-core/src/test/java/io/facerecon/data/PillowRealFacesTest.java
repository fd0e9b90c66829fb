package io.facerecon.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.facerecon.testing.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our loader against Pillow on 50 real LFW images, chosen with a fixed seed from the persons with
 * at least 75 images. Pillow runs at test time through {@code /usr/bin/python3}; its pixels go to a
 * temporary folder only. Fails, never skips, when that Python or its Pillow is missing: a green run
 * must mean the comparison ran.
 */
class PillowRealFacesTest {
  private static final Path PYTHON = Paths.get("/usr/bin/python3");
  private static final Path SCRIPT = Paths.get("tools", "golden", "pillow_pixels.py");
  private static final int SAMPLE = 50;
  private static final long SEED = 75;

  @Test
  void loaderMatchesPillowOnRealFaces(@TempDir Path tmp) throws Exception {
    Path root = TestData.lfwRoot();
    requirePillow();
    Path script = TestData.repositoryFile(SCRIPT.toString());

    FaceSet faces = FaceSetLoader.load(root, LoadOptions.defaults().withMinFaces(75));
    int[] chosen = sample(faces.size());
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), "0.5"));
    Path out = tmp.resolve("pillow.f32");
    command.add(out.toString());
    for (int i : chosen) {
      command.add(root.resolve(faces.source(i)).toString());
    }
    run(command, tmp);

    float[] pillow = readFloats(out);
    int d = faces.pixelCount();
    assertThat(pillow).hasSize(SAMPLE * d);
    float[] ours = faces.pixels().toArray();
    double worstMean = 0;
    double worstMax = 0;
    for (int s = 0; s < SAMPLE; s++) {
      float[] expected = java.util.Arrays.copyOfRange(pillow, s * d, (s + 1) * d);
      PixelDifference diff = PixelDifference.between(ours, chosen[s] * d, expected);
      diff.assertWithinDecoderBounds(faces.source(chosen[s]));
      worstMean = Math.max(worstMean, diff.mean());
      worstMax = Math.max(worstMax, diff.max());
    }
    System.out.printf("Pillow vs ours on %d LFW images: worst mean |diff| %.3g, worst max |diff| %.3g%n",
        SAMPLE, worstMean, worstMax);
  }

  /** {@link #SAMPLE} distinct indices below {@code n}, in increasing order, from a fixed seed. */
  private static int[] sample(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < SAMPLE; i++) {
      int j = i + random.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] chosen = java.util.Arrays.copyOf(order, SAMPLE);
    java.util.Arrays.sort(chosen);
    return chosen;
  }

  /** Fails unless {@link #PYTHON} exists and imports Pillow. */
  private static void requirePillow() throws IOException, InterruptedException {
    if (!Files.isExecutable(PYTHON)) {
      fail(PYTHON + " is not installed; this test runs Pillow through it and needs Debian's python3"
          + " and python3-pil packages, which .ci/run installs");
    }
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import PIL.Image")
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(PYTHON + " -c 'import PIL.Image' did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      fail(PYTHON + " cannot import PIL.Image (no Pillow); this test needs Debian's python3-pil"
          + " package, which .ci/run installs. Python said:%n%s", output.strip());
    }
  }

  private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
    Path log = dir.resolve("python.log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(SCRIPT + " did not finish within 120 s");
    }
    assertThat(p.exitValue()).as("%s exit code; output:%n%s", SCRIPT, Files.readString(log)).isZero();
  }

  private static float[] readFloats(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / Float.BYTES];
    b.asFloatBuffer().get(out);
    return out;
  }
}
