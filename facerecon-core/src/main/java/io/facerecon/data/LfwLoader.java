package io.facerecon.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * Loads Labeled Faces in the Wild from its folder tree ({@code <Person>/<Person>_NNNN.jpg}) or its
 * official {@code .tgz} archive, preprocessed as scikit-learn's {@code fetch_lfw_people} (see
 * {@link LfwPreprocessing}).
 *
 * <p>Order: persons sorted by folder name, each person's images sorted by file name (both as
 * Python's {@code sorted}). Labels number the kept persons in that order; a person's name is its
 * folder name with underscores as spaces. scikit-learn additionally shuffles the images with a
 * fixed seed; we keep this documented order instead. Sources are paths relative to the LFW
 * folder (or the archive's top folder): {@code Person/Person_0001.jpg}.
 */
public final class LfwLoader {
  private static final String EXPECTED = "one sub-folder per person with its JPEG images (<Person>/<Person>_NNNN.jpg)";

  private LfwLoader() {}

  /**
   * Loads the LFW folder tree at {@code root}.
   *
   * @param root the folder of person folders
   * @param options {@code resize}, {@code minFaces} and {@code skipBad} apply
   * @return the faces and the images skipped
   * @throws IOException if listing the folder fails
   */
  public static LoadReport loadFolder(Path root, LoadOptions options) throws IOException {
    return loadFolder(root, ImageFiles.persons(root), options);
  }

  /** Loads the LFW folder tree at {@code root}, whose person folders are already listed. */
  static LoadReport loadFolder(
      Path root, SortedMap<String, List<String>> persons, LoadOptions options) {
    return ImageBatch.read(folderSource(root, persons, options)).assemble(options.skipBad());
  }

  /** The images of the LFW folder tree at {@code root}, whose person folders are already listed. */
  static ImageSource folderSource(Path root, SortedMap<String, List<String>> persons, LoadOptions options) {
    return source(root.toString(), persons, options, source -> ImageFiles.read(root, source));
  }

  /**
   * Loads an LFW {@code .tgz} archive without unpacking it (see {@link LfwArchiveReader} for its memory
   * use).
   *
   * @param archive the {@code .tgz} (or {@code .tar}) file
   * @param options {@code resize}, {@code minFaces} and {@code skipBad} apply
   * @return the faces and the images skipped
   * @throws IOException if reading the archive fails
   */
  public static LoadReport loadArchive(Path archive, LoadOptions options) throws IOException {
    return ImageBatch.read(archiveSource(archive, options)).assemble(options.skipBad());
  }

  /** The images of an LFW {@code .tgz} archive, read into memory still compressed. */
  static ImageSource archiveSource(Path archive, LoadOptions options) throws IOException {
    LfwArchiveReader content = LfwArchiveReader.read(archive);
    return source(archive.toString(), content.persons(), options, content::bytes);
  }

  /**
   * The persons with at least {@code options.minFaces()} images, and how each image becomes a row:
   * decoded within LFW's crop box, then cropped and resized (see {@link LfwPreprocessing}).
   */
  private static ImageSource source(
      String rootName, SortedMap<String, List<String>> persons, LoadOptions options,
      ImageBatch.ImageBytes bytes) {
    LfwPreprocessing prep = new LfwPreprocessing(options.resize());
    Catalog catalog =
        Catalog.of(persons, options.minFaces(), folder -> folder.replace('_', ' '), rootName, EXPECTED);
    ImageBatch.RowWriter writer =
        (index, data, name, row) -> {
          // Only the crop box is converted and copied, and decoding stops below it.
          DecodedImage face =
              ImageDecoder.decode(data, name, (w, h) -> LfwPreprocessing.faceBox(w, h, name));
          prep.applyToFace(face, row, 0);
        };
    return new ImageSource(rootName, catalog, bytes, writer, prep.height(), prep.width(), DataFormat.LFW);
  }
}
