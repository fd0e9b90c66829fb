package io.facerecon.study;

import io.facerecon.io.BadInputException;

import io.facerecon.eval.Evaluation;
import io.facerecon.eval.Sparseness;
import io.facerecon.eval.HoleMetrics;
import io.facerecon.data.Occlusion;
import io.facerecon.eval.Ssim;

import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;
import io.facerecon.linalg.Parallel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a study: fits each method on the training faces, reconstructs the training and the test
 * faces, and measures time, code size and quality on both.
 */
public final class StudyRunner {
  /** How many test faces the report shows by default. */
  public static final int DEFAULT_GALLERY_SIZE = 10;

  private final Ssim ssim;
  private final Phases phases;
  private final int gallerySize;

  /**
   * @param ssim the SSIM preset for every SSIM figure
   * @param phases receives each phase as it starts (fit, evaluate), e.g. to show progress bars
   * @param gallerySize how many test faces to keep every method's reconstruction of
   */
  public StudyRunner(Ssim ssim, Phases phases, int gallerySize) {
    if (gallerySize < 1) {
      throw new BadInputException("gallery size must be >= 1, got " + gallerySize);
    }
    this.ssim = ssim;
    this.phases = phases;
    this.gallerySize = gallerySize;
  }

  /**
   * Checks what a study needs before any work starts: methods with distinct names, training and
   * test faces of one size, large enough for the SSIM window.
   *
   * @param train the training faces
   * @param test the test faces
   * @param methods the methods to run
   */
  public void check(FaceSet train, FaceSet test, List<? extends ReconstructionMethod> methods) {
    if (methods.isEmpty()) {
      throw new BadInputException("a study needs at least one method, got none");
    }
    Set<String> names = new HashSet<>();
    for (ReconstructionMethod m : methods) {
      if (!names.add(m.name())) {
        throw new BadInputException("two methods are both called '" + m.name() + "'");
      }
    }
    if (train.size() == 0 || test.size() == 0) {
      throw new BadInputException(
          "a study needs training and test faces, got " + train.size() + " and " + test.size());
    }
    if (train.height() != test.height() || train.width() != test.width()) {
      throw new BadInputException(
          "training faces are " + train.height() + "x" + train.width() + " but test faces are "
              + test.height() + "x" + test.width());
    }
    if (train.height() < ssim.windowSize() || train.width() < ssim.windowSize()) {
      throw new BadInputException(
          "faces of " + train.height() + "x" + train.width() + " are smaller than the "
              + ssim.windowSize() + "x" + ssim.windowSize() + " SSIM window (" + ssim.name() + ")");
    }
  }

  /**
   * Runs every method in turn and returns the study's results.
   *
   * @param setup how the study was set up, for the report
   * @param train the training faces
   * @param test the held-out test faces
   * @param methods the methods, run in this order
   * @return the study's results
   */
  public Study run(
      StudySetup setup, FaceSet train, FaceSet test, List<? extends ReconstructionMethod> methods) {
    return run(setup, train, test, methods, List.of(), 0);
  }

  /**
   * Runs every method in turn and also has each reconstruct the test faces under every occlusion:
   * the masks are drawn once per occlusion with {@code seed} ({@link Occlusion#masks}), the same
   * for every method; a method sees the occluded faces as {@link
   * ReconstructionMethod#reconstructOccluded} does, with the training faces' mean pixel as the
   * fill. Each is measured on the whole face ({@link Evaluation}) and on the hole ({@link
   * HoleMetrics}).
   *
   * @param setup how the study was set up, for the report
   * @param train the training faces
   * @param test the held-out test faces
   * @param methods the methods, run in this order
   * @param occlusions the occlusions of the test faces, none for a study of clean faces only
   * @param seed the seed of the occlusions' masks
   * @return the study's results
   */
  public Study run(
      StudySetup setup, FaceSet train, FaceSet test, List<? extends ReconstructionMethod> methods,
      List<Occlusion> occlusions, long seed) {
    check(train, test, methods);
    int[] galleryIndices = Gallery.pick(test, gallerySize);
    FaceSet gallery = test.subset(galleryIndices);
    List<OcclusionCase> cases = new ArrayList<>();
    if (!occlusions.isEmpty()) {
      double fill = OcclusionCorruption.meanPixel(train);
      for (Occlusion o : occlusions) {
        FloatMatrix masks = o.masks(test.size(), test.height(), test.width(), seed);
        cases.add(new OcclusionCase(o, seed, masks, fill, rows(masks, galleryIndices)));
      }
    }
    List<RunResult> runs = new ArrayList<>();
    Bounds bounds = new Bounds(train, test);
    for (ReconstructionMethod m : methods) {
      runs.add(runOne(m, train, test, galleryIndices, cases, bounds));
    }
    return new Study(setup, ssim, Parallel.threads(), train, test, gallery, runs, cases);
  }

  /** The truncated SVD bounds of the training and test faces, computed when first needed. */
  private static final class Bounds {
    private final FaceSet train;
    private final FaceSet test;
    private SvdBound trainBound;
    private SvdBound testBound;

    Bounds(FaceSet train, FaceSet test) {
      this.train = train;
      this.test = test;
    }

    SvdBound train() {
      if (trainBound == null) {
        trainBound = SvdBound.of(train.pixels());
      }
      return trainBound;
    }

    SvdBound test() {
      if (testBound == null) {
        testBound = SvdBound.of(test.pixels());
      }
      return testBound;
    }
  }

  private RunResult runOne(
      ReconstructionMethod m, FaceSet train, FaceSet test, int[] galleryIndices,
      List<OcclusionCase> cases, Bounds bounds) {
    FitResult fit;
    long start = System.nanoTime();
    try (Phases.Phase phase = phases.start("fit " + m.name())) {
      fit = m.fit(train, phase);
    }
    double fitSeconds = fit.reportsSeconds() ? fit.seconds() : (System.nanoTime() - start) / 1e9;

    try (Phases.Phase phase = phases.start("evaluate " + m.name())) {
      int parts = 2 + cases.size();
      phase.update(0, parts);
      FloatMatrix trainRecon = checked(m, train, m.reconstructTraining(train));
      Evaluation trainEval = Evaluation.of(train, trainRecon, ssim);
      phase.update(1, parts);
      long t0 = System.nanoTime();
      FloatMatrix testRecon = checked(m, test, m.reconstruct(test));
      double reconstructSeconds = (System.nanoTime() - t0) / 1e9;
      Evaluation testEval = Evaluation.of(test, testRecon, ssim);
      phase.update(2, parts);
      List<OcclusionResult> occluded = new ArrayList<>();
      for (OcclusionCase c : cases) {
        FloatMatrix recon = checked(m, test, m.reconstructOccluded(test, c.masks(), c.fill()));
        occluded.add(new OcclusionResult(
            c.spec(), Evaluation.of(test, recon, ssim),
            HoleMetrics.of(test.pixels(), recon, c.masks(), test.height(), test.width(), ssim),
            rows(recon, galleryIndices)));
        phase.update(2 + occluded.size(), parts);
      }
      FloatMatrix basis = m.basisImages().map(b -> checkedBasis(m, b, train)).orElse(null);
      LinearCode linear = basis == null ? null : m.trainingLinearCodes(train)
          .map(codes -> new LinearCode(
              bounds.train().ratio(frobeniusDistance(train.pixels(), trainRecon), m.codeSize()),
              bounds.test().ratio(frobeniusDistance(test.pixels(), testRecon), m.codeSize()),
              Sparseness.meanOfRows(basis),
              m.codeSize() < 2 ? Double.NaN : Sparseness.meanOfRows(codes),
              m.linearCodes(test.subset(galleryIndices)).orElseThrow()))
          .orElse(null);
      return new RunResult(
          m.name(), m.kind(), m.settings(), fitSeconds, reconstructSeconds, fit, m.codeSize(),
          train.pixelCount(), m.parameterCount(), trainEval, testEval, basis,
          rows(testRecon, galleryIndices), occluded, linear);
    }
  }

  /** ‖a − b‖_F, summed in double precision. */
  private static double frobeniusDistance(FloatMatrix a, FloatMatrix b) {
    double sum = 0;
    for (int i = 0, n = a.size(); i < n; i++) {
      double d = a.get(i) - b.get(i);
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /** A copy of the rows at {@code indices}. */
  private static FloatMatrix rows(FloatMatrix m, int[] indices) {
    FloatMatrix out = FloatMatrix.zeros(indices.length, m.cols());
    for (int r = 0; r < indices.length; r++) {
      out.rowRange(r, r + 1).copyFrom(m.rowRange(indices[r], indices[r] + 1));
    }
    return out;
  }

  private static FloatMatrix checked(ReconstructionMethod m, FaceSet faces, FloatMatrix recon) {
    if (recon.rows() != faces.size() || recon.cols() != faces.pixelCount()) {
      throw new IllegalStateException(
          m.name() + " returned " + recon.rows() + "x" + recon.cols() + " reconstructions for "
              + faces.size() + " faces of " + faces.pixelCount() + " pixels");
    }
    return recon;
  }

  private static FloatMatrix checkedBasis(ReconstructionMethod m, FloatMatrix basis, FaceSet train) {
    if (basis.cols() != train.pixelCount()) {
      throw new IllegalStateException(
          m.name() + " returned basis images of " + basis.cols() + " pixels, expected "
              + train.pixelCount());
    }
    return basis.copy();
  }
}
