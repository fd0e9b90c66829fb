package io.facerecon.study;

import io.facerecon.data.FaceSet;
import io.facerecon.data.Occlusion;
import io.facerecon.decomposition.KMeansModel;
import io.facerecon.decomposition.PcaModel;
import io.facerecon.decomposition.SubspaceModel;
import io.facerecon.decomposition.TruncatedSvdModel;
import io.facerecon.io.BadInputException;
import io.facerecon.io.SafeTensors;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.NmfModel;
import io.facerecon.nn.Autoencoder;
import io.facerecon.nn.ModelFile;
import io.facerecon.nn.Shape;
import io.facerecon.nn.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A model file of any kind facerecon writes (an autoencoder from {@link ModelFile}, an NMF from
 * {@link NmfModel#save}, PCA or truncated SVD from {@link SubspaceModel#save}, k-means from {@link
 * KMeansModel#save}), loaded from its header alone and ready to reconstruct faces of its size.
 */
public interface SavedModel {
  /**
   * Image height the model was made for.
   *
   * @return the height in pixels
   */
  int height();

  /**
   * Image width the model was made for.
   *
   * @return the width in pixels
   */
  int width();

  /**
   * Values in the code of one face.
   *
   * @return the code size
   */
  int codeSize();

  /**
   * The faces as the model reconstructs them, one row per face as {@link FaceSet#pixels()}.
   *
   * @param faces faces of {@link #height()} × {@link #width()}
   * @return a new matrix of the faces' shape
   * @throws BadInputException if the faces are of another size
   */
  FloatMatrix reconstruct(FaceSet faces);

  /**
   * What the model is: its method and settings, for a results file.
   *
   * @return names and values, in a stable order
   */
  Map<String, Object> describe();

  /**
   * Reconstructs faces of which the pixels {@code masks} marks are hidden: an NMF model codes each
   * face from its observed pixels with the basis fixed (masked transform) and fills the hole from
   * its basis; an autoencoder reconstructs the face with the hidden pixels set to {@code fill}.
   *
   * @param faces the clean faces (their hidden pixels are not used)
   * @param masks images × pixels, non-zero = hidden
   * @param fill the value an autoencoder sees at a hidden pixel (NMF ignores it), finite
   * @return the reconstructions, one row per face
   */
  default FloatMatrix reconstructOccluded(FaceSet faces, FloatMatrix masks, double fill) {
    Occlusion.requireFinite(fill);
    FloatMatrix filled = Occlusion.fill(faces.pixels(), masks, (float) fill);
    return reconstruct(FaceSet.unlabelled(filled, faces.height(), faces.width()));
  }

  /**
   * Reconstructs {@code faces} into {@code out}: as {@link #reconstruct} without masks, as {@link
   * #reconstructOccluded} with them. For callers that reconstruct batch after batch into one
   * buffer; the numbers are those of the two methods.
   *
   * @param faces the clean faces
   * @param masks images × pixels, non-zero = hidden; or null for whole faces
   * @param fill with masks, the value an autoencoder sees at a hidden pixel, finite
   * @param out receives the reconstructions, one row per face
   */
  default void reconstruct(FaceSet faces, FloatMatrix masks, double fill, FloatMatrix out) {
    out.copyFrom(masks == null ? reconstruct(faces) : reconstructOccluded(faces, masks, fill));
  }

  /**
   * Reads the model in {@code file}, of the kind its header's {@code format} names.
   *
   * @param file a model file
   * @return the model
   * @throws IOException if the file cannot be read
   * @throws BadInputException naming the file if it is not a regular file, no model facerecon
   *     wrote, is damaged, claims sizes its tensors do not hold, or has a NaN or infinite weight
   */
  static SavedModel load(Path file) throws IOException {
    String format = SafeTensors.read(file).metadata().get(ModelFile.FORMAT_KEY);
    if (ModelFile.FORMAT.equals(format)) {
      return autoencoder(ModelFile.load(file));
    }
    if (NmfModel.FORMAT.equals(format)) {
      return nmf(NmfModel.load(file).model(), file);
    }
    if (PcaModel.FORMAT.equals(format) || TruncatedSvdModel.FORMAT.equals(format)) {
      return subspace(SubspaceModel.loadWithMetadata(file).model(), file);
    }
    if (KMeansModel.FORMAT.equals(format)) {
      return kMeans(KMeansModel.load(file).model(), file);
    }
    throw new BadInputException(file + ": unknown model format '" + format + "'; expected one of "
        + String.join(", ", ModelFile.FORMAT, NmfModel.FORMAT, PcaModel.FORMAT,
            TruncatedSvdModel.FORMAT, KMeansModel.FORMAT));
  }

  private static void requireImageSize(int height, String what, Path file) {
    if (height == 0) {
      throw new BadInputException(file + ": the " + what + " model does not record its image size (height and"
          + " width); save it from a model fitted on faces");
    }
  }

  private static SavedModel subspace(SubspaceModel model, Path file) {
    boolean pca = model instanceof PcaModel;
    requireImageSize(model.imageHeight(), pca ? "PCA" : "truncated SVD", file);
    return new SizedModel(model.imageHeight(), model.imageWidth(), model.codeSize()) {
      @Override
      public FloatMatrix reconstruct(FaceSet faces) {
        return model.reconstruct(faces.pixels(), faces.height(), faces.width());
      }

      @Override
      public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", pca ? "pca" : "truncated_svd");
        d.put("k", model.k());
        d.put("code_size", model.codeSize());
        if (model instanceof PcaModel p) {
          d.put("whiten", p.whiten());
          d.put("solver", p.solver().name().toLowerCase(Locale.ROOT));
        } else if (model instanceof TruncatedSvdModel t) {
          d.put("solver", t.algorithm().name().toLowerCase(Locale.ROOT));
        }
        d.put("parameters", (long) (model.k() + (pca ? 1 : 0)) * model.pixels());
        return d;
      }
    };
  }

  private static SavedModel kMeans(KMeansModel model, Path file) {
    requireImageSize(model.imageHeight(), "k-means", file);
    return new SizedModel(model.imageHeight(), model.imageWidth(), model.codeSize()) {
      @Override
      public FloatMatrix reconstruct(FaceSet faces) {
        return model.reconstruct(faces);
      }

      @Override
      public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", "kmeans");
        d.put("k", model.k());
        d.put("code_size", model.codeSize());
        d.put("parameters", (long) model.k() * model.pixels());
        return d;
      }
    };
  }

  private static SavedModel autoencoder(Autoencoder ae) {
    return new SavedModel() {
      /** The occluded inputs of the last batch, reused by the next. */
      private FloatMatrix inputs = FloatMatrix.zeros(0, 0);

      @Override
      public int height() {
        return ae.height();
      }

      @Override
      public int width() {
        return ae.width();
      }

      @Override
      public int codeSize() {
        return ae.codeSize();
      }

      @Override
      public FloatMatrix reconstruct(FaceSet faces) {
        return ae.reconstruct(faces);
      }

      @Override
      public void reconstruct(FaceSet faces, FloatMatrix masks, double fill, FloatMatrix out) {
        FloatMatrix in = faces.pixels();
        if (masks != null) {
          if (inputs.size() < in.size()) {
            inputs = FloatMatrix.zeros(1, in.size());
          }
          in = Occlusion.fill(in, masks, (float) fill, inputs.view(0, faces.size(), faces.pixelCount()));
        }
        Shape shape = ae.imageShape();
        ae.reconstruct(Tensor.wrap(in, shape), Tensor.wrap(out, shape));
      }

      @Override
      public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", "autoencoder");
        d.put("architecture", ae.architecture().id());
        d.put("code_size", ae.codeSize());
        d.put("parameters", ae.parameterCount());
        return d;
      }
    };
  }

  private static SavedModel nmf(NmfModel nmf, Path file) {
    requireImageSize(nmf.imageHeight(), "NMF", file);
    return new SizedModel(nmf.imageHeight(), nmf.imageWidth(), nmf.k()) {
      @Override
      public FloatMatrix reconstruct(FaceSet faces) {
        return nmf.reconstruct(faces);
      }

      @Override
      public FloatMatrix reconstructOccluded(FaceSet faces, FloatMatrix masks, double fill) {
        return nmf.reconstructOccluded(faces, masks);
      }

      @Override
      public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", "nmf");
        d.put("k", nmf.k());
        d.put("code_size", nmf.k());
        d.put("solver", nmf.options().solver().name().toLowerCase(Locale.ROOT));
        d.put("beta_loss", nmf.options().betaLoss().label());
        d.put("max_iter", nmf.options().maxIterations());
        d.put("parameters", (long) nmf.k() * nmf.pixels());
        return d;
      }
    };
  }
}
