package io.facerecon.data;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Loads Labeled Faces in the Wild from its folder tree ({@code <Person>/<Person>_NNNN.jpg}),
 * preprocessed as scikit-learn's {@code fetch_lfw_people} (see {@link LfwPreprocessing}).
 *
 * <p>Order: persons sorted by folder name, each person's images sorted by file name (both by
 * Unicode code point, as Python's {@code sorted}). Labels number the kept persons in that order;
 * a person's name is its folder name with underscores as spaces. scikit-learn additionally
 * shuffles the images with a fixed seed; we keep this documented order instead.
 */
public final class LfwLoader {
  private LfwLoader() {}

  /** The persons under {@code root}: folder name → image paths relative to root, both sorted. */
  static Map<String, List<String>> listPersons(Path root) throws IOException {
    Map<String, List<String>> persons = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        String person = dir.getFileName().toString();
        if (person.startsWith(".") || !Files.isDirectory(dir)) {
          continue;
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
          entries
              .filter(p -> Files.isRegularFile(p) && isImageName(p.getFileName().toString()))
              .map(p -> person + "/" + p.getFileName())
              .sorted()
              .forEach(files::add);
        }
        persons.put(person, files);
      }
    }
    return persons;
  }

  /** Whether a file name has an image extension the decoders read. */
  static boolean isImageName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return !n.startsWith(".")
        && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".pgm")
            || n.endsWith(".ppm") || n.endsWith(".pnm") || n.endsWith(".bmp") || n.endsWith(".gif")
            || n.endsWith(".tif") || n.endsWith(".tiff"));
  }

  /** Loads the LFW folder tree at {@code root}. */
  public static FaceSet loadFolder(Path root, LoadOptions options) throws IOException {
    Map<String, List<String>> persons = listPersons(root);
    return build(
        root.toString(),
        persons,
        options,
        relative -> Files.readAllBytes(root.resolve(relative)));
  }

  /** Reads the bytes of an image given its path relative to the data set root. */
  @FunctionalInterface
  interface ImageBytes {
    byte[] read(String relativePath) throws IOException;
  }

  /**
   * Keeps the persons with at least {@code options.minFaces()} images, then decodes and
   * preprocesses their images on all threads.
   */
  static FaceSet build(
      String rootName, Map<String, List<String>> persons, LoadOptions options, ImageBytes reader) {
    List<String> names = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<Integer> labelList = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : persons.entrySet()) {
      if (e.getValue().isEmpty() || e.getValue().size() < options.minFaces()) {
        continue;
      }
      int label = names.size();
      names.add(e.getKey().replace('_', ' '));
      for (String file : e.getValue()) {
        sources.add(file);
        labelList.add(label);
      }
    }
    if (sources.isEmpty()) {
      throw new BadInputException(
          persons.isEmpty()
              ? rootName + ": no person folders with images found (expected <Person>/<Person>_NNNN.jpg)"
              : "--min-faces " + options.minFaces() + " leaves no image in " + rootName
                  + " (the largest person has "
                  + persons.values().stream().mapToInt(List::size).max().orElse(0) + " images)");
    }
    LfwPreprocessing prep = new LfwPreprocessing(options.resize());
    int n = sources.size();
    int d = prep.height() * prep.width();
    float[] pixels = new float[n * d];
    boolean[] bad = new boolean[n];
    AtomicInteger badCount = new AtomicInteger();
    Parallel.forRange(
        n,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            String source = sources.get(i);
            String name = rootName + "/" + source;
            try {
              prep.apply(ImageDecoder.decode(reader.read(source), name), name, pixels, i * d);
            } catch (BadInputException ex) {
              if (!options.skipBad()) {
                throw ex;
              }
              bad[i] = true;
              badCount.incrementAndGet();
            } catch (IOException ex) {
              throw new UncheckedIOException(name + ": " + ex.getMessage(), ex);
            }
          }
        });
    return Faces.assemble(pixels, bad, prep.height(), prep.width(), labelList, names, sources, rootName);
  }
}
