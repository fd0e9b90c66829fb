package io.facerecon.examples;

import io.facerecon.data.FaceSet;
import io.facerecon.data.FaceSetLoader;
import io.facerecon.data.LoadOptions;
import io.facerecon.data.Split;
import io.facerecon.eval.Evaluation;
import io.facerecon.eval.Ssim;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.nmf.NmfEstimator;
import io.facerecon.nmf.NmfOptions;
import io.facerecon.nn.Autoencoder;
import io.facerecon.nn.Trainer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * facerecon as a library, in one page: load LFW as scikit-learn's {@code fetch_lfw_people} does,
 * fit NMF with 20 components, code held-out faces and measure them; train the study's autoencoder
 * for a few epochs and do the same. README's "Use as a library" shows this file.
 *
 * <p>Run it with the LFW folder as its argument, or with {@code FACERECON_LFW} set.
 */
public final class QuickStart {
  private QuickStart() {}

  /** Runs the example on the LFW folder in {@code args[0]}, else in {@code $FACERECON_LFW}. */
  public static void main(String[] args) throws IOException {
    Path lfw = Path.of(args.length > 0 ? args[0] : System.getenv("FACERECON_LFW"));

    // 1,217 faces of 62x47: persons with at least 75 images, as fetch_lfw_people(min_faces_per_person=75).
    FaceSet faces = FaceSetLoader.load(lfw, LoadOptions.defaults().withMinFaces(75));
    Split split = Split.byImage(faces, 0.2, 0);
    System.out.printf("%d faces of %dx%d: %d to train on, %d held out%n",
        faces.size(), faces.height(), faces.width(), split.train().size(), split.test().size());

    // NMF as scikit-learn's NMF(n_components=20): X is images x pixels.
    NmfEstimator nmf = new NmfEstimator(NmfOptions.defaults(20));
    FloatMatrix trainCodes = nmf.fitTransform(split.train());         // 973 x 20
    FloatMatrix testCodes = nmf.transform(split.test());               // 244 x 20, basis fixed
    FloatMatrix nmfFaces = nmf.inverseTransform(testCodes);            // 244 x 2914
    Evaluation nmfTest = Evaluation.of(split.test(), nmfFaces, Ssim.SKIMAGE_DEFAULT);
    System.out.printf("NMF k=20: %d iterations, codes %dx%d, components %dx%d, held-out PSNR %.2f dB, SSIM %.3f%n",
        nmf.nIter(), trainCodes.rows(), trainCodes.cols(), nmf.components().rows(), nmf.components().cols(),
        nmfTest.psnrOfMeanMse(), nmfTest.meanSsim());

    // The study's convolutional autoencoder (PyTorch's layers, MSELoss, Adam lr 1e-3), 3 epochs.
    Autoencoder ae = Autoencoder.study(faces.height(), faces.width(), 0);
    ae.train(split.train(), Trainer.Options.defaults().withEpochs(3));
    Evaluation aeTest = Evaluation.of(split.test(), ae.reconstruct(split.test()), Ssim.SKIMAGE_DEFAULT);
    System.out.printf("autoencoder, 3 epochs: code of %d values, held-out PSNR %.2f dB, SSIM %.3f%n",
        ae.codeSize(), aeTest.psnrOfMeanMse(), aeTest.meanSsim());
  }
}
