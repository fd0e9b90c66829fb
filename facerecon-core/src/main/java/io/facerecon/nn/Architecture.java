package io.facerecon.nn;

import io.facerecon.io.BadInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The autoencoder architectures, by the names the command line and model files use. */
public enum Architecture {
  /**
   * The study's model: Conv2d(1,16,3,s2,p1), ReLU, Conv2d(16,32,3,s2,p1), ReLU |
   * ConvTranspose2d(32,16,3,s2,p1,op1), ReLU, ConvTranspose2d(16,1,3,s2,p1,op1), Sigmoid, cropped to
   * the input size. Its code is the 32-channel feature map, larger than a 62×47 image.
   */
  STUDY,
  /** The study's conv stack with a Linear layer down to a code of k values and back (then ReLU). */
  BOTTLENECK,
  /** Layers of the user's own ({@link Autoencoder#custom}). */
  CUSTOM;

  /**
   * The name used on the command line and in model files.
   *
   * @return the architecture's id
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The architecture called {@code name}.
   *
   * @param name an architecture's id
   * @return the architecture
   * @throws IllegalArgumentException listing the known names
   */
  public static Architecture byName(String name) {
    for (Architecture a : values()) {
      if (a.id().equals(name)) {
        return a;
      }
    }
    throw new BadInputException(
        "unknown architecture '" + name + "'; expected one of "
            + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")));
  }
}
