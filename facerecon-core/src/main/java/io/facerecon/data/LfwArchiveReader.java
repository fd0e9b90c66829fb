package io.facerecon.data;

import io.facerecon.io.BadInputException;

import io.facerecon.io.InputFiles;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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

  /** The largest image entry read: 16 MiB, a thousand times an LFW JPEG. */
  static final long MAX_ENTRY_BYTES = 16L << 20;

  /** The most images read from an archive: 15 times LFW's 13,233. */
  static final int MAX_IMAGES = 200_000;

  /** The most bytes the archive may expand to: 1 GiB, four times LFW's archives. */
  static final long MAX_EXPANDED_BYTES = 1L << 30;

  private final SortedMap<String, List<String>> persons;
  private final Map<String, byte[]> images;

  private LfwArchiveReader(SortedMap<String, List<String>> persons, Map<String, byte[]> images) {
    this.persons = persons;
    this.images = images;
  }

  /**
   * Reads the archive at {@code path}.
   *
   * @throws BadInputException if it is not a regular file, not a gzip-compressed tar or is
   *     damaged, if its images lie under more than one top folder, or if an image entry, the
   *     number of images or the expanded size exceeds its bound
   */
  static LfwArchiveReader read(Path path) throws IOException {
    return read(path, MAX_EXPANDED_BYTES);
  }

  /** {@link #read(Path)} with another bound on the expanded bytes. */
  static LfwArchiveReader read(Path path, long maxExpandedBytes) throws IOException {
    SortedMap<String, List<String>> persons = new TreeMap<>();
    Map<String, byte[]> images = new HashMap<>();
    String top = null;
    InputStream opened = InputFiles.newInputStream(path, "an LFW .tgz archive");
    try (InputStream file = new BufferedInputStream(opened, 1 << 16);
        BoundedStream expanded = new BoundedStream(unzipped(file), maxExpandedBytes, path);
        TarArchiveInputStream tar = new TarArchiveInputStream(expanded)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String[] parts = entryPath(entry.getName());
        if (!entry.isFile() || parts.length != 3 || parts[1].startsWith(".")
            || !ImageFiles.isImageName(parts[2])) {
          continue;
        }
        if (entry.getSize() > MAX_ENTRY_BYTES || entry.getSize() < 0) {
          throw entryTooLarge(path, entry.getName(), entry.getSize());
        }
        if (top == null) {
          top = parts[0];
        } else if (!top.equals(parts[0])) {
          throw new BadInputException(
              path + ": images under two top folders, '" + top + "' and '" + parts[0]
                  + "'; expected one (lfw/ or lfw_funneled/)");
        }
        if (images.size() >= MAX_IMAGES) {
          throw new BadInputException(
              path + ": holds more than " + String.format("%,d", MAX_IMAGES)
                  + " images; LFW's archives hold 13,233");
        }
        String source = parts[1] + "/" + parts[2];
        byte[] bytes = tar.readNBytes((int) MAX_ENTRY_BYTES + 1);
        if (bytes.length > MAX_ENTRY_BYTES) {
          throw entryTooLarge(path, entry.getName(), bytes.length);
        }
        images.put(source, bytes);
        persons.computeIfAbsent(parts[1], p -> new ArrayList<>()).add(source);
      }
    } catch (BadInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(
          path + ": not a readable .tgz archive ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); expected LFW's lfw.tgz or lfw-funneled.tgz", e);
    }
    persons.values().forEach(list -> list.sort(null));
    return new LfwArchiveReader(persons, images);
  }

  private static BadInputException entryTooLarge(Path path, String entry, long size) {
    return new BadInputException(
        path + ": entry '" + entry + "' is " + (size < 0 ? "of unknown size" : String.format("%,d bytes", size))
            + "; an image in an LFW archive is at most " + String.format("%,d", MAX_ENTRY_BYTES)
            + " bytes (LFW's are some 15 kB)");
  }

  /**
   * The expanded archive, refused once it has given more than its bound: a few megabytes of gzip
   * can expand to gigabytes of zeros.
   */
  private static final class BoundedStream extends FilterInputStream {
    private final long max;
    private final Path path;
    private long count;

    BoundedStream(InputStream in, long max, Path path) {
      super(in);
      this.max = max;
      this.path = path;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      if (skipped > 0) {
        add(skipped);
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void add(long n) {
      count += n;
      if (count > max) {
        throw new BadInputException(
            path + ": expands to more than " + String.format("%,d", max)
                + " bytes; LFW's archives expand to some 250 MB (a decompression bomb?)");
      }
    }
  }

  /**
   * The tar stream in {@code in}: gunzipped if it starts with gzip's magic bytes, as it is if it
   * is a tar already (a browser may have unpacked the .tgz while downloading it and kept the name).
   *
   * @throws IOException if it is neither
   */
  private static InputStream unzipped(InputStream in) throws IOException {
    InputStream tar = tarStream(in);
    if (tar == null) {
      throw new IOException("neither gzip nor tar data");
    }
    return tar;
  }

  /**
   * The tar stream in {@code in} (which must support mark and reset): gunzipped if it is gzip
   * data, itself if it is a tar, null if it is neither.
   */
  static InputStream tarStream(InputStream in) throws IOException {
    byte[] head = new byte[TAR_MAGIC_OFFSET + TAR_MAGIC.length];
    in.mark(head.length);
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    byte[] magic = Arrays.copyOfRange(head, TAR_MAGIC_OFFSET, head.length);
    return n == head.length && Arrays.equals(magic, TAR_MAGIC) ? in : null;
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
