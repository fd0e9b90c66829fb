package io.facerecon.data;

import io.facerecon.io.BadInputException;
import java.io.IOException;

/**
 * The images of a folder or archive and how each becomes a row of gray levels: what a loader reads
 * all at once ({@link ImageBatch}) and a stream reads batch by batch ({@link ImageFaceStream}), so
 * that both give the same pixels.
 *
 * @param rootName the data set, for messages
 * @param catalog the images in load order, with their persons
 * @param bytes reads an image's bytes from its source
 * @param writer decodes and preprocesses one image into its row
 * @param height the height of every row's image
 * @param width the width of every row's image
 * @param format the format read
 */
record ImageSource(
    String rootName, Catalog catalog, ImageBatch.ImageBytes bytes, ImageBatch.RowWriter writer, int height,
    int width, DataFormat format) {

  /** Pixels per image. */
  int pixelCount() {
    return height * width;
  }

  /** Image {@code index} of the catalog as it appears in messages. */
  String name(int index) {
    return rootName + "/" + catalog.source(index);
  }

  /**
   * Reads, decodes and preprocesses image {@code index} of the catalog into {@code row}.
   *
   * @throws BadInputException naming the image if it cannot be read or used ({@link
   *     ImageBatch.Mismatch} if it can be read but does not fit the others)
   */
  void readRow(int index, float[] row) {
    String name = name(index);
    byte[] data;
    try {
      data = bytes.read(catalog.source(index));
    } catch (IOException e) {
      throw new BadInputException(name + ": cannot read (" + e + ")", e);
    }
    writer.write(index, data, name, row);
  }
}
