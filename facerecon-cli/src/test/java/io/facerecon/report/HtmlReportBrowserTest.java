package io.facerecon.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.facerecon.study.Study;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a generated report in headless Chromium: every image must load, the results table must
 * have a row per run, and a screenshot of the page is saved to {@code target/report-screenshot.png}.
 */
class HtmlReportBrowserTest {
  private static final Path SCREENSHOT = Paths.get("target", "report-screenshot.png");

  @TempDir Path temp;

  @Test
  void everyImageLoadsAndTheTableHasARowPerRun() throws Exception {
    BrowserCheck browser = new BrowserCheck(temp);
    Study study = SampleStudies.twoKinds();
    Path dir = temp.resolve("report");
    try (OutputDirectory out = OutputDirectory.prepare(dir)) {
      StudyReport.write(study, out);
    }
    int figures = ReportFigures.of(study).all().size();

    JsonNode result = browser.inspect(dir.resolve("report.html"));
    assertThat(result.get("images").asInt()).isEqualTo(figures);
    assertThat(result.get("broken")).as("images that did not load").isEmpty();
    assertThat(result.get("loaded").asInt()).isEqualTo(figures);
    assertThat(result.get("rows").asInt()).isEqualTo(study.runs().size());

    int height = Math.max(800, Math.min(16000, result.get("height").asInt()));
    browser.screenshot(dir.resolve("report.html"), SCREENSHOT, 1280, height);
    BufferedImage shot = ImageIO.read(SCREENSHOT.toFile());
    assertThat(shot).as("screenshot " + SCREENSHOT).isNotNull();
    assertThat(shot.getWidth()).isEqualTo(1280);
    assertThat(shot.getHeight()).isEqualTo(height);
  }
}
