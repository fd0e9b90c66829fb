package io.facerecon.study;

import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;
import java.util.Map;
import java.util.Optional;

/**
 * A way to encode faces into short codes and decode them again: the one interface through which
 * NMF, the autoencoder or any further method takes part in a study.
 *
 * <p>A study calls {@link #fit} once on the training faces, then {@link #reconstructTraining} on
 * them and {@link #reconstruct} on the held-out faces. Reconstructions are N × height·width
 * matrices in the faces' order, on the faces' [0, 1] scale (values outside are allowed and
 * measured as they are).
 */
public interface ReconstructionMethod {
  /**
   * A short name, unique within a study, e.g. "NMF k=30, 1000 it".
   *
   * @return the run's name
   */
  String name();

  /**
   * The family, e.g. "NMF" or "AE"; runs of one kind share a colour and a curve chart.
   *
   * @return the method family
   */
  String kind();

  /**
   * The settings that define this run (e.g. k, iterations, solver, seed), in display order.
   *
   * @return the defining settings, in display order
   */
  Map<String, Object> settings();

  /**
   * Learns from {@code train}, reporting progress in iterations or epochs.
   *
   * @param train the training faces
   * @param progress told the steps done so far
   * @return the steps run, their unit and the training curves
   */
  FitResult fit(FaceSet train, Progress progress);

  /**
   * Reconstructs faces the fit did not see: each is encoded (NMF: {@code transform} with the
   * basis fixed; AE: the encoder) and decoded.
   *
   * @param faces faces not used in the fit
   * @return the reconstructions, one face per row
   */
  FloatMatrix reconstruct(FaceSet faces);

  /**
   * Reconstructs held-out faces of which the pixels {@code masks} marks are hidden. By default the
   * hidden pixels are set to {@code fill} and the faces reconstructed like any ({@link
   * #reconstruct}); a method that can code a face from its observed pixels alone (NMF's masked
   * {@code transform}) does so and ignores {@code fill}.
   *
   * @param faces the clean faces (their hidden pixels must not be used)
   * @param masks images × pixels, non-zero = hidden
   * @param fill the value a hidden pixel takes in the input, finite
   * @return the reconstructions, one face per row
   */
  default FloatMatrix reconstructOccluded(FaceSet faces, FloatMatrix masks, double fill) {
    io.facerecon.data.Occlusion.requireFinite(fill);
    FloatMatrix filled = io.facerecon.data.Occlusion.fill(faces.pixels(), masks, (float) fill);
    return reconstruct(FaceSet.unlabelled(filled, faces.height(), faces.width()));
  }

  /**
   * Reconstructs the training faces given to {@link #fit}. By default they are encoded afresh like
   * any faces; a method whose fit already holds their codes (NMF's H) returns its own product.
   *
   * @param train the faces given to {@link #fit}
   * @return their reconstructions, one face per row
   */
  default FloatMatrix reconstructTraining(FaceSet train) {
    return reconstruct(train);
  }

  /**
   * Numbers in one image's code (NMF: k; AE: channels × code height × code width).
   *
   * @return the code size of one image
   */
  int codeSize();

  /**
   * Numbers learnt in the fit (NMF: pixels × k basis; AE: all weights and biases).
   *
   * @return the number of learnt parameters
   */
  long parameterCount();

  /**
   * The codes of {@code faces}, for a method that decodes linearly: a face's reconstruction is its
   * code times {@link #basisImages()} (plus a constant image, PCA's mean). Such a method is
   * measured against the truncated SVD ({@link SvdBound}) and by its codes' sparseness.
   *
   * @param faces the faces to encode
   * @return N × codeSize codes, or empty for a method that does not decode linearly
   */
  default Optional<FloatMatrix> linearCodes(FaceSet faces) {
    return Optional.empty();
  }

  /**
   * The codes of the training faces given to {@link #fit}, as {@link #linearCodes}; a method whose
   * fit holds them (NMF's H) returns its own.
   *
   * @param train the faces given to {@link #fit}
   * @return N × codeSize codes, or empty for a method that does not decode linearly
   */
  default Optional<FloatMatrix> trainingLinearCodes(FaceSet train) {
    return linearCodes(train);
  }

  /**
   * The learnt basis images, k × height·width (NMF's W transposed), if the method has them.
   *
   * @return the basis images, or empty if the method has none
   */
  default Optional<FloatMatrix> basisImages() {
    return Optional.empty();
  }
}
