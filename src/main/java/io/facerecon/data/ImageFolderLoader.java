package io.facerecon.data;

import java.io.IOException;
import java.nio.file.Files;
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
 * averaged, as for LFW, but without a crop. All images must have the same size, unless {@code
 * --size HxW} is given: then each one is resized to it with Pillow's default filter (see {@link
 * PillowResize}) before the channels are averaged. Order: persons by folder name, images by file
 * name; sources are paths relative to the folder.
 */
public final class ImageFolderLoader {
  private static final String EXPECTED = "image files, or one sub-folder of images per person";

  private ImageFolderLoader() {}

  /** Loads the image folder at {@code root}. */
  public static LoadReport load(Path root, LoadOptions options) throws IOException {
    String rootName = root.toString();
    SortedMap<String, List<String>> persons = ImageFiles.persons(root);
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
    ImageBatch.ImageBytes bytes = source -> Files.readAllBytes(root.resolve(source));
    int first = options.size().isPresent() ? -1 : firstReadable(catalog, rootName, bytes);
    int[] size = first < 0 ? options.size().get() : sizeOf(bytes.read(catalog.source(first)), "");
    int height = size[0];
    int width = size[1];
    String[] wrongSize = new String[catalog.size()];
    ImageBatch batch =
        ImageBatch.read(
            catalog, rootName, height * width, bytes,
            (index, data, name, row) -> {
              DecodedImage image = ImageDecoder.decode(data, name);
              if (image.width() != width || image.height() != height) {
                if (options.size().isEmpty()) {
                  wrongSize[index] = image.height() + "x" + image.width();
                  return;
                }
                image = image.resize(width, height);
              }
              image.toGray(row, 0);
            });
    for (int i = 0; i < wrongSize.length; i++) {
      if (wrongSize[i] != null) {
        throw new BadInputException(
            rootName + ": images differ in size: " + catalog.source(first) + " is " + height + "x"
                + width + " but " + catalog.source(i) + " is " + wrongSize[i]
                + " (height x width); expected one size, or --size HxW to resize all to it");
      }
    }
    return batch.assemble(height, width, options.skipBad(), DataFormat.FOLDER);
  }

  /**
   * The position of the first image whose header can be read: its size is the one all images
   * must have.
   */
  private static int firstReadable(Catalog catalog, String rootName, ImageBatch.ImageBytes bytes)
      throws IOException {
    BadInputException firstError = null;
    for (int i = 0; i < catalog.size(); i++) {
      try {
        sizeOf(bytes.read(catalog.source(i)), rootName + "/" + catalog.source(i));
        return i;
      } catch (BadInputException e) {
        firstError = firstError == null ? e : firstError;
      }
    }
    throw firstError;
  }

  /** The (height, width) of an image, from its header. */
  private static int[] sizeOf(byte[] image, String name) {
    int[] wh = ImageDecoder.size(image, name);
    return new int[] {wh[1], wh[0]};
  }

  private static String folderName(Path root) {
    Path name = root.toAbsolutePath().normalize().getFileName();
    return name == null ? "all" : name.toString();
  }
}
