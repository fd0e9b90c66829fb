package io.facerecon.study;

import io.facerecon.eval.Ssim;

import io.facerecon.data.FaceSet;
import io.facerecon.linalg.FloatMatrix;
import java.util.List;

/**
 * The outcome of a study: how it was set up, the faces it used, and one {@link RunResult} per
 * method, in the order the methods were given.
 */
public final class Study {
  private final StudySetup setup;
  private final Ssim ssim;
  private final int threads;
  private final int height;
  private final int width;
  private final List<String> trainSources;
  private final List<String> testSources;
  private final List<String> persons;
  private final FaceSet gallery;
  private final List<RunResult> runs;
  private final List<OcclusionCase> occlusions;

  /**
   * @param setup how the study was set up
   * @param ssim the SSIM preset of every SSIM figure
   * @param threads the thread count the study ran with (results depend on it)
   * @param train the training faces
   * @param test the held-out test faces
   * @param gallery the test faces every method's reconstruction is shown on
   * @param runs one result per method, each with a reconstruction of every gallery face
   */
  public Study(
      StudySetup setup, Ssim ssim, int threads, FaceSet train, FaceSet test, FaceSet gallery,
      List<RunResult> runs) {
    this(setup, ssim, threads, train, test, gallery, runs, List.of());
  }

  /**
   * A study that also reconstructed occluded test faces.
   *
   * @param setup how the study was set up
   * @param ssim the SSIM preset of every SSIM figure
   * @param threads the thread count the study ran with (results depend on it)
   * @param train the training faces
   * @param test the held-out test faces
   * @param gallery the test faces every method's reconstruction is shown on
   * @param runs one result per method, each with a result per occlusion
   * @param occlusions the occlusions of the test faces, in order
   */
  public Study(
      StudySetup setup, Ssim ssim, int threads, FaceSet train, FaceSet test, FaceSet gallery,
      List<RunResult> runs, List<OcclusionCase> occlusions) {
    this.setup = setup;
    this.occlusions = List.copyOf(occlusions);
    this.ssim = ssim;
    this.threads = threads;
    this.height = train.height();
    this.width = train.width();
    this.trainSources = train.sources();
    this.testSources = test.sources();
    this.persons = train.personNames();
    this.gallery = gallery;
    this.runs = List.copyOf(runs);
    for (RunResult r : runs) {
      if (r.galleryReconstructions().rows() != gallery.size()) {
        throw new IllegalArgumentException(
            r.name() + ": " + r.galleryReconstructions().rows() + " gallery reconstructions for "
                + gallery.size() + " gallery faces");
      }
      if (r.occlusions().size() != this.occlusions.size()) {
        throw new IllegalArgumentException(
            r.name() + ": " + r.occlusions().size() + " occlusion results for " + this.occlusions.size()
                + " occlusions");
      }
    }
  }

  /**
   * The occlusions of the held-out faces every run reconstructed, in order; empty for a study of
   * clean faces only.
   *
   * @return the occlusion cases
   */
  public List<OcclusionCase> occlusions() {
    return occlusions;
  }

  /**
   * How the study was set up.
   *
   * @return the setup
   */
  public StudySetup setup() {
    return setup;
  }

  /**
   * The SSIM preset of every SSIM figure.
   *
   * @return the SSIM preset
   */
  public Ssim ssim() {
    return ssim;
  }

  /**
   * Threads the study ran with.
   *
   * @return the thread count
   */
  public int threads() {
    return threads;
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
   * Number of training faces.
   *
   * @return the training face count
   */
  public int trainImages() {
    return trainSources.size();
  }

  /**
   * Number of held-out test faces.
   *
   * @return the test face count
   */
  public int testImages() {
    return testSources.size();
  }

  /**
   * Where each training face came from, in the order of the per-image training figures.
   *
   * @return the training faces' sources
   */
  public List<String> trainSources() {
    return trainSources;
  }

  /**
   * Where each test face came from, in the order of the per-image test figures.
   *
   * @return the test faces' sources
   */
  public List<String> testSources() {
    return testSources;
  }

  /**
   * Person names, indexed by label.
   *
   * @return the person names
   */
  public List<String> persons() {
    return persons;
  }

  /**
   * The gallery faces, a few test faces shown with every reconstruction.
   *
   * @return the gallery faces
   */
  public FaceSet gallery() {
    return gallery;
  }

  /**
   * The gallery's pixels, one face per row.
   *
   * @return the gallery pixels
   */
  public FloatMatrix galleryOriginals() {
    return gallery.pixels();
  }

  /**
   * One result per method, in the order the methods were given.
   *
   * @return the run results
   */
  public List<RunResult> runs() {
    return runs;
  }
}
