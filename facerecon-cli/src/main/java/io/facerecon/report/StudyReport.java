package io.facerecon.report;

import io.facerecon.study.Study;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes everything a study produced into an {@link OutputDirectory}: {@code report.html},
 * {@code results.json}, {@code results.csv} and the PNG figures the page shows, then commits the
 * directory so it appears complete or not at all.
 */
public final class StudyReport {
  private StudyReport() {}

  /** Writes the study's outputs into {@code out} and commits it. */
  public static void write(Study study, OutputDirectory out) throws IOException {
    writeFiles(study, out.staging());
    out.commit();
  }

  /** Writes the study's outputs into the directory {@code dir} (no commit). */
  static void writeFiles(Study study, Path dir) throws IOException {
    List<String> conclusions = Conclusions.of(study);
    ReportFigures figures = ReportFigures.of(study);
    // Plain writes suffice: the whole directory appears at once when it is committed.
    for (Figure f : figures.all()) {
      Files.write(dir.resolve(f.fileName()), f.png());
    }
    Files.write(dir.resolve("results.json"), ResultsWriter.jsonBytes(study, conclusions));
    Files.write(dir.resolve("results.csv"), ResultsWriter.csv(study).getBytes(StandardCharsets.UTF_8));
    Files.write(
        dir.resolve("report.html"),
        HtmlReport.render(study, figures, conclusions).getBytes(StandardCharsets.UTF_8));
  }
}
