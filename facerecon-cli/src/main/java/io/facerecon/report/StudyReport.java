package io.facerecon.report;

import io.facerecon.study.Study;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.facerecon.data.Occlusion;
import io.facerecon.study.OcclusionCase;

/**
 * Writes everything a study produced into an {@link OutputDirectory}: {@code report.html},
 * {@code results.json}, {@code results.csv} and the PNG figures the page shows (and, for a study of
 * occluded faces, each occlusion's masks as a bool {@code .npy}), then commits the directory so it appears complete or not at all.
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
    List<String> occlusionConclusions = Conclusions.occlusions(study);
    ReportFigures figures = ReportFigures.of(study);
    // Plain writes suffice: the whole directory appears at once when it is committed.
    for (Figure f : figures.all()) {
      Files.write(dir.resolve(f.fileName()), f.png());
    }
    for (OcclusionCase c : study.occlusions()) {
      Occlusion.save(dir.resolve(ResultsWriter.masksFile(study, c)), c.masks(), study.height(), study.width());
    }
    List<String> allConclusions = new ArrayList<>(conclusions);
    allConclusions.addAll(occlusionConclusions);
    Files.write(dir.resolve("results.json"), ResultsWriter.jsonBytes(study, allConclusions));
    Files.write(dir.resolve("results.csv"), ResultsWriter.csv(study).getBytes(StandardCharsets.UTF_8));
    Files.write(
        dir.resolve("report.html"),
        HtmlReport.render(study, figures, conclusions, occlusionConclusions).getBytes(StandardCharsets.UTF_8));
  }
}
