package io.facerecon.data;

import io.facerecon.io.InputFiles;
import io.facerecon.linalg.Parallel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Finds the image files of a folder: directly inside it, or one sub-folder per person. Names are
 * sorted by {@link String#compareTo}, the order of Python's {@code sorted} for names without
 * characters beyond the Basic Multilingual Plane. Hidden files and folders (starting with a dot)
 * are ignored.
 *
 * <p>Files are recognised by their extension alone, without asking the file system about each one:
 * for LFW's 13,233 files that saves as much time as decoding a few hundred images.
 */
final class ImageFiles {
  private ImageFiles() {}

  private static final String[] EXTENSIONS = {
    ".jpg", ".jpeg", ".png", ".pgm", ".ppm", ".pnm", ".bmp", ".gif", ".tif", ".tiff"
  };

  /** The largest image file read: 256 MiB, more than an uncompressed RGB image of the pixel limit. */
  static final long MAX_FILE_BYTES = 256L << 20;

  /**
   * The bytes of the file {@code source} (a path relative to {@code root}), which must be a
   * regular file of at most {@link #MAX_FILE_BYTES}. The file is read straight into the array
   * (see {@link InputFiles#readAllBytes(File, long, String, String)}).
   */
  static byte[] read(Path root, String source) throws IOException {
    File file = new File(root.toFile(), source);
    return InputFiles.readAllBytes(file, MAX_FILE_BYTES, file.getPath(), "an image file");
  }

  /** Whether a file name has an image extension the decoders read (any letter case). */
  static boolean isImageName(String name) {
    if (name.startsWith(".")) {
      return false;
    }
    for (String ext : EXTENSIONS) {
      if (name.regionMatches(true, name.length() - ext.length(), ext, 0, ext.length())) {
        return true;
      }
    }
    return false;
  }

  /** The names of the image files directly in {@code folder}, sorted. */
  static List<String> images(Path folder) throws IOException {
    List<String> files = new ArrayList<>();
    for (String name : sortedNames(folder.toFile())) {
      if (isImageName(name) && !new File(folder.toFile(), name).isDirectory()) {
        files.add(name);
      }
    }
    return files;
  }

  /**
   * The sub-folders of {@code root} that hold images: folder name → image paths relative to
   * {@code root} ({@code Person/file.jpg}), both sorted. Sub-folders without images are left out.
   */
  static SortedMap<String, List<String>> persons(Path root) throws IOException {
    File dir = root.toFile();
    String[] names = sortedNames(dir);
    List<List<String>> images = new ArrayList<>(Collections.nCopies(names.length, null));
    // Folders are listed on all threads: LFW has 5,749 of them.
    Parallel.forRange(
        names.length,
        64,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            images.set(i, folderImages(dir, names[i]));
          }
        });
    SortedMap<String, List<String>> persons = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      if (images.get(i) != null && !images.get(i).isEmpty()) {
        persons.put(names[i], images.get(i));
      }
    }
    return persons;
  }

  /** The first image of the first sub-folder that holds images, relative to {@code root}. */
  static Optional<String> firstPersonImage(Path root) throws IOException {
    File dir = root.toFile();
    for (String name : sortedNames(dir)) {
      List<String> images = folderImages(dir, name);
      if (images != null && !images.isEmpty()) {
        return Optional.of(images.get(0));
      }
    }
    return Optional.empty();
  }

  /**
   * The image paths ({@code name/file}, sorted) in the sub-folder {@code name} of {@code dir}; null
   * if {@code name} is a file or hidden. list() is null for files, which spares a separate
   * is-it-a-folder query per entry.
   */
  private static List<String> folderImages(File dir, String name) {
    String[] files = name.startsWith(".") ? null : new File(dir, name).list();
    return files == null ? null : new FolderImages(name, imageNames(files));
  }

  /** The image names among {@code names}, in their order. */
  private static String[] imageNames(String[] names) {
    int n = 0;
    for (String name : names) {
      if (isImageName(name)) {
        names[n++] = name;
      }
    }
    return n == names.length ? names : Arrays.copyOf(names, n);
  }

  /**
   * The image paths of one person folder, sorted and built when first asked for: a loader counts
   * the images of every folder but reads only those of the persons it keeps (6 of LFW's 5,749
   * with {@code minFaces = 75}). Not thread-safe; a loader reads it from one thread.
   */
  private static final class FolderImages extends AbstractList<String> {
    private final String folder;
    private final String[] names;
    private boolean sorted;

    FolderImages(String folder, String[] names) {
      this.folder = folder;
      this.names = names;
    }

    @Override
    public String get(int i) {
      if (!sorted) {
        Arrays.sort(names);
        sorted = true;
      }
      return folder + "/" + names[i];
    }

    @Override
    public int size() {
      return names.length;
    }
  }

  private static String[] sortedNames(File dir) throws IOException {
    String[] names = dir.list();
    if (names == null) {
      throw new IOException(dir + ": cannot list the folder");
    }
    Arrays.sort(names);
    return names;
  }
}
