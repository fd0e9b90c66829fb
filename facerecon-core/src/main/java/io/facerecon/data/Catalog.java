package io.facerecon.data;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.UnaryOperator;

/**
 * The images a loader will read, in load order: persons in the order of the map (sorted by folder
 * name), each person's images in the order given (sorted by file name). Labels number the kept
 * persons in that order.
 */
final class Catalog {
  private final List<String> names = new ArrayList<>();
  private final List<String> sources = new ArrayList<>();
  private final List<Integer> labels = new ArrayList<>();

  private Catalog() {}

  /**
   * The persons with at least {@code minFaces} images.
   *
   * @param persons folder name → image sources, in load order
   * @param personName the person name shown for a folder name
   * @param rootName the data set, for error messages
   * @param expected what the data set should hold, for the error when it holds no image
   * @throws BadInputException if there is no image, or none is left by {@code minFaces}
   */
  static Catalog of(
      SortedMap<String, List<String>> persons, int minFaces, UnaryOperator<String> personName,
      String rootName, String expected) {
    Catalog c = new Catalog();
    int largest = 0;
    for (Map.Entry<String, List<String>> e : persons.entrySet()) {
      List<String> files = e.getValue();
      largest = Math.max(largest, files.size());
      if (files.isEmpty() || files.size() < minFaces) {
        continue;
      }
      int label = c.names.size();
      c.names.add(personName.apply(e.getKey()));
      for (String file : files) {
        c.sources.add(file);
        c.labels.add(label);
      }
    }
    if (largest == 0) {
      throw new BadInputException(rootName + ": no images found; expected " + expected);
    }
    if (c.sources.isEmpty()) {
      throw noImageLeft(minFaces, rootName, persons.size(), largest);
    }
    return c;
  }

  /** The error for a {@code minFaces} that leaves no image. */
  static BadInputException noImageLeft(int minFaces, String rootName, int persons, int largest) {
    return new InvalidParameterException("minFaces",
        minFaces + " leaves no image in " + rootName + " (the largest of its "
            + persons + " persons has " + largest + " images)");
  }

  /** Number of images. */
  int size() {
    return sources.size();
  }

  /** Person names, indexed by label. */
  List<String> names() {
    return names;
  }

  /** Image sources in load order. */
  List<String> sources() {
    return sources;
  }

  /** The source of image {@code i}. */
  String source(int i) {
    return sources.get(i);
  }

  /** The label of image {@code i}. */
  int label(int i) {
    return labels.get(i);
  }
}
