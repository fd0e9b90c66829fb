package io.facerecon.data;

import io.facerecon.io.BadInputException;

import io.facerecon.linalg.FloatMatrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * N gray face images of the same height and width, as float32 in [0, 1], with a person label per
 * image, the person names and where each image came from.
 *
 * <p>Pixels are stored as an N × (height·width) row-major matrix: row {@code i} is image
 * {@code i}, its pixels row by row. NMF's V (pixels × images) is the transpose of this matrix.
 */
public final class FaceSet {
  private final FloatMatrix pixels;
  private final int height;
  private final int width;
  private final int[] labels;
  private final List<String> personNames;
  private final List<String> sources;

  /**
   * A face set over the given pixels (shared, not copied); labels and lists are copied.
   *
   * @param pixels N × (height·width), one image per row
   * @param height image height in pixels
   * @param width image width in pixels
   * @param labels person index of each image, into {@code personNames}
   * @param personNames person names, indexed by label
   * @param sources where each image came from (a path relative to the data set root, or an index)
   * @throws BadInputException if the sizes disagree or a label has no person name
   */
  public FaceSet(
      FloatMatrix pixels, int height, int width, int[] labels, List<String> personNames,
      List<String> sources) {
    if (height < 1 || width < 1) {
      throw new BadInputException("image size must be at least 1x1, got " + height + "x" + width);
    }
    if (pixels.cols() != height * width) {
      throw new BadInputException(
          "pixel rows have " + pixels.cols() + " values, expected " + height + "x" + width);
    }
    if (labels.length != pixels.rows() || sources.size() != pixels.rows()) {
      throw new BadInputException(
          pixels.rows() + " images but " + labels.length + " labels and " + sources.size()
              + " sources");
    }
    for (int label : labels) {
      if (label < 0 || label >= personNames.size()) {
        throw new BadInputException(
            "label " + label + " is outside the " + personNames.size() + " person names");
      }
    }
    this.pixels = pixels;
    this.height = height;
    this.width = width;
    this.labels = labels.clone();
    this.personNames = List.copyOf(personNames);
    this.sources = List.copyOf(sources);
  }

  /**
   * A face set with no person information: every image is its own source, one person "all".
   *
   * @param pixels N × (height·width), one image per row, shared
   * @param height image height in pixels
   * @param width image width in pixels
   * @return the face set
   */
  public static FaceSet unlabelled(FloatMatrix pixels, int height, int width) {
    List<String> sources = new ArrayList<>(pixels.rows());
    for (int i = 0; i < pixels.rows(); i++) {
      sources.add(Integer.toString(i));
    }
    return new FaceSet(
        pixels, height, width, new int[pixels.rows()], List.of("all"), sources);
  }

  /**
   * Number of images.
   *
   * @return N
   */
  public int size() {
    return pixels.rows();
  }

  /**
   * Image height in pixels.
   *
   * @return the height
   */
  public int height() {
    return height;
  }

  /**
   * Image width in pixels.
   *
   * @return the width
   */
  public int width() {
    return width;
  }

  /**
   * Pixels per image.
   *
   * @return {@code height * width}
   */
  public int pixelCount() {
    return height * width;
  }

  /**
   * The pixel matrix.
   *
   * @return the N × (height·width) matrix, shared, not copied
   */
  public FloatMatrix pixels() {
    return pixels;
  }

  /**
   * The person label of image {@code i}.
   *
   * @param i image index
   * @return the index into {@link #personNames()}
   */
  public int label(int i) {
    return labels[i];
  }

  /**
   * All labels, in image order.
   *
   * @return a copy of the labels
   */
  public int[] labels() {
    return labels.clone();
  }

  /**
   * Person names, indexed by label.
   *
   * @return the unmodifiable list of names
   */
  public List<String> personNames() {
    return personNames;
  }

  /**
   * Number of persons.
   *
   * @return the number of person names
   */
  public int personCount() {
    return personNames.size();
  }

  /**
   * The source of image {@code i}.
   *
   * @param i image index
   * @return a path relative to the data set root, or an index
   */
  public String source(int i) {
    return sources.get(i);
  }

  /**
   * Sources of all images, in image order.
   *
   * @return the unmodifiable list of sources
   */
  public List<String> sources() {
    return Collections.unmodifiableList(sources);
  }

  /**
   * The images at {@code indices}, in that order, copied into a new face set.
   *
   * @param indices image indices; repeats are allowed
   * @return the new face set, with the same person names
   */
  public FaceSet subset(int[] indices) {
    FloatMatrix sub = FloatMatrix.zeros(indices.length, pixelCount());
    int[] subLabels = new int[indices.length];
    List<String> subSources = new ArrayList<>(indices.length);
    for (int r = 0; r < indices.length; r++) {
      int i = indices[r];
      sub.rowRange(r, r + 1).copyFrom(pixels.rowRange(i, i + 1));
      subLabels[r] = labels[i];
      subSources.add(sources.get(i));
    }
    return new FaceSet(sub, height, width, subLabels, personNames, subSources);
  }
}
