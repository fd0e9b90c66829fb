package io.facerecon.report;

import io.facerecon.data.Occlusion;
import io.facerecon.study.OcclusionCase;
import io.facerecon.study.RunResult;
import io.facerecon.study.Study;
import io.facerecon.linalg.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The pictures of a study report.
 *
 * @param gallery the gallery faces as originals above every run's reconstructions
 * @param basis each run's basis images, for runs that have them
 * @param curves training curves, one chart per kind of method and curve
 * @param quality test quality against fit time and against code size
 * @param occlusion per occlusion of the study: the occluded gallery faces with every run's
 *     reconstruction, then the hole PSNR against code size; empty without occlusions
 * @param leeSeung VQ, PCA and NMF side by side at one code size ({@link LeeSeungFigure}), when
 *     the study has at least two of them
 */
public record ReportFigures(
    Figure gallery, List<Figure> basis, List<Figure> curves, List<Figure> quality, List<Figure> occlusion,
    Optional<Figure> leeSeung) {
  /**
   * The figures of a study of clean faces only.
   *
   * @param gallery the gallery faces as originals above every run's reconstructions
   * @param basis each run's basis images, for runs that have them
   * @param curves training curves
   * @param quality test quality against fit time and against code size
   */
  public ReportFigures(Figure gallery, List<Figure> basis, List<Figure> curves, List<Figure> quality) {
    this(gallery, basis, curves, quality, List.of(), Optional.empty());
  }

  /** Gallery faces are drawn about this many pixels tall, whatever their size. */
  private static final int FACE_PIXELS = 110;
  /** Basis images are drawn smaller: there are many. */
  private static final int BASIS_PIXELS = 64;
  private static final int BASIS_COLUMNS = 15;
  /** A large code (an NMF matched to an autoencoder's code size) would fill pages; show a few. */
  private static final int MAX_BASIS_SHOWN = 45;

  /** Draws every figure of {@code study}. */
  public static ReportFigures of(Study study) {
    List<RunResult> runs = study.runs();
    return new ReportFigures(
        gallery(study), basis(study), Charts.curves(runs), quality(runs), occlusion(study),
        LeeSeungFigure.of(study, FACE_PIXELS));
  }

  /** Every figure, in page order. */
  public List<Figure> all() {
    List<Figure> all = new ArrayList<>();
    all.add(gallery);
    leeSeung.ifPresent(all::add);
    all.addAll(quality);
    all.addAll(curves);
    all.addAll(basis);
    all.addAll(occlusion);
    return all;
  }

  /** Per occlusion: the gallery grid, then the hole-PSNR chart. */
  private static List<Figure> occlusion(Study study) {
    List<Figure> out = new ArrayList<>();
    for (int o = 0; o < study.occlusions().size(); o++) {
      OcclusionCase c = study.occlusions().get(o);
      String slug = Charts.slug(c.spec());
      List<FloatMatrix> rows = new ArrayList<>();
      List<String> captions = new ArrayList<>();
      rows.add(study.galleryOriginals());
      captions.add("original");
      // Hidden pixels drawn black, so the hole shows whatever the face's gray levels.
      rows.add(Occlusion.fill(study.galleryOriginals(), c.galleryMasks(), 0f));
      captions.add("occluded");
      for (RunResult r : study.runs()) {
        rows.add(r.occlusions().get(o).galleryReconstructions());
        captions.add(r.name());
      }
      var image = ImageGrid.captionedRows(rows, captions, study.height(), study.width(), zoom(study, FACE_PIXELS));
      out.add(new Figure(
          "occlusion-" + (o + 1) + "-" + slug + ".png",
          "The same " + study.gallery().size() + " test faces occluded by " + c.spec() + ", reconstructed",
          "Top row: the held-out faces; second row: what is hidden (black); each row below: one run's"
              + " reconstruction from the occluded face (NMF codes the observed pixels only; an"
              + " autoencoder sees the hidden pixels at the training mean, "
              + Figures.ssim(c.fill()) + ").",
          Pngs.encode(image), image.getWidth()));
      Charts.holePsnrVsCodeSize(study.runs(), o, c.spec(), "hole-psnr-vs-code-size-" + (o + 1) + "-" + slug + ".png")
          .ifPresent(out::add);
    }
    return out;
  }

  private static int zoom(Study study, int pixels) {
    return Math.max(1, Math.round((float) pixels / study.height()));
  }

  private static Figure gallery(Study study) {
    List<FloatMatrix> rows = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    rows.add(study.galleryOriginals());
    captions.add("original");
    for (RunResult r : study.runs()) {
      rows.add(r.galleryReconstructions());
      captions.add(r.name());
    }
    var image = ImageGrid.captionedRows(rows, captions, study.height(), study.width(), zoom(study, FACE_PIXELS));
    return new Figure(
        "gallery.png", "The same " + study.gallery().size() + " test faces, reconstructed",
        "Top row: held-out test faces no method saw while fitting. Each row below: one run's"
            + " reconstruction of them. Gray levels: 0 black to 1 white; values outside are clipped.",
        Pngs.encode(image), image.getWidth());
  }

  private static List<Figure> basis(Study study) {
    List<Figure> out = new ArrayList<>();
    for (int i = 0; i < study.runs().size(); i++) {
      RunResult r = study.runs().get(i);
      if (r.basisImages().isEmpty()) {
        continue;
      }
      FloatMatrix all = r.basisImages().get();
      int shown = Math.min(MAX_BASIS_SHOWN, all.rows());
      FloatMatrix b = all.rowRange(0, shown);
      var image = ImageGrid.render(
          b, study.height(), study.width(), Math.min(BASIS_COLUMNS, shown),
          ImageGrid.Scaling.PER_IMAGE, zoom(study, BASIS_PIXELS));
      String title = r.name() + ": " + (shown < all.rows() ? "the first " + shown + " of " : "")
          + all.rows() + " basis images";
      out.add(new Figure(
          "basis-" + (i + 1) + "-" + Charts.slug(r.name()) + ".png", title,
          "Each image stretched from its own minimum (black) to maximum (white).",
          Pngs.encode(image), image.getWidth()));
    }
    return out;
  }

  private static List<Figure> quality(List<RunResult> runs) {
    return Stream.of(
            Charts.qualityVsTime(runs, "PSNR (dB)", r -> r.test().psnrOfMeanMse(), "psnr-vs-time.png"),
            Charts.qualityVsTime(runs, "SSIM", r -> r.test().meanSsim(), "ssim-vs-time.png"),
            Charts.qualityVsCodeSize(
                runs, "PSNR (dB)", r -> r.test().psnrOfMeanMse(), "psnr-vs-code-size.png"),
            Charts.perImageSpread(runs, "PSNR (dB)", r -> r.test().perImagePsnr(), "psnr-per-image.png"))
        .flatMap(Optional::stream)
        .toList();
  }
}
