package io.facerecon.cli;

import io.facerecon.io.BadInputException;
import io.facerecon.data.DataFormat;
import io.facerecon.data.LoadOptions;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How to read and preprocess a data set: the loader flags every command that reads faces shares,
 * whether the data set is named with a required {@code --data} ({@link DataOptions}) or found by
 * the command itself.
 */
public final class LoaderOptions {
  @Option(
      names = "--format",
      defaultValue = "auto",
      paramLabel = "FORMAT",
      description =
          "auto, lfw, folder or npy (default: ${DEFAULT-VALUE}: .npy and .tgz/.tar files by name; a folder of"
              + " person folders is LFW if its images are 250x250, else an image folder).",
      converter = FormatConverter.class)
  DataFormat format;

  @Option(
      names = "--resize",
      defaultValue = "0.5",
      paramLabel = "F",
      description = "LFW: resize factor after cropping (default: ${DEFAULT-VALUE}, giving 62x47).")
  double resize;

  @Option(
      names = "--min-faces",
      defaultValue = "0",
      paramLabel = "N",
      description = "Keep persons with at least N images; 0 keeps all (default: ${DEFAULT-VALUE}).")
  int minFaces;

  @Option(
      names = "--size",
      paramLabel = "HxW",
      description = "Image folders: resize every image to HxW (Pillow's bicubic); without it all images must have one size.")
  String size;

  @Option(
      names = "--shape",
      paramLabel = "HxW",
      description = ".npy of N x D: the height and width of one image (H*W = D).")
  String shape;

  @Option(names = "--skip-bad", description = "Skip corrupt or unreadable images and count them instead of failing.")
  boolean skipBad;

  /** The loader options these flags describe. */
  public LoadOptions options() {
    return new LoadOptions(
        format, resize, minFaces, parseSize("--size", size), parseSize("--shape", shape), skipBad);
  }

  /** Parses {@code HxW}, as given to {@code flag}. */
  static Optional<int[]> parseSize(String flag, String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.toLowerCase(Locale.ROOT).split("x", -1);
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
  static final class FormatConverter implements ITypeConverter<DataFormat> {
    @Override
    public DataFormat convert(String value) {
      try {
        return DataFormat.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected auto, lfw, folder or npy, got '" + value + "'");
      }
    }
  }
}
