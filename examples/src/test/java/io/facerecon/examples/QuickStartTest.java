package io.facerecon.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the example on real faces, and checks that README shows its code as it is. */
class QuickStartTest {
  private static final Path SOURCE = Path.of("src/main/java/io/facerecon/examples/QuickStart.java");

  @Test
  void runsOnLfwAndReportsBothMethods() throws Exception {
    String lfw = System.getenv("FACERECON_LFW");
    if (lfw == null || lfw.isBlank()) {
      fail("FACERECON_LFW is not set; point it at the LFW folder (.ci/run sets ../shared/datasets/lfw)");
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream before = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      QuickStart.main(new String[] {lfw});
    } finally {
      System.setOut(before);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    before.print(out);
    assertThat(out).contains("1217 faces of 62x47: 973 to train on, 244 held out");
    assertThat(out).contains("codes 973x20, components 20x2914");
    assertThat(psnr(out, "NMF k=20")).isBetween(20.0, 25.0);
    assertThat(psnr(out, "autoencoder")).isBetween(18.0, 35.0);
  }

  @Test
  void readmeShowsTheExampleAsItIs() throws IOException {
    String source = Files.readString(SOURCE);
    String body = source.substring(source.indexOf("public final class QuickStart"));
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(readme).as("README.md's \"Use as a library\" section shows %s from its class declaration on", SOURCE)
        .contains(body.strip());
  }

  private static double psnr(String out, String line) {
    Matcher m = Pattern.compile(Pattern.quote(line) + ".*held-out PSNR ([0-9.]+) dB").matcher(out);
    assertThat(m.find()).as("a line starting %s with a PSNR in%n%s", line, out).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
