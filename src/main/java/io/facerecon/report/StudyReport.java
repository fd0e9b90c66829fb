package io.facerecon.report;

import io.facerecon.eval.Study;
import io.facerecon.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    for (Figure f : figures.all()) {
      AtomicFiles.write(dir.resolve(f.fileName()), f.png());
    }
    ResultsWriter.writeJson(dir, study, conclusions);
    ResultsWriter.writeCsv(dir, study);
    // The page last: its presence marks a complete set of outputs.
    AtomicFiles.write(
        dir.resolve("report.html"),
        HtmlReport.render(study, figures, conclusions).getBytes(StandardCharsets.UTF_8));
  }
}
