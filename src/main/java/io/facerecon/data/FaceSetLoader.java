package io.facerecon.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a face data set from a path, choosing the loader from {@link LoadOptions#format()}. */
public final class FaceSetLoader {
  private FaceSetLoader() {}

  /**
   * Loads the data set at {@code path}.
   *
   * @throws BadInputException if the path does not exist or holds no usable images
   */
  public static FaceSet load(Path path, LoadOptions options) throws IOException {
    if (!Files.exists(path)) {
      throw new BadInputException("--data " + path + ": no such file or folder");
    }
    DataFormat format = options.format() == DataFormat.AUTO ? detect(path) : options.format();
    switch (format) {
      case LFW:
        if (Files.isDirectory(path)) {
          return LfwLoader.loadFolder(path, options);
        }
        throw new BadInputException("--data " + path + ": an LFW data set must be a folder");
      default:
        throw new BadInputException("--format " + format.name().toLowerCase(Locale.ROOT) + " is not supported for " + path);
    }
  }

  /**
   * The format of {@code path}: {@code .npy} files are NPY, {@code .tgz}/{@code .tar.gz} files LFW
   * archives, folders whose sub-folders hold images LFW, other folders of images FOLDER.
   */
  public static DataFormat detect(Path path) throws IOException {
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isDirectory(path)) {
      return DataFormat.LFW;
    }
    if (name.endsWith(".npy")) {
      return DataFormat.NPY;
    }
    if (name.endsWith(".tgz") || name.endsWith(".tar.gz")) {
      return DataFormat.LFW;
    }
    throw new BadInputException(
        "--data " + path + ": cannot tell its format; expected a folder, an LFW .tgz or a .npy file");
  }
}
