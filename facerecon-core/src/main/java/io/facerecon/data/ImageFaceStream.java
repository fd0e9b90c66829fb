package io.facerecon.data;

import io.facerecon.io.BadInputException;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.util.List;

/**
 * {@link FaceStream} over the images of a folder or an LFW archive, each decoded and preprocessed
 * when it is read, exactly as the loader does it ({@link ImageSource}): a streamed image equals
 * the loaded one bit for bit. A batch is decoded on the threads of the caller's execution context.
 *
 * <p>An image that cannot be read or used when its batch is read is an error naming the file
 * (with the same message the loader gives). With {@code skipBad} the stream first decodes every
 * image once, as the loader does, and leaves out those that fail; without it nothing is read
 * before the first batch.
 */
final class ImageFaceStream implements FaceStream {
  private final ImageSource source;
  /** The catalog index of each image of the stream. */
  private final int[] images;
  private final List<String> skipped;

  private ImageFaceStream(ImageSource source, int[] images, List<String> skipped) {
    this.source = source;
    this.images = images;
    this.skipped = List.copyOf(skipped);
  }

  /**
   * A stream over {@code source}'s images; with {@code skipBad}, those that can be read.
   *
   * @throws BadInputException with {@code skipBad}, if an image does not fit the others or none
   *     can be read
   */
  static ImageFaceStream open(ImageSource source, boolean skipBad) {
    if (!skipBad) {
      int[] all = new int[source.catalog().size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return new ImageFaceStream(source, all, List.of());
    }
    ImageBatch scan = ImageBatch.scan(source);
    List<String> skipped = scan.skipped(true);
    return new ImageFaceStream(source, scan.readIndices(), skipped);
  }

  @Override
  public int size() {
    return images.length;
  }

  @Override
  public int height() {
    return source.height();
  }

  @Override
  public int width() {
    return source.width();
  }

  @Override
  public void read(int first, FloatMatrix dest) {
    StreamArguments.requireRange(this, first, dest);
    decode(first, null, dest);
  }

  @Override
  public void read(int[] indices, FloatMatrix dest) {
    StreamArguments.requireIndices(this, indices, dest);
    decode(0, indices, dest);
  }

  /**
   * Decodes image {@code indices[r]} (or {@code first + r}) into row r of {@code dest}, on all
   * threads; the failure of the first failing row is thrown, whatever thread met it.
   */
  private void decode(int first, int[] indices, FloatMatrix dest) {
    int p = pixelCount();
    BadInputException[] failures = new BadInputException[dest.rows()];
    Parallel.forRange(dest.rows(), 1, (from, to) -> {
      float[] row = new float[p];
      for (int r = from; r < to; r++) {
        try {
          source.readRow(images[indices == null ? first + r : indices[r]], row);
          dest.buffer().put(dest.offset() + r * p, row);
        } catch (BadInputException e) {
          failures[r] = e;
        }
      }
    });
    for (BadInputException failure : failures) {
      if (failure instanceof ImageBatch.Mismatch) {
        throw failure;
      }
      if (failure != null) {
        throw new BadInputException(
            failure.getMessage() + "; skipBad leaves out unreadable images (the stream then decodes every image"
                + " once before the first batch)", failure);
      }
    }
  }

  @Override
  public List<String> skipped() {
    return skipped;
  }

  @Override
  public void close() {}
}
