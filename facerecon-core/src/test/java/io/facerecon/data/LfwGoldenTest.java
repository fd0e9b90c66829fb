package io.facerecon.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our LFW preprocessing against scikit-learn's {@code fetch_lfw_people} (with Pillow) on
 * synthetic images: the same levels exactly on PNG, within a decoder's difference on JPEG.
 */
class LfwGoldenTest {

  static List<LfwGoldenFixtures.Expected> cases() {
    return LfwGoldenFixtures.expected();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void preprocessingMatchesScikitLearn(LfwGoldenFixtures.Expected c) {
    LfwPreprocessing prep = new LfwPreprocessing(c.resize());
    assertThat(prep.height()).isEqualTo(c.height());
    assertThat(prep.width()).isEqualTo(c.width());
    float[] expected = LfwGoldenFixtures.floats(c.pixels());
    float[] actual = new float[expected.length];
    prep.apply(LfwGoldenFixtures.image(c.image()), c.image(), actual, 0);
    assertMatches(actual, 0, expected, c);
  }

  /** The whole loader, from a folder tree of files, gives the same pixels in its documented order. */
  @Test
  void loaderMatchesScikitLearn(@TempDir Path root) throws IOException {
    List<LfwGoldenFixtures.Expected> atHalf =
        cases().stream().filter(c -> c.resize() == 0.5).toList();
    for (LfwGoldenFixtures.Expected c : atHalf) {
      // One person per image; folder names sort in the order of the list.
      Path person = Files.createDirectories(root.resolve(String.format("Person_%02d", atHalf.indexOf(c))));
      String file = c.image().substring(c.image().lastIndexOf('/') + 1);
      Files.write(person.resolve(file), LfwGoldenFixtures.bytes(c.image()));
    }
    FaceSet faces = FaceSetLoader.load(root, LoadOptions.defaults());
    assertThat(faces.size()).isEqualTo(atHalf.size());
    assertThat(faces.height()).isEqualTo(62);
    assertThat(faces.width()).isEqualTo(47);
    float[] all = faces.pixels().toArray();
    for (int i = 0; i < atHalf.size(); i++) {
      LfwGoldenFixtures.Expected c = atHalf.get(i);
      assertMatches(all, i * faces.pixelCount(), LfwGoldenFixtures.floats(c.pixels()), c);
    }
  }

  private static void assertMatches(
      float[] actual, int offset, float[] expected, LfwGoldenFixtures.Expected c) {
    if (c.exact()) {
      float[] ours = java.util.Arrays.copyOfRange(actual, offset, offset + expected.length);
      assertThat(ours).as("pixels of %s", c).containsExactly(expected);
    } else {
      PixelDifference.between(actual, offset, expected).assertWithinDecoderBounds(c.toString());
    }
  }
}
