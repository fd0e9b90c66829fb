package io.facerecon.data;

import io.facerecon.io.BadInputException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The images of an LFW {@code .tgz} archive (or the plain tar inside it), read in one pass without
 * unpacking to disk.
 *
 * <p>The official archives hold {@code lfw_funneled/<Person>/<file>.jpg} or {@code
 * lfw/<Person>/<file>.jpg}; entries elsewhere (other top-level files, deeper paths, non-images) are
 * ignored. Sources are relative to the top folder: {@code <Person>/<file>.jpg}.
 *
 * <p>Memory: the still-compressed JPEG bytes of every image are kept until decoding, about the
 * size of the archive (some 230 MB for the full LFW), so that {@code minFaces} can be applied
 * after one pass instead of decompressing the archive twice.
 */
final class LfwArchiveReader {
  /** Where POSIX tar headers say "ustar". */
  private static final int TAR_MAGIC_OFFSET = 257;

  private static final byte[] TAR_MAGIC = {'u', 's', 't', 'a', 'r'};

  private final SortedMap<String, List<String>> persons;
  private final Map<String, byte[]> images;

  private LfwArchiveReader(SortedMap<String, List<String>> persons, Map<String, byte[]> images) {
    this.persons = persons;
    this.images = images;
  }

  /**
   * Reads the archive at {@code path}.
   *
   * @throws BadInputException if it is not a gzip-compressed tar or is damaged, or if its images
   *     lie under more than one top folder
   */
  static LfwArchiveReader read(Path path) throws IOException {
    SortedMap<String, List<String>> persons = new TreeMap<>();
    Map<String, byte[]> images = new HashMap<>();
    String top = null;
    try (InputStream file = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        TarArchiveInputStream tar = new TarArchiveInputStream(unzipped(file))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String[] parts = entryPath(entry.getName());
        if (!entry.isFile() || parts.length != 3 || parts[1].startsWith(".")
            || !ImageFiles.isImageName(parts[2])) {
          continue;
        }
        if (top == null) {
          top = parts[0];
        } else if (!top.equals(parts[0])) {
          throw new BadInputException(
              path + ": images under two top folders, '" + top + "' and '" + parts[0]
                  + "'; expected one (lfw/ or lfw_funneled/)");
        }
        String source = parts[1] + "/" + parts[2];
        images.put(source, tar.readAllBytes());
        persons.computeIfAbsent(parts[1], p -> new ArrayList<>()).add(source);
      }
    } catch (IOException e) {
      throw new BadInputException(
          path + ": not a readable .tgz archive (" + e.getMessage() + "); expected LFW's lfw.tgz or lfw-funneled.tgz", e);
    }
    persons.values().forEach(list -> list.sort(null));
    return new LfwArchiveReader(persons, images);
  }

  /**
   * The tar stream in {@code in}: gunzipped if it starts with gzip's magic bytes, as it is if it
   * is a tar already (a browser may have unpacked the .tgz while downloading it and kept the name).
   *
   * @throws IOException if it is neither
   */
  private static InputStream unzipped(InputStream in) throws IOException {
    byte[] head = new byte[TAR_MAGIC_OFFSET + TAR_MAGIC.length];
    in.mark(head.length);
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    byte[] magic = Arrays.copyOfRange(head, TAR_MAGIC_OFFSET, head.length);
    if (n == head.length && Arrays.equals(magic, TAR_MAGIC)) {
      return in;
    }
    throw new IOException("neither gzip nor tar data");
  }

  /** The path of an entry split at '/', without a leading "./" or empty parts. */
  private static String[] entryPath(String name) {
    String n = name.startsWith("./") ? name.substring(2) : name;
    return Arrays.stream(n.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  /** Person folder name → sources, both sorted. */
  SortedMap<String, List<String>> persons() {
    return persons;
  }

  /** The compressed bytes of the image at {@code source}. */
  byte[] bytes(String source) {
    return images.get(source);
  }
}
