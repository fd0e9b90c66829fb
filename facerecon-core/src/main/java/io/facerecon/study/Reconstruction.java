package io.facerecon.study;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceStream;
import io.facerecon.data.Occlusion;
import io.facerecon.eval.HoleMetrics;
import io.facerecon.eval.ImageMetrics;
import io.facerecon.eval.Ssim;
import io.facerecon.io.InvalidParameterException;
import io.facerecon.linalg.FloatMatrix;
import java.io.IOException;
import java.util.OptionalDouble;

/**
 * Applies a {@link SavedModel} to faces read from a {@link FaceStream}, a batch at a time, so that
 * memory is bounded by the batch, not by the data: each batch is read, its occlusion masks made,
 * reconstructed, measured and handed to a {@link Sink} (which writes it out) before the next one
 * is read. The buffers are reused from batch to batch.
 *
 * <p>Measures, accumulated over the batches in image order, so that they do not depend on the batch
 * size: the MSE over all pixels, {@code Σ (x − x̂)² / (images · pixels)} summed in double as
 * {@link ImageMetrics#mse} sums it; with an occlusion, the hole's metrics ({@link HoleMetrics},
 * SSIM with scikit-image's defaults). Image i's mask is {@link Occlusion#masks} row i for the
 * seed, whatever batch it falls in. Without a given fill value, an autoencoder sees hidden pixels
 * set to the mean of all visible pixels, {@code Σ visible x / count}, which takes a first pass over
 * the faces.
 *
 * <p>An autoencoder reconstructs each face independently: any batch size gives the same numbers.
 * NMF codes the faces of a batch together: its solver's stopping rule looks at the whole batch, so
 * codes computed in several batches can differ from those computed in one, within the solver's
 * tolerance. A caller that wants the numbers of one call for NMF passes a batch of all faces.
 */
public final class Reconstruction {
  private Reconstruction() {}

  /**
   * How to reconstruct.
   *
   * @param batchSize faces per batch, at least 1
   * @param occlusion the pixels to hide first, or null for whole faces
   * @param seed seeds the occlusion masks
   * @param fill the value an autoencoder sees at a hidden pixel; empty for the mean visible pixel
   */
  public record Settings(int batchSize, Occlusion occlusion, long seed, OptionalDouble fill) {
    /**
     * Checks the settings.
     *
     * @param batchSize faces per batch, at least 1
     * @param occlusion the pixels to hide first, or null
     * @param seed seeds the masks
     * @param fill the fill value, if given: finite
     */
    public Settings {
      if (batchSize < 1) {
        throw new InvalidParameterException("batchSize", "must be >= 1, got " + batchSize);
      }
      if (fill.isPresent()) {
        Occlusion.requireFinite(fill.getAsDouble());
      }
    }
  }

  /**
   * One batch's faces and what became of them; the matrices are reused for the next batch.
   *
   * @param first index of the batch's first face in the stream
   * @param originals the faces, one per row
   * @param masks images × pixels, non-zero = hidden; null without an occlusion
   * @param fill the value hidden pixels were set to (NaN without an occlusion)
   * @param reconstructions the reconstructions, one per row
   */
  public record Batch(int first, FloatMatrix originals, FloatMatrix masks, double fill, FloatMatrix reconstructions) {}

  /** Receives the batches in order, e.g. to write them to files. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Takes one batch.
     *
     * @param batch the batch, valid until this call returns
     * @throws IOException if writing it fails
     */
    void accept(Batch batch) throws IOException;
  }

  /**
   * What the reconstruction measured.
   *
   * @param images faces reconstructed
   * @param mse the MSE over all pixels
   * @param fill the value hidden pixels were set to (NaN without an occlusion)
   * @param hole the hole's metrics, or null without an occlusion
   * @param seconds the time taken, the first pass for the fill value included
   */
  public record Result(int images, double mse, double fill, HoleMetrics hole, double seconds) {}

  /**
   * Reconstructs every face of {@code faces} with {@code model}.
   *
   * @param model the model, of the faces' size
   * @param faces the faces, read in order
   * @param settings batch size and occlusion
   * @param sink receives every batch, in order
   * @return the measures over all faces
   * @throws io.facerecon.io.BadInputException if the faces are not of the model's size, or the
   *     stream finds bad input
   * @throws IOException if the stream cannot be read or the sink cannot write
   */
  public static Result run(SavedModel model, FaceStream faces, Settings settings, Sink sink) throws IOException {
    int h = faces.height();
    int w = faces.width();
    if (h != model.height() || w != model.width()) {
      throw new io.facerecon.io.BadInputException(
          "the model was made for " + model.height() + "x" + model.width() + " images, but the faces are " + h + "x" + w);
    }
    long start = System.nanoTime();
    int n = faces.size();
    int batch = Math.min(settings.batchSize(), Math.max(n, 1));
    int p = faces.pixelCount();
    FloatMatrix pixels = FloatMatrix.zeros(batch, p);
    FloatMatrix masks = settings.occlusion() == null ? null : FloatMatrix.zeros(batch, p);
    FloatMatrix out = FloatMatrix.zeros(batch, p);
    double fill = Double.NaN;
    if (masks != null) {
      fill = settings.fill().isPresent() ? settings.fill().getAsDouble() : visibleMean(faces, settings, pixels, masks);
    }
    ImageMetrics.SquaredErrors errors = new ImageMetrics.SquaredErrors();
    HoleMetrics.Sums hole = masks == null ? null : new HoleMetrics.Sums(h, w, Ssim.SKIMAGE_DEFAULT);
    float[] original = new float[p];
    float[] reconstruction = new float[p];
    for (int first = 0; first < n; first += batch) {
      int count = Math.min(batch, n - first);
      FloatMatrix x = pixels.rowRange(0, count);
      FloatMatrix m = masks == null ? null : masks.rowRange(0, count);
      FloatMatrix y = out.rowRange(0, count);
      read(faces, first, x, m, settings);
      model.reconstruct(FaceSet.unlabelled(x, h, w), m, fill, y);
      for (int r = 0; r < count; r++) {
        x.buffer().get(x.offset() + r * p, original);
        y.buffer().get(y.offset() + r * p, reconstruction);
        errors.add(original, reconstruction);
      }
      if (hole != null) {
        hole.add(x, y, m);
      }
      sink.accept(new Batch(first, x, m, fill, y));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(n, errors.mse(), fill, hole == null ? null : hole.metrics(), seconds);
  }

  /** Reads faces {@code first …} into {@code x} and, with an occlusion, their masks into {@code m}. */
  private static void read(FaceStream faces, int first, FloatMatrix x, FloatMatrix m, Settings settings)
      throws IOException {
    faces.read(first, x);
    if (m != null) {
      int p = x.cols();
      for (int r = 0; r < x.rows(); r++) {
        float[] mask = settings.occlusion().mask(first + r, faces.height(), faces.width(), settings.seed());
        m.buffer().put(m.offset() + r * p, mask);
      }
    }
  }

  /** The mean of the pixels the masks leave visible, over all faces: a pass of its own. */
  private static double visibleMean(FaceStream faces, Settings settings, FloatMatrix pixels, FloatMatrix masks)
      throws IOException {
    double sum = 0;
    long count = 0;
    for (int first = 0; first < faces.size(); first += pixels.rows()) {
      int rows = Math.min(pixels.rows(), faces.size() - first);
      FloatMatrix x = pixels.rowRange(0, rows);
      FloatMatrix m = masks.rowRange(0, rows);
      read(faces, first, x, m, settings);
      for (int i = 0, size = x.size(); i < size; i++) {
        if (m.get(i) == 0) {
          sum += x.get(i);
          count++;
        }
      }
    }
    return count == 0 ? 0 : sum / count;
  }
}
