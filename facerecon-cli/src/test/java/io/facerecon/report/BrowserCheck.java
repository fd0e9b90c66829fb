package io.facerecon.report;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * Opens report pages in headless Chromium (Debian's {@code chromium} package): what the browser
 * made of a page, and screenshots. A missing browser fails the test, since a skip would hide the
 * check.
 */
public final class BrowserCheck {
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

  private final Path chromium;
  private final Path work;

  /**
   * @param work a scratch folder for browser profiles and outputs (e.g. a JUnit temp dir)
   */
  public BrowserCheck(Path work) {
    this.chromium = chromium();
    this.work = work;
  }

  /**
   * Loads {@code page} and reports, as JSON: {@code images} (count), {@code loaded} (complete
   * with natural width &gt; 0), {@code broken} (their {@code data-file} names), {@code rows} of
   * the results table and the page's {@code height} in CSS pixels.
   */
  public JsonNode inspect(Path page) throws IOException, InterruptedException {
    Path checked = Files.createTempFile(work, "checked", ".html");
    String html = Files.readString(page, StandardCharsets.UTF_8);
    Files.writeString(checked, html.replace("</body>", CHECK_SCRIPT + "</body>"), StandardCharsets.UTF_8);
    String dom = run("--dump-dom", "--virtual-time-budget=10000", checked.toUri().toString());
    Matcher m = Pattern.compile("<pre id=\"facerecon-check\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    if (!m.find()) {
      fail("the check script left no result in the page; Chromium printed:\n"
          + dom.substring(0, Math.min(2000, dom.length())));
    }
    return new ObjectMapper().readTree(unescape(m.group(1)));
  }

  /** Saves a {@code width × height} screenshot of {@code page} as the PNG {@code file}. */
  public void screenshot(Path page, Path file, int width, int height) throws IOException, InterruptedException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.deleteIfExists(file);
    run("--hide-scrollbars", "--window-size=" + width + "," + height,
        "--screenshot=" + file.toAbsolutePath(), page.toUri().toString());
  }

  /** Debian's chromium, at its usual place or on the PATH. */
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
  private String run(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "profile");
    List<String> cmd = new ArrayList<>(List.of(
        chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Path stdout = Files.createTempFile(work, "chromium", ".out");
    Path stderr = Files.createTempFile(work, "chromium", ".err");
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
