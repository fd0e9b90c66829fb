package io.facerecon.report;

import io.facerecon.eval.Evaluation;
import io.facerecon.study.RunResult;
import io.facerecon.study.Study;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A study as one self-contained HTML page: styles inline and every image embedded as a
 * {@code data:} URI, so the file opens from disk, offline, on its own.
 *
 * <p>Sections: setup, results table (one row per run), conclusions, the gallery of test faces
 * with every reconstruction, quality against time and code size, training curves, basis images,
 * and for a study of occluded faces the occluded faces' metrics, reconstructions and conclusions.
 */
public final class HtmlReport {
  private static final String STYLE = """
      :root { --ink: #1d1d1f; --muted: #5f6368; --rule: #c8c8cc; --accent: #0072B2; }
      * { box-sizing: border-box; }
      body { margin: 0; background: #f6f6f4; color: var(--ink);
             font: 15px/1.5 "DejaVu Serif", Georgia, "Times New Roman", serif; }
      main { max-width: 1180px; margin: 0 auto; padding: 32px 40px 56px; background: #fff;
             box-shadow: 0 0 0 1px #e4e4e0; }
      h1 { font-size: 26px; margin: 0 0 4px; font-weight: 600; }
      h2 { font: 600 18px/1.3 "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 36px 0 10px;
           padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
      h3 { font: 600 15px/1.3 "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 20px 0 6px; }
      .subtitle { color: var(--muted); margin: 0 0 8px; }
      nav.subtitle { font-size: 13.5px; }
      a { color: var(--accent); }
      dl.setup { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 0; }
      dl.setup dt { color: var(--muted); }
      dl.setup dd { margin: 0; }
      div.wide { overflow-x: auto; }
      table.results { border-collapse: collapse; width: 100%;
             font: 13px/1.35 "DejaVu Sans", Helvetica, Arial, sans-serif;
             font-variant-numeric: tabular-nums; }
      table.results th, table.results td { padding: 4px 5px; text-align: right; white-space: nowrap; }
      table.results th { white-space: normal; hyphens: manual; }
      table.results th { font-weight: 600; vertical-align: bottom; }
      table.results thead tr:first-child th { border-top: 2px solid var(--ink); }
      table.results thead tr:last-child th { border-bottom: 1px solid var(--ink); }
      table.results tbody tr:last-child td { border-bottom: 2px solid var(--ink); }
      table.results th.group { text-align: center; border-bottom: 1px solid var(--rule); }
      table.results .left { text-align: left; }
      table.results td.settings { color: var(--muted); white-space: normal; min-width: 130px; }
      table.results tbody tr:nth-child(even) { background: #f7f7f5; }
      .best { font-weight: 700; }
      .swatch { display: inline-block; width: 9px; height: 9px; border-radius: 50%;
                margin-right: 6px; vertical-align: 1px; }
      .note { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
      ul.conclusions { padding-left: 20px; margin: 6px 0; }
      ul.conclusions li { margin: 4px 0; }
      figure { margin: 14px 0 22px; }
      figure img { display: block; max-width: 100%; height: auto; border: 1px solid #e4e4e0; }
      figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
      figcaption b { color: var(--ink); }
      .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 4px 24px; }
      footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--rule);
               padding-top: 8px; }
      code { font-family: "DejaVu Sans Mono", monospace; font-size: 12.5px; }
      """;

  private static final int MAX_PERSONS_LISTED = 12;

  private HtmlReport() {}

  /** The whole page. */
  public static String render(Study study, ReportFigures figures, List<String> conclusions) {
    return render(study, figures, conclusions, List.of());
  }

  /**
   * The whole page, with an "Occluded faces" section when the study has occlusions: a table of
   * whole-face and hole metrics per occlusion, {@code occlusionConclusions}, and the figures of
   * {@link ReportFigures#occlusion()}.
   */
  public static String render(
      Study study, ReportFigures figures, List<String> conclusions, List<String> occlusionConclusions) {
    StringBuilder h = new StringBuilder(1 << 20);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Face reconstruction study: ").append(esc(study.setup().data())).append("</title>\n")
        .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n");
    h.append("<h1>Face reconstruction study</h1>\n<p class=\"subtitle\">")
        .append(study.runs().size()).append(" runs of ")
        .append(esc(String.join(" and ", kinds(study)))).append(" on ").append(esc(study.setup().data()))
        .append(", measured on ").append(study.testImages()).append(" held-out test faces.</p>\n");
    h.append("<nav class=\"subtitle\">Contents: <a href=\"#setup\">setup</a> · <a href=\"#results\">results</a>"
        + " · <a href=\"#conclusions\">conclusions</a> · <a href=\"#reconstructions\">reconstructions</a>"
        + " · <a href=\"#quality\">quality against time</a>"
        + (figures.curves().isEmpty() ? "" : " · <a href=\"#curves\">training curves</a>")
        + (figures.basis().isEmpty() ? "" : " · <a href=\"#basis\">basis images</a>")
        + (study.occlusions().isEmpty() ? "" : " · <a href=\"#occlusion\">occluded faces</a>") + "</nav>\n");
    setup(h, study);
    results(h, study);
    h.append("<h2 id=\"conclusions\">Conclusions</h2>\n<ul class=\"conclusions\">\n");
    for (String c : conclusions) {
      h.append("<li>").append(esc(c)).append("</li>\n");
    }
    h.append("</ul>\n");
    h.append("<h2 id=\"reconstructions\">Reconstructions of test faces</h2>\n");
    figure(h, figures.gallery(), "Persons, left to right: " + String.join(", ", galleryPersons(study)) + ".");
    h.append("<h2 id=\"quality\">Quality against time and code size</h2>\n<div class=\"charts\">\n");
    figures.quality().forEach(f -> figure(h, f, null));
    h.append("</div>\n");
    if (!figures.curves().isEmpty()) {
      h.append("<h2 id=\"curves\">Training curves</h2>\n<div class=\"charts\">\n");
      figures.curves().forEach(f -> figure(h, f, null));
      h.append("</div>\n");
    }
    if (!figures.basis().isEmpty()) {
      h.append("<h2 id=\"basis\">Basis images</h2>\n");
      figures.basis().forEach(f -> figure(h, f, null));
    }
    if (!study.occlusions().isEmpty()) {
      occlusions(h, study, figures, occlusionConclusions);
    }
    h.append("<footer>Every figure on this page is also in <code>results.json</code> (with per-image"
        + " metrics and curves) and <code>results.csv</code>; each picture is a PNG file beside this"
        + " page. Written by facerecon.</footer>\n");
    h.append("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static List<String> galleryPersons(Study study) {
    var g = study.gallery();
    return java.util.stream.IntStream.range(0, g.size())
        .mapToObj(i -> g.personNames().get(g.label(i)).replace('_', ' '))
        .toList();
  }

  private static List<String> kinds(Study study) {
    return study.runs().stream().map(RunResult::kind).distinct().toList();
  }

  private static void setup(StringBuilder h, Study study) {
    h.append("<h2 id=\"setup\">Setup</h2>\n<dl class=\"setup\">\n");
    row(h, "Data", study.setup().data());
    row(h, "Faces", study.trainImages() + " for training, " + study.testImages() + " held out for testing; "
        + study.height() + "×" + study.width() + " pixels, gray levels in [0, 1]; "
        + persons(study.persons()));
    row(h, "Split", study.setup().split());
    row(h, "Seed", Long.toString(study.setup().seed()));
    row(h, "Threads", Integer.toString(study.threads()));
    row(h, "MSE, PSNR", "MSE over all pixels of a set; PSNR = 10·log10(1 / MSE) dB of that MSE (data range 1)");
    row(h, "SSIM", "mean over images; " + study.ssim().name() + ": " + study.ssim().description());
    for (Map.Entry<String, String> e : study.setup().details().entrySet()) {
      row(h, e.getKey(), e.getValue());
    }
    h.append("</dl>\n");
  }

  /** "6 persons: A, B, ..." for a few persons, just the count for many. */
  private static String persons(List<String> names) {
    String count = names.size() + (names.size() == 1 ? " person" : " persons");
    if (names.size() > MAX_PERSONS_LISTED) {
      return count;
    }
    return count + ": " + String.join(", ", names.stream().map(n -> n.replace('_', ' ')).toList());
  }

  private static void row(StringBuilder h, String term, String value) {
    h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  private static void results(StringBuilder h, Study study) {
    List<RunResult> runs = study.runs();
    Map<String, java.awt.Color> colours = Charts.kindColours(runs);
    RunResult bestTrainMse = best(runs, r -> -r.train().meanMse());
    RunResult bestTestMse = best(runs, r -> -r.test().meanMse());
    RunResult bestTrainSsim = best(runs, r -> r.train().meanSsim());
    RunResult bestTestSsim = best(runs, r -> r.test().meanSsim());
    RunResult fastest = best(runs, r -> -r.fitSeconds());
    h.append("<h2 id=\"results\">Results</h2>\n<div class=\"wide\">\n<table class=\"results\" id=\"results-table\">\n<thead>\n")
        .append("<tr><th class=\"left\" rowspan=\"2\">Run</th><th class=\"left\" rowspan=\"2\">Settings</th>")
        .append("<th rowspan=\"2\">Code<br>size</th><th rowspan=\"2\">Compres&shy;sion</th>")
        .append("<th rowspan=\"2\">Para&shy;meters</th><th rowspan=\"2\">Fit<br>time (s)</th>")
        .append("<th rowspan=\"2\">Steps</th>")
        .append("<th class=\"group\" colspan=\"3\">Training faces</th>")
        .append("<th class=\"group\" colspan=\"3\">Test faces</th></tr>\n")
        .append("<tr><th>MSE</th><th>PSNR</th><th>SSIM</th><th>MSE</th><th>PSNR</th><th>SSIM</th></tr>\n")
        .append("</thead>\n<tbody>\n");
    for (RunResult r : runs) {
      java.awt.Color c = colours.get(r.kind());
      h.append("<tr class=\"run\"><td class=\"left\"><span class=\"swatch\" style=\"background:")
          .append(String.format("#%06x", c.getRGB() & 0xFFFFFF)).append("\" title=\"").append(esc(r.kind()))
          .append("\"></span>").append(esc(r.name())).append("</td>")
          .append("<td class=\"left settings\">").append(esc(r.settingsLine())).append("</td>");
      cell(h, Integer.toString(r.codeSize()), false);
      cell(h, Figures.ratio(r.compressionRatio()) + "×", false);
      cell(h, Figures.count(r.parameterCount()), false);
      cell(h, Figures.seconds(r.fitSeconds()), r == fastest);
      cell(h, esc(Figures.steps(r.steps(), r.stepUnit())), false);
      metrics(h, r.train(), r == bestTrainMse, r == bestTrainSsim);
      metrics(h, r.test(), r == bestTestMse, r == bestTestSsim);
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n</div>\n<p class=\"note\">Bold: best in its column. Compression: pixels per"
        + " code number (").append(study.height() * study.width()).append(" pixels per face)."
        + " Parameters: numbers learnt in the fit. Steps: iterations (it) or epochs (ep) run.</p>\n");
  }

  private static void occlusions(
      StringBuilder h, Study study, ReportFigures figures, List<String> occlusionConclusions) {
    h.append("<h2 id=\"occlusion\">Occluded faces</h2>\n<p>Every run reconstructs the held-out test"
        + " faces with part of each face hidden, the same pixels for every run (masks seeded by ")
        .append(study.occlusions().get(0).seed()).append(", saved beside this page as <code>.npy</code>):"
        + " NMF codes each face from its observed pixels alone (masked <code>transform</code>, W fixed)"
        + " and fills the hole from its basis; an autoencoder sees the hidden pixels at the training"
        + " faces' mean pixel. <i>Face</i>: every pixel of the reconstruction against the clean face;"
        + " <i>hole</i>: the hidden pixels only (MSE and PSNR over them, SSIM over each hole's bounding"
        + " box).</p>\n");
    h.append("<ul class=\"conclusions\">\n");
    for (String c : occlusionConclusions) {
      h.append("<li>").append(esc(c)).append("</li>\n");
    }
    h.append("</ul>\n");
    Map<String, java.awt.Color> colours = Charts.kindColours(study.runs());
    for (int o = 0; o < study.occlusions().size(); o++) {
      final int i = o;
      var c = study.occlusions().get(o);
      List<RunResult> runs = study.runs();
      RunResult bestHole = best(runs, r -> r.occlusions().get(i).hole().psnr());
      RunResult bestHoleSsim = best(runs, r -> r.occlusions().get(i).hole().ssim());
      RunResult bestFace = best(runs, r -> r.occlusions().get(i).face().psnrOfMeanMse());
      RunResult bestFaceSsim = best(runs, r -> r.occlusions().get(i).face().meanSsim());
      h.append("<h3 id=\"occlusion-").append(o + 1).append("\">").append(esc(c.spec())).append(": ")
          .append(Figures.ratio(100 * c.hiddenFraction())).append(" % of the pixels hidden</h3>\n")
          .append("<div class=\"wide\">\n<table class=\"results occlusion\">\n<thead>\n")
          .append("<tr><th class=\"left\" rowspan=\"2\">Run</th><th rowspan=\"2\">Code<br>size</th>")
          .append("<th class=\"group\" colspan=\"2\">Whole face</th><th class=\"group\" colspan=\"3\">Hole</th></tr>\n")
          .append("<tr><th>PSNR</th><th>SSIM</th><th>MSE</th><th>PSNR</th><th>SSIM</th></tr>\n</thead>\n<tbody>\n");
      for (RunResult r : runs) {
        var res = r.occlusions().get(o);
        java.awt.Color col = colours.get(r.kind());
        h.append("<tr class=\"run\"><td class=\"left\"><span class=\"swatch\" style=\"background:")
            .append(String.format("#%06x", col.getRGB() & 0xFFFFFF)).append("\" title=\"").append(esc(r.kind()))
            .append("\"></span>").append(esc(r.name())).append("</td>");
        cell(h, Integer.toString(r.codeSize()), false);
        cell(h, Figures.psnr(res.face().psnrOfMeanMse()), r == bestFace);
        cell(h, Figures.ssim(res.face().meanSsim()), r == bestFaceSsim);
        cell(h, Figures.mse(res.hole().mse()), r == bestHole);
        cell(h, Figures.psnr(res.hole().psnr()), r == bestHole);
        cell(h, Figures.ssim(res.hole().ssim()), r == bestHoleSsim);
        h.append("</tr>\n");
      }
      h.append("</tbody>\n</table>\n</div>\n");
      String slug = "occlusion-" + (o + 1) + "-";
      String chart = "hole-psnr-vs-code-size-" + (o + 1) + "-";
      figures.occlusion().stream().filter(f -> f.fileName().startsWith(slug))
          .forEach(f -> figure(h, f, "Persons, left to right: " + String.join(", ", galleryPersons(study)) + "."));
      figures.occlusion().stream().filter(f -> f.fileName().startsWith(chart)).forEach(f -> figure(h, f, null));
    }
    h.append("<p class=\"note\">Bold: best in its column for that occlusion.</p>\n");
  }

  private static void metrics(StringBuilder h, Evaluation e, boolean bestMse, boolean bestSsim) {
    cell(h, Figures.mse(e.meanMse()), bestMse);
    cell(h, Figures.psnr(e.psnrOfMeanMse()), bestMse); // PSNR ranks as the MSE does.
    cell(h, Figures.ssim(e.meanSsim()), bestSsim);
  }

  private static void cell(StringBuilder h, String text, boolean best) {
    h.append(best ? "<td class=\"best\">" : "<td>").append(text).append("</td>");
  }

  /** The run with the highest score, or null when no score is a number. */
  private static RunResult best(List<RunResult> runs, ToDoubleFunction<RunResult> score) {
    return runs.stream()
        .filter(r -> !Double.isNaN(score.applyAsDouble(r)))
        .max(Comparator.comparingDouble(score))
        .orElse(null);
  }

  private static void figure(StringBuilder h, Figure f, String extraCaption) {
    h.append("<figure>\n<img src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(f.png()))
        .append("\" width=\"").append(f.displayWidth()).append("\" alt=\"").append(esc(f.title()))
        .append("\" data-file=\"").append(esc(f.fileName())).append("\">\n<figcaption><b>")
        .append(esc(f.title())).append(".</b> ").append(esc(f.caption()));
    if (extraCaption != null) {
      h.append(' ').append(esc(extraCaption));
    }
    h.append(" <a href=\"").append(esc(f.fileName())).append("\">").append(esc(f.fileName()))
        .append("</a></figcaption>\n</figure>\n");
  }

  /** Escapes text for HTML content and attribute values. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
