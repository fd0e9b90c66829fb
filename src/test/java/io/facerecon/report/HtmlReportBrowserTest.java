package io.facerecon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.eval.Study;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a generated report in headless Chromium: every image must load, the results table must
 * have a row per run, and a screenshot of the page is saved to {@code target/report-screenshot.png}.
 */
class HtmlReportBrowserTest {
  private static final Path SCREENSHOT = Paths.get("target", "report-screenshot.png");
  private static final long TIMEOUT_SECONDS = 90;

  /** Appended to a copy of the page: writes what the browser sees into the DOM as JSON. */
  private static final String CHECK_SCRIPT = """
      <script>
      window.addEventListener('load', () => {
        const images = Array.from(document.images);
        const ok = i => i.complete && i.naturalWidth > 0;
        const result = {
          images: images.length,
          loaded: images.filter(ok).length,
          broken: images.filter(i => !ok(i)).map(i => i.getAttribute('data-file')),
          rows: document.querySelectorAll('#results-table tbody tr').length,
          height: document.documentElement.scrollHeight
        };
        const pre = document.createElement('pre');
        pre.id = 'facerecon-check';
        pre.textContent = JSON.stringify(result);
        document.body.appendChild(pre);
      });
      </script>
      """;

  @TempDir Path temp;

  @Test
  void everyImageLoadsAndTheTableHasARowPerRun() throws Exception {
    Path chromium = chromium();
    Study study = SampleStudies.twoKinds();
    Path dir = temp.resolve("report");
    try (OutputDirectory out = OutputDirectory.prepare(dir)) {
      StudyReport.write(study, out);
    }
    int figures = ReportFigures.of(study).all().size();

    String page = Files.readString(dir.resolve("report.html"));
    Path checked = dir.resolve("checked.html");
    Files.writeString(checked, page.replace("</body>", CHECK_SCRIPT + "</body>"));
    String dom = run(chromium, "--dump-dom", "--virtual-time-budget=10000", checked.toUri().toString());
    Matcher m = Pattern.compile("<pre id=\"facerecon-check\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    if (!m.find()) {
      fail("the check script left no result in the page; Chromium printed:\n"
          + dom.substring(0, Math.min(2000, dom.length())));
    }
    JsonNode result = new ObjectMapper().readTree(unescape(m.group(1)));
    assertThat(result.get("images").asInt()).isEqualTo(figures);
    assertThat(result.get("broken")).as("images that did not load").isEmpty();
    assertThat(result.get("loaded").asInt()).isEqualTo(figures);
    assertThat(result.get("rows").asInt()).isEqualTo(study.runs().size());

    int height = Math.max(800, Math.min(16000, result.get("height").asInt()));
    Files.createDirectories(SCREENSHOT.getParent());
    Files.deleteIfExists(SCREENSHOT);
    run(chromium, "--hide-scrollbars", "--window-size=1280," + height,
        "--screenshot=" + SCREENSHOT.toAbsolutePath(), dir.resolve("report.html").toUri().toString());
    BufferedImage shot = ImageIO.read(SCREENSHOT.toFile());
    assertThat(shot).as("screenshot " + SCREENSHOT).isNotNull();
    assertThat(shot.getWidth()).isEqualTo(1280);
    assertThat(shot.getHeight()).isEqualTo(height);
  }

  /** Debian's chromium; a missing browser fails the test, since a skip would hide the check. */
  private static Path chromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      Path p = Paths.get(candidate);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        Path p = Paths.get(d, "chromium");
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return fail("Chromium is not installed (no /usr/bin/chromium and no chromium on PATH); the"
        + " browser test needs Debian's chromium package, which .ci/run installs");
  }

  /** Runs headless Chromium with a fresh profile and returns what it printed on stdout. */
  private String run(Path chromium, String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(temp, "profile");
    List<String> cmd = new ArrayList<>(List.of(
        chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Path stdout = Files.createTempFile(temp, "chromium", ".out");
    Path stderr = Files.createTempFile(temp, "chromium", ".err");
    Process p = new ProcessBuilder(cmd)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd));
    }
    if (p.exitValue() != 0) {
      fail("Chromium exited with " + p.exitValue() + ": " + String.join(" ", cmd) + "\n"
          + Files.readString(stderr, StandardCharsets.UTF_8));
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
