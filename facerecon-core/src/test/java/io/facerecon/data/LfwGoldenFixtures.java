package io.facerecon.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The fixtures {@code tools/golden/lfw_reference.py} writes under {@code golden/lfw/}: synthetic
 * images with Pillow's resize output and scikit-learn's preprocessed pixels.
 */
final class LfwGoldenFixtures {
  private static final String ROOT = "/golden/lfw/";

  /** One scikit-learn preprocessing result: {@code image} at factor {@code resize}. */
  record Expected(String image, double resize, int height, int width, String pixels, boolean exact) {
    @Override
    public String toString() {
      return image + " at resize " + resize;
    }
  }

  /** One Pillow resize result: {@code image} cropped to {@code box}, resized to width x height. */
  record Resize(String image, int[] box, int width, int height, int channels, String levels) {
    @Override
    public String toString() {
      return image + " box " + box[0] + "," + box[1] + "," + box[2] + "," + box[3] + " to "
          + width + "x" + height;
    }
  }

  private LfwGoldenFixtures() {}

  static List<Expected> expected() {
    List<Expected> cases = new ArrayList<>();
    for (JsonNode n : manifest().get("expected")) {
      cases.add(new Expected(n.get("image").asText(), n.get("resize").asDouble(),
          n.get("height").asInt(), n.get("width").asInt(), n.get("pixels").asText(),
          n.get("exact").asBoolean()));
    }
    return cases;
  }

  static List<Resize> resizes() {
    List<Resize> cases = new ArrayList<>();
    for (JsonNode n : manifest().get("resize")) {
      JsonNode b = n.get("box");
      cases.add(new Resize(n.get("image").asText(),
          new int[] {b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt()},
          n.get("width").asInt(), n.get("height").asInt(), n.get("channels").asInt(),
          n.get("levels").asText()));
    }
    return cases;
  }

  /** The bytes of a fixture file, given its path relative to the fixture folder. */
  static byte[] bytes(String relative) {
    try (InputStream in = LfwGoldenFixtures.class.getResourceAsStream(ROOT + relative)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + ROOT + relative);
      }
      return relative.endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture image, decoded. */
  static DecodedImage image(String relative) {
    return ImageDecoder.decode(bytes(relative), relative);
  }

  /** A fixture of little-endian float32 values. */
  static float[] floats(String relative) {
    ByteBuffer b = ByteBuffer.wrap(bytes(relative)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / Float.BYTES];
    b.asFloatBuffer().get(out);
    return out;
  }

  private static JsonNode manifest() {
    try {
      return new ObjectMapper().readTree(bytes("cases.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
