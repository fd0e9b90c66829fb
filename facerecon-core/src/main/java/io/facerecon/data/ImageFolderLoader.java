package io.facerecon.data;

import io.facerecon.io.BadInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Loads a folder of images (JPEG, PNG, PGM/PPM, BMP, GIF, TIFF): either images directly in the
 * folder, all of one person named after the folder, or one sub-folder per person.
 *
 * <p>Each image becomes gray levels in [0, 1]: 8-bit samples divided by 255 and colour channels
 * averaged, as for LFW, but without a crop. All images must have the same size, unless a size is
 * given ({@link LoadOptions#size()}): then each one is resized to it with Pillow's default filter (see {@link
 * PillowResize}) before the channels are averaged. An image of another size is an error even with
 * {@code skipBad}, which skips only images that cannot be read. Order: persons by folder name,
 * images by file name; sources are paths relative to the folder.
 */
public final class ImageFolderLoader {
  private static final String EXPECTED = "image files, or one sub-folder of images per person";

  private ImageFolderLoader() {}

  /**
   * Loads the image folder at {@code root}.
   *
   * @param root the folder
   * @param options {@code minFaces}, {@code size} and {@code skipBad} apply
   * @return the faces and the images skipped
   * @throws BadInputException if the folder holds no usable images or sizes differ
   * @throws IOException if listing or reading fails
   */
  public static LoadReport load(Path root, LoadOptions options) throws IOException {
    return load(root, ImageFiles.persons(root), options);
  }

  /** Loads the image folder at {@code root}, whose person sub-folders are already listed. */
  static LoadReport load(Path root, SortedMap<String, List<String>> persons, LoadOptions options)
      throws IOException {
    return ImageBatch.read(source(root, persons, options)).assemble(options.skipBad());
  }

  /**
   * The images of the folder at {@code root}, whose person sub-folders are already listed, and how
   * each becomes a row: decoded, resized to {@code options.size()} if given, else required to have
   * the size of the first image whose header can be read ({@link ImageBatch.Mismatch} otherwise).
   */
  static ImageSource source(Path root, SortedMap<String, List<String>> persons, LoadOptions options)
      throws IOException {
    String rootName = root.toString();
    List<String> loose = ImageFiles.images(root);
    if (!persons.isEmpty() && !loose.isEmpty()) {
      throw new BadInputException(
          rootName + ": holds both image files (" + loose.get(0) + ") and person sub-folders ("
              + persons.firstKey() + "); expected one or the other");
    }
    if (persons.isEmpty()) {
      persons = new TreeMap<>();
      if (!loose.isEmpty()) {
        persons.put(folderName(root), loose);
      }
    }
    Catalog catalog =
        Catalog.of(persons, options.minFaces(), UnaryOperator.identity(), rootName, EXPECTED);
    ImageBatch.ImageBytes bytes = source -> ImageFiles.read(root, source);
    Reference reference = options.size().isPresent() ? null : reference(catalog, rootName, bytes);
    int height = reference == null ? options.size().get()[0] : reference.height();
    int width = reference == null ? options.size().get()[1] : reference.width();
    ImageBatch.RowWriter writer =
        (index, data, name, row) -> {
          DecodedImage image = ImageDecoder.decode(data, name);
          if (image.width() != width || image.height() != height) {
            if (reference != null) {
              throw new ImageBatch.Mismatch(
                  rootName + ": images differ in size: " + catalog.source(reference.index()) + " is " + height
                      + "x" + width + " but " + catalog.source(index) + " is " + image.height() + "x"
                      + image.width() + " (height x width); expected one size, or a size (height, width) to"
                      + " resize all to it");
            }
            image = image.resize(width, height);
          }
          image.toGray(row, 0);
        };
    return new ImageSource(rootName, catalog, bytes, writer, height, width, DataFormat.FOLDER);
  }

  /** An image whose size all others must have: the first one whose header can be read. */
  private record Reference(int index, int height, int width) {}

  private static Reference reference(Catalog catalog, String rootName, ImageBatch.ImageBytes bytes)
      throws IOException {
    BadInputException firstError = null;
    for (int i = 0; i < catalog.size(); i++) {
      try {
        int[] wh = ImageDecoder.size(bytes.read(catalog.source(i)), rootName + "/" + catalog.source(i));
        return new Reference(i, wh[1], wh[0]);
      } catch (BadInputException e) {
        firstError = firstError == null ? e : firstError;
      }
    }
    throw new BadInputException(
        rootName + ": none of the " + catalog.size() + " images could be read; the first: " + firstError.getMessage(),
        firstError);
  }

  private static String folderName(Path root) {
    Path name = root.toAbsolutePath().normalize().getFileName();
    return name == null ? "all" : name.toString();
  }
}
