package io.facerecon.report;

import io.facerecon.study.OcclusionCase;
import io.facerecon.study.OcclusionResult;
import io.facerecon.study.RunResult;
import io.facerecon.study.Study;
import java.util.ArrayList;
import java.util.List;

/** The study's results as a plain-text table for the terminal, one row per run. */
public final class SummaryTable {
  private static final String[] HEADER = {
    "run", "code", "compr.", "params", "fit s", "steps",
    "train PSNR", "test PSNR", "train SSIM", "test SSIM", "test MSE"
  };

  private SummaryTable() {}

  /** The table, columns aligned, ending with a line that names the metrics. */
  public static String render(Study study) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (RunResult r : study.runs()) {
      rows.add(new String[] {
        r.name(),
        Integer.toString(r.codeSize()),
        Figures.ratio(r.compressionRatio()) + "x",
        Figures.count(r.parameterCount()),
        Figures.seconds(r.fitSeconds()),
        Figures.steps(r.steps(), r.stepUnit()),
        Figures.psnr(r.train().psnrOfMeanMse()),
        Figures.psnr(r.test().psnrOfMeanMse()),
        Figures.ssim(r.train().meanSsim()),
        Figures.ssim(r.test().meanSsim()),
        Figures.mse(r.test().meanMse())
      });
    }
    StringBuilder sb = new StringBuilder();
    table(sb, rows);
    sb.append("PSNR in dB of the MSE over all pixels (data range 1); SSIM: mean over images, ")
        .append(study.ssim().name())
        .append(" (")
        .append(study.ssim().description())
        .append(").\n");
    linearCodes(sb, study);
    occlusions(sb, study);
    return sb.toString();
  }

  private static final String[] LINEAR_HEADER = {
    "run", "code", "train svd_ratio", "test svd_ratio", "basis sparseness", "code sparseness"
  };

  /** Runs that decode linearly, against the truncated SVD of the same rank; nothing if none. */
  private static void linearCodes(StringBuilder sb, Study study) {
    List<String[]> rows = new ArrayList<>();
    rows.add(LINEAR_HEADER);
    for (RunResult r : study.runs()) {
      r.linearCode().ifPresent(code -> rows.add(new String[] {
        r.name(),
        Integer.toString(r.codeSize()),
        Figures.boundRatio(code.svdRatioTrain()),
        Figures.boundRatio(code.svdRatioTest()),
        Figures.boundRatio(code.basisSparseness()),
        Figures.boundRatio(code.codeSparseness())
      }));
    }
    if (rows.size() == 1) {
      return;
    }
    sb.append("\nlinear codes against the best rank-k code, the truncated SVD of the same faces:\n");
    table(sb, rows);
    sb.append("svd_ratio = ||V - V_hat|| / ||V - V_k|| (>= 1 for a rank-k code; PCA's mean makes it"
        + " rank k + 1); sparseness: Hoyer's, 0 dense to 1 one non-zero.\n");
  }

  private static final String[] OCCLUSION_HEADER = {
    "run", "code", "face PSNR", "face SSIM", "hole MSE", "hole PSNR", "hole SSIM"
  };

  /** An occlusion section: per occlusion, a row per run; nothing for a study without occlusions. */
  private static void occlusions(StringBuilder sb, Study study) {
    for (int o = 0; o < study.occlusions().size(); o++) {
      OcclusionCase c = study.occlusions().get(o);
      List<String[]> rows = new ArrayList<>();
      rows.add(OCCLUSION_HEADER);
      for (RunResult r : study.runs()) {
        OcclusionResult res = r.occlusions().get(o);
        rows.add(new String[] {
          r.name(),
          Integer.toString(r.codeSize()),
          Figures.psnr(res.face().psnrOfMeanMse()),
          Figures.ssim(res.face().meanSsim()),
          Figures.mse(res.hole().mse()),
          Figures.psnr(res.hole().psnr()),
          Figures.ssim(res.hole().ssim())
        });
      }
      sb.append(String.format(java.util.Locale.ROOT,
          "%noccluded test faces, %s (%.1f %% of the pixels hidden, seed %d; autoencoder fill %s):%n",
          c.spec(), 100 * c.hiddenFraction(), c.seed(), Figures.ssim(c.fill())));
      table(sb, rows);
    }
    if (!study.occlusions().isEmpty()) {
      sb.append("face: every pixel of the occluded test faces; hole: the hidden pixels only"
          + " (SSIM over each hole's bounding box).\n");
    }
  }

  private static void table(StringBuilder sb, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      appendRow(sb, rows.get(r), widths);
      if (r == 0) {
        String[] rule = new String[widths.length];
        for (int c = 0; c < widths.length; c++) {
          rule[c] = "-".repeat(widths[c]);
        }
        appendRow(sb, rule, widths);
      }
    }
  }

  private static void appendRow(StringBuilder sb, String[] row, int[] widths) {
    for (int c = 0; c < row.length; c++) {
      if (c == 0) {
        sb.append(String.format("%-" + widths[c] + "s", row[c]));
      } else {
        sb.append("  ").append(String.format("%" + widths[c] + "s", row[c]));
      }
    }
    sb.append('\n');
  }
}
