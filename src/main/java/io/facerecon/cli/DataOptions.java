package io.facerecon.cli;

import io.facerecon.data.BadInputException;
import io.facerecon.data.DataFormat;
import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The loader flags every command that reads faces shares. */
public final class DataOptions {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "PATH",
      description = "LFW folder or .tgz, image folder, or .npy file.")
  Path data;

  @Option(
      names = "--format",
      defaultValue = "auto",
      paramLabel = "FORMAT",
      description = "auto, lfw, folder or npy (default: ${DEFAULT-VALUE}).",
      converter = FormatConverter.class)
  DataFormat format;

  @Option(
      names = "--resize",
      defaultValue = "0.5",
      paramLabel = "F",
      description = "LFW resize factor after cropping (default: ${DEFAULT-VALUE}, giving 62x47).")
  double resize;

  @Option(
      names = "--min-faces",
      defaultValue = "0",
      paramLabel = "N",
      description = "Keep persons with at least N images (default: ${DEFAULT-VALUE}, all).")
  int minFaces;

  @Option(
      names = "--size",
      paramLabel = "HxW",
      description = "Image folders: resize every image to HxW.")
  String size;

  @Option(
      names = "--shape",
      paramLabel = "HxW",
      description = ".npy of N x D: the height and width of one image.")
  String shape;

  @Option(names = "--skip-bad", description = "Skip unreadable images and count them.")
  boolean skipBad;

  /** The loader options these flags describe. */
  public LoadOptions options() {
    return new LoadOptions(
        format, resize, minFaces, parseSize("--size", size), parseSize("--shape", shape), skipBad);
  }

  /** Loads the data set these flags describe. */
  public FaceSet load() throws IOException {
    return FaceSetLoader.load(data, options());
  }

  /** Parses {@code HxW}, as given to {@code flag}. */
  static Optional<int[]> parseSize(String flag, String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.toLowerCase().split("x");
    try {
      if (parts.length == 2) {
        int h = Integer.parseInt(parts[0].trim());
        int w = Integer.parseInt(parts[1].trim());
        if (h >= 1 && w >= 1) {
          return Optional.of(new int[] {h, w});
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(flag + " must be HxW with positive integers, e.g. 62x47; got '" + text + "'");
  }

  /** Reads {@code --format} case-insensitively. */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<DataFormat> {
    @Override
    public DataFormat convert(String value) {
      try {
        return DataFormat.valueOf(value.toUpperCase());
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "expected auto, lfw, folder or npy, got '" + value + "'");
      }
    }
  }
}
