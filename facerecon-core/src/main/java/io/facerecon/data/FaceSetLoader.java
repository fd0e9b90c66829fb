package io.facerecon.data;

import io.facerecon.io.BadInputException;
import io.facerecon.io.InputFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.IntStream;

/**
 * Reads a face data set from a path, choosing the loader from {@link LoadOptions#format()}.
 *
 * <p>{@link DataFormat#AUTO} decides from the path:
 *
 * <ul>
 *   <li>a file ending in {@code .npy}: a NumPy array ({@link NpyLoader});
 *   <li>a file ending in {@code .tgz}, {@code .tar.gz} or {@code .tar}: an LFW archive ({@link
 *       LfwLoader});
 *   <li>a folder with sub-folders of images: LFW person folders, with LFW's crop and resize, if the
 *       first image (first person, first file, in load order) is 250×250 as LFW's are; otherwise
 *       an image folder with one person per sub-folder ({@link ImageFolderLoader});
 *   <li>a folder with image files directly in it: an image folder of one person.
 * </ul>
 *
 * A {@link DataFormat} other than {@code AUTO} skips the guess: {@code lfw} reads a folder as person folders
 * or a file as a .tgz archive, {@code folder} reads a folder as an image folder, {@code npy} reads
 * a file as a .npy array.
 */
public final class FaceSetLoader {
  /** The width and height of every LFW image. */
  static final int LFW_SIZE = 250;

  private FaceSetLoader() {}

  /**
   * Loads the data set at {@code path}.
   *
   * @param path a data set file or folder
   * @param options format and preprocessing
   * @return the faces
   * @throws BadInputException if the path does not exist or holds no usable images
   * @throws IOException if reading fails
   */
  public static FaceSet load(Path path, LoadOptions options) throws IOException {
    return loadReport(path, options).faces();
  }

  /**
   * Loads the data set at {@code path} and reports the format read and the images skipped.
   *
   * @param path a data set file or folder
   * @param options format and preprocessing
   * @return the faces, the format read and the images skipped
   * @throws BadInputException if the path does not exist or holds no usable images
   * @throws IOException if reading fails
   */
  public static LoadReport loadReport(Path path, LoadOptions options) throws IOException {
    if (isNpy(path, options)) {
      return withMinFaces(NpyLoader.load(path, options), options.minFaces(), path);
    }
    return ImageBatch.read(imageSource(path, options)).assemble(options.skipBad());
  }

  /**
   * Whether {@code path} is read as a .npy array rather than as images.
   *
   * @throws BadInputException if the path does not exist, or is a folder given the npy format
   */
  static boolean isNpy(Path path, LoadOptions options) {
    if (!Files.exists(path)) {
      throw new BadInputException(path + ": no such file or folder");
    }
    boolean folder = Files.isDirectory(path);
    if (options.format() == DataFormat.NPY && folder) {
      throw new BadInputException(path + ": format npy expects a .npy file, got a folder");
    }
    return options.format() == DataFormat.NPY || options.format() == DataFormat.AUTO && !folder && isNpyName(path);
  }

  /**
   * The images at {@code path}, which is not read as a .npy array ({@link #isNpy}), and how each
   * becomes a row, as the format in {@code options} (or the one detected) reads them.
   *
   * @throws BadInputException if the path holds no usable images or does not fit the format
   * @throws IOException if listing or reading fails
   */
  static ImageSource imageSource(Path path, LoadOptions options) throws IOException {
    boolean folder = Files.isDirectory(path);
    ImageDecoder.prepareInBackground();
    if (folder && options.format() == DataFormat.AUTO) {
      // One listing of the person folders serves both the format check and the loader, and it
      // runs while ImageIO sets itself up for the check.
      SortedMap<String, List<String>> persons = ImageFiles.persons(path);
      if (!persons.isEmpty()) {
        String first = persons.get(persons.firstKey()).get(0);
        return isLfwSized(path.resolve(first))
            ? LfwLoader.folderSource(path, persons, options)
            : ImageFolderLoader.source(path, persons, options);
      }
    }
    DataFormat format = options.format() == DataFormat.AUTO ? detect(path) : options.format();
    switch (format) {
      case LFW:
        return folder
            ? LfwLoader.folderSource(path, ImageFiles.persons(path), options)
            : LfwLoader.archiveSource(path, options);
      case FOLDER:
        if (!folder) {
          throw new BadInputException(path + ": format folder expects a folder, got a file");
        }
        return ImageFolderLoader.source(path, ImageFiles.persons(path), options);
      default:
        throw new IllegalStateException("format " + format + " is not read as images");
    }
  }

  /**
   * The format {@link DataFormat#AUTO} picks for {@code path} (see the class description).
   *
   * @param path a data set file or folder
   * @return the format, never {@code AUTO}
   * @throws BadInputException if the path's format cannot be told
   * @throws IOException if listing the folder or reading its first image fails
   */
  public static DataFormat detect(Path path) throws IOException {
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isDirectory(path)) {
      Optional<String> first = ImageFiles.firstPersonImage(path);
      if (first.isPresent()) {
        return isLfwSized(path.resolve(first.get())) ? DataFormat.LFW : DataFormat.FOLDER;
      }
      if (ImageFiles.images(path).isEmpty()) {
        throw new BadInputException(
            path + ": no images found; expected image files, one sub-folder of images"
                + " per person, or LFW's <Person>/<Person>_NNNN.jpg");
      }
      return DataFormat.FOLDER;
    }
    if (isNpyName(path)) {
      return DataFormat.NPY;
    }
    if (name.endsWith(".tgz") || name.endsWith(".tar.gz") || name.endsWith(".tar")) {
      return DataFormat.LFW;
    }
    throw new BadInputException(
        path + ": cannot tell its format; expected a folder, an LFW .tgz (or .tar) or a .npy file"
            + " (or give the format)");
  }

  private static boolean isNpyName(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".npy");
  }

  /** Whether the image at {@code file} is 250×250; an unreadable image is not. */
  private static boolean isLfwSized(Path file) throws IOException {
    try {
      byte[] bytes =
          InputFiles.readAllBytes(file.toFile(), ImageFiles.MAX_FILE_BYTES, file.toString(), "an image file");
      int[] wh = ImageDecoder.size(bytes, file.toString());
      return wh[0] == LFW_SIZE && wh[1] == LFW_SIZE;
    } catch (BadInputException e) {
      return false;
    }
  }

  /** The images of persons with at least {@code minFaces} images, persons renumbered. */
  private static LoadReport withMinFaces(LoadReport report, int minFaces, Path path) {
    FaceSet faces = report.faces();
    int[] kept = keptByMinFaces(faces.labels(), faces.personCount(), minFaces, path.toString());
    if (kept.length == faces.size()) {
      return report;
    }
    FaceSet subset = faces.subset(kept);
    boolean[] keptPerson = new boolean[faces.personCount()];
    for (int i : kept) {
      keptPerson[faces.label(i)] = true;
    }
    List<String> names = new ArrayList<>();
    int[] newLabel = new int[keptPerson.length];
    for (int p = 0; p < keptPerson.length; p++) {
      newLabel[p] = keptPerson[p] ? names.size() : -1;
      if (keptPerson[p]) {
        names.add(faces.personNames().get(p));
      }
    }
    int[] labels = Arrays.stream(subset.labels()).map(l -> newLabel[l]).toArray();
    FaceSet renumbered =
        new FaceSet(subset.pixels(), subset.height(), subset.width(), labels, names, subset.sources());
    return new LoadReport(renumbered, report.format(), report.skipped());
  }

  /**
   * The indices of the images whose person has at least {@code minFaces} images, in order.
   *
   * @param labels each image's person
   * @param persons the number of persons
   * @param minFaces the fewest images a person kept has
   * @param rootName the data set, for the message
   * @return the kept images' indices
   * @throws BadInputException if no image is left
   */
  static int[] keptByMinFaces(int[] labels, int persons, int minFaces, String rootName) {
    int[] counts = new int[persons];
    for (int label : labels) {
      counts[label]++;
    }
    int[] kept = IntStream.range(0, labels.length).filter(i -> counts[labels[i]] >= minFaces).toArray();
    if (kept.length == 0) {
      throw Catalog.noImageLeft(minFaces, rootName, persons, Arrays.stream(counts).max().orElse(0));
    }
    return kept;
  }
}
