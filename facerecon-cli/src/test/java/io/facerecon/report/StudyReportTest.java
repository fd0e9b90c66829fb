package io.facerecon.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facerecon.data.FaceSet;
import io.facerecon.study.BlockAverageMethod;
import io.facerecon.study.Curve;
import io.facerecon.study.FitResult;
import io.facerecon.study.Progress;
import io.facerecon.study.Study;
import io.facerecon.linalg.FloatMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyReportTest {
  @TempDir Path root;

  @Test
  void writesPageDataAndFiguresIntoOneCommittedDirectory() throws IOException {
    Study study = SampleStudies.twoKinds();
    Path target = root.resolve("compare-1");
    try (OutputDirectory out = OutputDirectory.prepare(target)) {
      StudyReport.write(study, out);
    }
    assertThat(target.resolve("report.html")).isRegularFile();
    assertThat(target.resolve("results.json")).isRegularFile();
    assertThat(target.resolve("results.csv")).isRegularFile();
    for (String png : List.of("gallery.png", "psnr-vs-time.png", "ssim-vs-time.png", "psnr-vs-code-size.png",
        "curves-block-training-mse.png", "curves-tuned-block-training-mse.png", "basis-1-block-12x12-20-it.png")) {
      BufferedImage img = ImageIO.read(target.resolve(png).toFile());
      assertThat(img).as(png).isNotNull();
      assertThat(img.getWidth()).as(png).isGreaterThan(100);
    }
    try (var files = Files.list(root)) {
      assertThat(files).containsExactly(target);
    }
    // Outputs get the permissions any new file or folder gets here, not a private temp file's.
    Path plainFile = Files.createFile(root.resolve("plain"));
    Path plainDir = Files.createDirectory(root.resolve("plain-dir"));
    assertThat(Files.getPosixFilePermissions(target.resolve("report.html")))
        .isEqualTo(Files.getPosixFilePermissions(plainFile));
    assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plainDir));
  }

  @Test
  void pageIsSelfContainedWithARowPerRunAndEveryFigureEmbedded() throws IOException {
    Study study = SampleStudies.twoKinds();
    ReportFigures figures = ReportFigures.of(study);
    String html = HtmlReport.render(study, figures, Conclusions.of(study));

    assertThat(html).doesNotContain("http://", "https://", "<link", "<script", "url(");
    Matcher img = Pattern.compile("<img src=\"([^\"]{0,40})").matcher(html);
    int images = 0;
    while (img.find()) {
      assertThat(img.group(1)).startsWith("data:image/png;base64,");
      images++;
    }
    assertThat(images).isEqualTo(figures.all().size());
    assertThat(Pattern.compile("<tr class=\"run\">").matcher(html).results().count())
        .isEqualTo(study.runs().size());
    for (var r : study.runs()) {
      assertThat(html).contains(">" + r.name() + "</td>");
    }
    assertThat(html).contains("Setup", "Results", "Conclusions", "Reconstructions of test faces",
        "Training curves", "Basis images", "7×7 uniform window");
  }

  @Test
  void jsonAndCsvHoldEveryFigure() throws IOException {
    Study study = SampleStudies.twoKinds();
    List<String> conclusions = Conclusions.of(study);
    JsonNode json = new ObjectMapper().readTree(ResultsWriter.jsonBytes(study, conclusions));
    assertThat(json.get("format").asText()).isEqualTo(ResultsWriter.FORMAT);
    assertThat(json.get("setup").get("trainImages").asInt()).isEqualTo(96);
    assertThat(json.get("setup").get("ssim").get("preset").asText()).isEqualTo("skimage-default");
    assertThat(json.get("runs")).hasSize(5);
    JsonNode run = json.get("runs").get(0);
    var expected = study.runs().get(0);
    assertThat(run.get("name").asText()).isEqualTo(expected.name());
    assertThat(run.get("settings").get("iterations").asInt()).isEqualTo(20);
    assertThat(run.get("codeSize").asInt()).isEqualTo(expected.codeSize());
    assertThat(run.get("compressionRatio").asDouble()).isEqualTo(expected.compressionRatio());
    assertThat(run.get("test").get("psnrOfMeanMse").asDouble()).isEqualTo(expected.test().psnrOfMeanMse());
    assertThat(run.get("test").get("meanSsim").asDouble()).isEqualTo(expected.test().meanSsim());
    assertThat(run.get("test").get("perImage").get("ssim")).hasSize(24);
    assertThat(run.get("curves").get(0).get("values")).hasSize(20);
    assertThat(json.get("testSources")).hasSize(24);
    assertThat(json.get("conclusions")).hasSize(conclusions.size());

    List<String> lines = ResultsWriter.csv(study).lines().toList();
    assertThat(lines).hasSize(1 + 5);
    assertThat(lines.get(0).split(",")).hasSize(ResultsWriter.CSV_COLUMNS.size());
    // The settings cell holds a comma, so it is quoted.
    assertThat(lines.get(1)).startsWith("\"block 12x12, 20 it\",Block,\"block=12x12, iterations=20\",");
    assertThat(lines.get(1)).contains(Figures.exact(expected.test().meanSsim()));
  }

  @Test
  void curvesWithNonFiniteValuesAreDrawnFromTheirFinitePoints() {
    BlockAverageMethod diverging = new BlockAverageMethod("diverging", "Block", 6, 3) {
      @Override
      public FitResult fit(FaceSet train, Progress progress) {
        super.fit(train, progress);
        return new FitResult(3, "epochs", List.of(
            Curve.perStep("training loss", "epoch", new double[] {0.5, Double.NaN, Double.POSITIVE_INFINITY}),
            Curve.perStep("test loss", "epoch", new double[] {Double.NaN})));
      }
    };
    Study study = SampleStudies.small(List.of(diverging));
    List<Figure> curves = ReportFigures.of(study).curves();
    assertThat(curves).extracting(Figure::fileName).containsExactly("curves-block-training-loss.png");
    assertThat(ResultsWriter.csv(study)).contains("diverging");
    assertThat(new String(ResultsWriter.jsonBytes(study, List.of()), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("NaN\"", ": NaN").contains("\"nan\"");
  }

  @Test
  void aDivergedRunIsReportedAndLeftOutOfComparisons() {
    BlockAverageMethod diverged = new BlockAverageMethod("diverged", "Block", 6, 2) {
      @Override
      public FloatMatrix reconstruct(FaceSet faces) {
        FloatMatrix out = super.reconstruct(faces);
        out.set(0, Float.NaN);
        return out;
      }
    };
    Study study = SampleStudies.small(List.of(diverged, new BlockAverageMethod("fine", "Block", 2, 2)));
    assertThat(Double.isNaN(study.runs().get(0).test().meanMse())).isTrue();
    List<String> conclusions = Conclusions.of(study);
    assertThat(conclusions.get(0)).startsWith("Left out of every comparison").endsWith(": diverged.");
    assertThat(conclusions.get(1)).startsWith("Best on held-out faces: fine,");
    String html = HtmlReport.render(study, ReportFigures.of(study), conclusions);
    assertThat(html).contains("NaN");
    assertThat(SummaryTable.render(study)).contains("NaN");
    assertThat(new String(ResultsWriter.jsonBytes(study, conclusions), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"mse\" : \"nan\"");
  }

  @Test
  void infinitePsnrIsWrittenAsInf() throws IOException {
    Study study = SampleStudies.small(List.of(new IdentityMethod()));
    JsonNode json = ResultsWriter.json(study, List.of());
    JsonNode test = json.get("runs").get(0).get("test");
    assertThat(test.get("psnrOfMeanMse").asText()).isEqualTo("inf");
    assertThat(test.get("perImage").get("psnr").get(0).asText()).isEqualTo("inf");
    assertThat(test.get("meanSsim").asDouble()).isEqualTo(1.0);
    // Strict JSON: no bare Infinity or NaN tokens, so every JSON reader accepts the file.
    String text = new ObjectMapper().writeValueAsString(json);
    assertThat(text).doesNotContain("Infinity", "NaN");
    assertThat(new ObjectMapper().readTree(text).get("runs")).hasSize(1);
    assertThat(ResultsWriter.csv(study)).contains(",inf,");
    assertThat(SummaryTable.render(study)).contains("inf");
    // Charts cannot place an infinite PSNR, but the report still renders.
    String html = HtmlReport.render(study, ReportFigures.of(study), Conclusions.of(study));
    assertThat(html).contains("identity", "inf");
  }
}
