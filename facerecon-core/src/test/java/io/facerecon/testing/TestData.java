package io.facerecon.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where tests find their data: real faces in the LFW folder named by {@code FACERECON_LFW}, and
 * the fixtures of {@code tools/golden/} under {@code src/test/resources/golden/}.
 */
public final class TestData {
  /** The environment variable that names the LFW folder. */
  public static final String LFW_VARIABLE = "FACERECON_LFW";

  private TestData() {}

  /**
   * The LFW folder. A test that needs real faces fails, never skips, when it is missing: a green
   * run must mean the real-data checks ran.
   */
  public static Path lfwRoot() {
    String value = System.getenv(LFW_VARIABLE);
    if (value == null || value.isBlank()) {
      fail(LFW_VARIABLE + " is not set; point it at the LFW folder (.ci/run sets ../shared/datasets/lfw)");
    }
    Path root = Paths.get(value);
    if (!Files.isDirectory(root)) {
      fail(LFW_VARIABLE + "=" + value + " is not a folder");
    }
    return root;
  }

  /**
   * The study's 1,217 LFW faces (at least 75 per person), checked against the {@code data} block a
   * golden script wrote of the faces it used (images, height, width, pixel sum), so a fixture is
   * only compared with results on the very faces it was made from.
   */
  public static FaceSet studyFaces(JsonNode data) throws IOException {
    FaceSet set = FaceSetLoader.load(lfwRoot(), LoadOptions.defaults().withMinFaces(75));
    assertThat(set.size()).as("images").isEqualTo(data.get("images").asInt());
    assertThat(set.height()).as("height").isEqualTo(data.get("height").asInt());
    assertThat(set.width()).as("width").isEqualTo(data.get("width").asInt());
    double sum = 0;
    for (float v : set.pixels().toArray()) {
      sum += v;
    }
    assertThat(sum).as("pixel sum").isCloseTo(data.get("pixel_sum").asDouble(), withPercentage(1e-4));
    return set;
  }

  /**
   * A file of the repository (e.g. a script under {@code tools/}), found from the working folder
   * upwards, since Maven runs each module's tests in the module's folder.
   */
  public static Path repositoryFile(String path) {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("tools/golden")) && Files.exists(dir.resolve(path))) {
        return dir.resolve(path);
      }
    }
    return fail("no " + path + " in the repository above " + Paths.get("").toAbsolutePath());
  }

  /** The fixture {@code src/test/resources/golden/<path>}; fails when it is missing. */
  public static Path golden(String path) {
    URL url = TestData.class.getResource("/golden/" + path);
    if (url == null) {
      fail("missing fixture golden/" + path + "; tools/golden/ makes it");
    }
    try {
      if (!"jar".equals(url.toURI().getScheme())) {
        return Paths.get(url.toURI());
      }
      // Another module's tests read the fixture from this module's test jar: give them a file.
      Path copy = Files.createTempDirectory("facerecon-golden").resolve(Paths.get(path).getFileName().toString());
      try (java.io.InputStream in = url.openStream()) {
        Files.copy(in, copy);
      }
      copy.toFile().deleteOnExit();
      copy.getParent().toFile().deleteOnExit();
      return copy;
    } catch (URISyntaxException | java.io.IOException e) {
      throw new IllegalStateException("cannot read fixture golden/" + path, e);
    }
  }
}
