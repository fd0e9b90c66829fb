package io.facerecon.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.facerecon.study.Curve;
import io.facerecon.eval.Evaluation;
import io.facerecon.study.OcclusionCase;
import io.facerecon.study.OcclusionResult;
import io.facerecon.study.RunResult;
import io.facerecon.study.Study;
import java.util.List;
import java.util.Map;

/**
 * Writes a study's figures as {@code results.json} (everything, including per-image metrics and
 * training curves) and {@code results.csv} (one row per run, every summary figure).
 *
 * <p>JSON has no infinity: an infinite PSNR (a perfect reconstruction) is written as the string
 * {@code "inf"}, in the CSV too; a NaN (e.g. the loss of a diverged fit) as {@code "nan"}.
 */
public final class ResultsWriter {
  /** The {@code format} value of results.json; changes when its layout changes. */
  public static final String FORMAT = "facerecon-study/1";

  /** The CSV columns, in order. */
  public static final List<String> CSV_COLUMNS = List.of(
      "name", "kind", "settings", "fit_seconds", "reconstruct_seconds", "steps", "step_unit",
      "code_size", "pixels", "compression_ratio", "parameters",
      "train_images", "train_mse", "train_psnr_of_mean_mse", "train_mean_psnr", "train_mean_ssim",
      "test_images", "test_mse", "test_psnr_of_mean_mse", "test_mean_psnr", "test_mean_ssim");

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsWriter() {}

  /** The study as a JSON tree. */
  public static ObjectNode json(Study study, List<String> conclusions) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode setup = root.putObject("setup");
    setup.put("data", study.setup().data());
    setup.put("split", study.setup().split());
    setup.put("seed", study.setup().seed());
    setup.put("threads", study.threads());
    setup.put("imageHeight", study.height());
    setup.put("imageWidth", study.width());
    setup.put("trainImages", study.trainImages());
    setup.put("testImages", study.testImages());
    strings(setup.putArray("persons"), study.persons());
    ObjectNode ssim = setup.putObject("ssim");
    ssim.put("preset", study.ssim().name());
    ssim.put("description", study.ssim().description());
    ObjectNode details = setup.putObject("details");
    study.setup().details().forEach(details::put);
    ObjectNode metrics = root.putObject("metrics");
    metrics.put("mse", "mean over all pixels of all images");
    metrics.put("psnrOfMeanMse", "10 log10(1 / mse): PSNR of the set's MSE, data range 1, dB");
    metrics.put("meanPsnr", "mean over images of each image's PSNR, dB");
    metrics.put("meanSsim", "mean over images of each image's SSIM (see setup.ssim)");
    metrics.put("inf", "an infinite PSNR (perfect reconstruction) is written as the string \"inf\"");
    metrics.put("nan", "a value that is not a number (e.g. a diverged loss) is written as \"nan\"");
    metrics.put("svd_ratio", "runs that decode linearly (NMF, PCA, k-means): ||V - V_hat||_F / ||V - V_k||_F,"
        + " V_k the rank-k truncated SVD of the same faces (k = codeSize); >= 1 for rank-k codes,"
        + " PCA's mean makes it rank k + 1");
    metrics.put("sparseness", "Hoyer's sparseness (sqrt(n) - L1/L2) / (sqrt(n) - 1), mean over basis images"
        + " and over the training faces' codes");
    if (!study.occlusions().isEmpty()) {
      metrics.put("occlusion", "per run, one entry per occluded copy of the test faces (setup.occlusions):"
          + " spec; face: mse, psnrOfMeanMse, meanPsnr, meanSsim over every pixel of the occluded faces'"
          + " reconstructions; hole: mse and psnr over the hidden pixels of all test faces together,"
          + " ssim the mean over faces of the SSIM over each hole's bounding box (at least the SSIM"
          + " window), hiddenFraction the share of pixels hidden");
      ArrayNode cases = setup.putArray("occlusions");
      for (OcclusionCase c : study.occlusions()) {
        ObjectNode cn = cases.addObject();
        cn.put("spec", c.spec());
        cn.put("seed", c.seed());
        cn.put("hiddenFraction", c.hiddenFraction());
        cn.put("fill", c.fill());
        cn.put("masks", masksFile(study, c));
      }
    }
    ArrayNode runs = root.putArray("runs");
    for (RunResult r : study.runs()) {
      ObjectNode rn = run(r);
      if (!study.occlusions().isEmpty()) {
        ArrayNode occ = rn.putArray("occlusion");
        for (OcclusionResult o : r.occlusions()) {
          ObjectNode on = occ.addObject();
          on.put("spec", o.spec());
          ObjectNode face = on.putObject("face");
          number(face, "mse", o.face().meanMse());
          number(face, "psnrOfMeanMse", o.face().psnrOfMeanMse());
          number(face, "meanPsnr", o.face().meanPsnr());
          number(face, "meanSsim", o.face().meanSsim());
          ObjectNode hole = on.putObject("hole");
          number(hole, "mse", o.hole().mse());
          number(hole, "psnr", o.hole().psnr());
          number(hole, "ssim", o.hole().ssim());
          number(hole, "hiddenFraction", o.hole().hiddenFraction());
        }
      }
      runs.add(rn);
    }
    ObjectNode gallery = root.putObject("gallery");
    strings(gallery.putArray("sources"), study.gallery().sources());
    strings(root.putArray("trainSources"), study.trainSources());
    strings(root.putArray("testSources"), study.testSources());
    strings(root.putArray("conclusions"), conclusions);
    return root;
  }

  private static ObjectNode run(RunResult r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", r.name());
    n.put("kind", r.kind());
    ObjectNode settings = n.putObject("settings");
    for (Map.Entry<String, Object> e : r.settings().entrySet()) {
      settings.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
    }
    n.put("fitSeconds", r.fitSeconds());
    n.put("reconstructSeconds", r.reconstructSeconds());
    n.put("steps", r.steps());
    n.put("stepUnit", r.stepUnit());
    n.put("codeSize", r.codeSize());
    n.put("pixels", r.pixelCount());
    n.put("compressionRatio", r.compressionRatio());
    n.put("parameters", r.parameterCount());
    n.set("train", evaluation(r.train()));
    n.set("test", evaluation(r.test()));
    r.linearCode().ifPresent(code -> {
      ObjectNode ratio = n.putObject("svd_ratio");
      number(ratio, "train", code.svdRatioTrain());
      number(ratio, "test", code.svdRatioTest());
      ObjectNode sparseness = n.putObject("sparseness");
      number(sparseness, "basis", code.basisSparseness());
      number(sparseness, "codes", code.codeSparseness());
    });
    ArrayNode curves = n.putArray("curves");
    for (Curve c : r.curves()) {
      ObjectNode cn = curves.addObject();
      cn.put("name", c.name());
      cn.put("stepUnit", c.stepUnit());
      numbers(cn.putArray("steps"), c.steps());
      numbers(cn.putArray("values"), c.values());
    }
    return n;
  }

  private static ObjectNode evaluation(Evaluation e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("images", e.imageCount());
    number(n, "mse", e.meanMse());
    number(n, "psnrOfMeanMse", e.psnrOfMeanMse());
    number(n, "meanPsnr", e.meanPsnr());
    number(n, "meanSsim", e.meanSsim());
    ObjectNode perImage = n.putObject("perImage");
    numbers(perImage.putArray("mse"), e.perImageMse());
    numbers(perImage.putArray("psnr"), e.perImagePsnr());
    numbers(perImage.putArray("ssim"), e.perImageSsim());
    return n;
  }

  private static void number(ObjectNode n, String key, double v) {
    if (Double.isFinite(v)) {
      n.put(key, v);
    } else {
      n.put(key, Figures.exact(v));
    }
  }

  private static void numbers(ArrayNode a, double[] values) {
    for (double v : values) {
      if (Double.isFinite(v)) {
        a.add(v);
      } else {
        a.add(Figures.exact(v));
      }
    }
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  /** The study as the bytes of {@code results.json}: indented UTF-8 JSON. */
  public static byte[] jsonBytes(Study study, List<String> conclusions) {
    try {
      return MAPPER.writeValueAsBytes(json(study, conclusions));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("results could not be written as JSON", e);
    }
  }

  /**
   * The file the masks of occlusion {@code c} are saved in beside the results: a bool .npy of
   * test faces × height × width, true = hidden, in the order of {@code testSources}.
   */
  static String masksFile(Study study, OcclusionCase c) {
    return "occlusion-" + (study.occlusions().indexOf(c) + 1) + "-" + Charts.slug(c.spec()) + "-masks.npy";
  }

  /**
   * The CSV columns of {@code study}: {@link #CSV_COLUMNS}, then per occlusion six columns named
   * after its spec ({@code occlusion SPEC face_mse}, {@code face_psnr}, {@code face_ssim},
   * {@code hole_mse}, {@code hole_psnr}, {@code hole_ssim}).
   */
  public static List<String> csvColumns(Study study) {
    List<String> columns = new java.util.ArrayList<>(CSV_COLUMNS);
    for (OcclusionCase c : study.occlusions()) {
      for (String m : OCCLUSION_CSV_METRICS) {
        columns.add("occlusion " + c.spec() + " " + m);
      }
    }
    return columns;
  }

  private static final List<String> OCCLUSION_CSV_METRICS =
      List.of("face_mse", "face_psnr", "face_ssim", "hole_mse", "hole_psnr", "hole_ssim");

  /** The CSV text: a header and one row per run. */
  public static String csv(Study study) {
    StringBuilder sb = new StringBuilder(String.join(",", csvColumns(study))).append('\n');
    for (RunResult r : study.runs()) {
      List<String> cells = List.of(
          r.name(), r.kind(), r.settingsLine(), Figures.exact(r.fitSeconds()),
          Figures.exact(r.reconstructSeconds()), Integer.toString(r.steps()), r.stepUnit(),
          Integer.toString(r.codeSize()), Integer.toString(r.pixelCount()),
          Figures.exact(r.compressionRatio()), Long.toString(r.parameterCount()),
          Integer.toString(r.train().imageCount()), Figures.exact(r.train().meanMse()),
          Figures.exact(r.train().psnrOfMeanMse()), Figures.exact(r.train().meanPsnr()),
          Figures.exact(r.train().meanSsim()),
          Integer.toString(r.test().imageCount()), Figures.exact(r.test().meanMse()),
          Figures.exact(r.test().psnrOfMeanMse()), Figures.exact(r.test().meanPsnr()),
          Figures.exact(r.test().meanSsim()));
      if (!r.occlusions().isEmpty()) {
        cells = new java.util.ArrayList<>(cells);
        for (OcclusionResult o : r.occlusions()) {
          cells.addAll(List.of(
              Figures.exact(o.face().meanMse()), Figures.exact(o.face().psnrOfMeanMse()),
              Figures.exact(o.face().meanSsim()), Figures.exact(o.hole().mse()),
              Figures.exact(o.hole().psnr()), Figures.exact(o.hole().ssim())));
        }
      }
      for (int c = 0; c < cells.size(); c++) {
        sb.append(c == 0 ? "" : ",").append(csvCell(cells.get(c)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** RFC 4180 quoting: cells with a comma, quote or line break are quoted, quotes doubled. */
  private static String csvCell(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
