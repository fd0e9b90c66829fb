package io.facerecon.report;

import io.facerecon.linalg.FloatMatrix;
import io.facerecon.study.LinearCode;
import io.facerecon.study.RunResult;
import io.facerecon.study.Study;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lee and Seung's figure (Nature 401, 1999, figure 1) from a study's runs: the same faces coded
 * three ways at one code size k — vector quantisation (k-means: whole-face prototypes, a code with
 * one non-zero), PCA (orthonormal, signed eigenfaces) and NMF (non-negative parts) — each as its
 * k basis images, one held-out face's code laid out like the basis, and that face's
 * reconstruction.
 *
 * <p>k is the largest code size that every one of the three kinds present was run at. Signed
 * images and codes (PCA) use a two-colour map, blue negative, white zero, red positive, each image
 * scaled by its largest magnitude; NMF's parts and all codes are gray, each stretched from 0
 * (white) to its maximum (black), as in the paper; VQ's prototypes are faces, drawn as faces.
 */
final class LeeSeungFigure {
  /** The three kinds of the paper's figure, in its order. */
  static final List<String> KINDS = List.of("VQ", "PCA", "NMF");

  private static final int GAP = 2;
  private static final int MARGIN = 8;
  private static final int TITLE = 18;

  private LeeSeungFigure() {}

  /**
   * The figure, when the study has runs of at least two of the three kinds at a common code size.
   *
   * @param study the study
   * @param facePixels about how tall a face is drawn
   * @return the figure, or empty
   */
  static Optional<Figure> of(Study study, int facePixels) {
    List<RunResult> chosen = choose(study.runs());
    if (chosen.size() < 2) {
      return Optional.empty();
    }
    int k = chosen.get(0).codeSize();
    int h = study.height();
    int w = study.width();
    int basisZoom = Math.max(1, Math.round(facePixels / 2f / h));
    int faceZoom = Math.max(1, Math.round((float) facePixels / h));
    int columns = (int) Math.ceil(Math.sqrt(k));
    int gridRows = (k + columns - 1) / columns;
    int panelW = Math.max(columns * (w * basisZoom + GAP), w * faceZoom);
    int montageH = gridRows * (h * basisZoom + GAP);
    int cell = Math.max(6, Math.min(24, panelW / columns - GAP));
    int codeH = gridRows * (cell + GAP);
    int faceH = h * faceZoom;
    int height = MARGIN + TITLE + montageH + TITLE + codeH + TITLE + faceH + MARGIN;
    int originalW = w * faceZoom;
    int width = MARGIN + originalW + chosen.size() * (MARGIN * 2 + panelW) + MARGIN;

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int faceY = MARGIN + TITLE + montageH + TITLE + codeH + TITLE;
    g.drawString("original", MARGIN, faceY - 4);
    draw(image, study.galleryOriginals().row(0), h, w, faceZoom, MARGIN, faceY, Map.UNIT);

    int x = MARGIN + originalW + MARGIN * 2;
    for (RunResult r : chosen) {
      Map map = switch (r.kind()) {
        case "PCA" -> Map.SIGNED;
        case "VQ" -> Map.UNIT;
        default -> Map.NON_NEGATIVE;
      };
      g.setColor(Color.BLACK);
      g.drawString(r.name(), x, MARGIN + TITLE - 5);
      FloatMatrix basis = r.basisImages().orElseThrow();
      for (int j = 0; j < k; j++) {
        int bx = x + (j % columns) * (w * basisZoom + GAP);
        int by = MARGIN + TITLE + (j / columns) * (h * basisZoom + GAP);
        draw(image, basis.row(j), h, w, basisZoom, bx, by, map);
      }
      Map codeMap = map == Map.SIGNED ? Map.SIGNED : Map.NON_NEGATIVE;
      int codeY = MARGIN + TITLE + montageH + TITLE;
      g.setColor(Color.BLACK);
      g.drawString("code of the face", x, codeY - 4);
      float[] code = r.linearCode().orElseThrow().galleryCodes().row(0);
      float[] colours = scaled(code, codeMap);
      for (int j = 0; j < k; j++) {
        g.setColor(new Color(rgb(colours[j], codeMap)));
        g.fillRect(x + (j % columns) * (cell + GAP), codeY + (j / columns) * (cell + GAP), cell, cell);
      }
      g.setColor(Color.BLACK);
      g.drawString("reconstruction", x, faceY - 4);
      draw(image, r.galleryReconstructions().row(0), h, w, faceZoom, x, faceY, Map.UNIT);
      x += panelW + MARGIN * 2;
    }
    g.dispose();
    return Optional.of(new Figure(
        "lee-seung.png",
        "Lee and Seung's comparison at k = " + k + ": parts, eigenfaces and prototypes",
        "The same held-out face coded by " + kinds(chosen) + " with " + k + " numbers. Per method:"
            + " its " + k + " basis images, the face's code laid out like them, its reconstruction."
            + " PCA (signed): blue negative, white zero, red positive; NMF's parts and the codes:"
            + " white 0 to black maximum, per image; VQ's prototypes as faces. " + sparseness(chosen),
        Pngs.encode(image), image.getWidth()));
  }

  /** One run per kind at the largest code size all kinds present share; the best test PSNR wins a tie. */
  static List<RunResult> choose(List<RunResult> runs) {
    List<String> present = KINDS.stream()
        .filter(kind -> runs.stream().anyMatch(r -> usable(r, kind)))
        .toList();
    if (present.size() < 2) {
      return List.of();
    }
    int best = -1;
    for (RunResult r : runs) {
      int k = r.codeSize();
      boolean everyKind = present.stream()
          .allMatch(kind -> runs.stream().anyMatch(o -> usable(o, kind) && o.codeSize() == k));
      if (everyKind && k >= 2 && k > best) {
        best = k;
      }
    }
    List<RunResult> out = new ArrayList<>();
    for (String kind : present) {
      final int k = best;
      runs.stream()
          .filter(r -> usable(r, kind) && r.codeSize() == k)
          .max(java.util.Comparator.comparingDouble(r -> r.test().psnrOfMeanMse()))
          .ifPresent(out::add);
    }
    return best < 0 ? List.of() : out;
  }

  private static boolean usable(RunResult r, String kind) {
    return r.kind().equals(kind) && r.linearCode().isPresent() && r.basisImages().isPresent();
  }

  private static String kinds(List<RunResult> runs) {
    return String.join(", ", runs.stream().map(RunResult::kind).toList());
  }

  private static String sparseness(List<RunResult> runs) {
    StringBuilder s = new StringBuilder("Hoyer's sparseness (0 dense, 1 a single non-zero) of basis / codes:");
    for (RunResult r : runs) {
      LinearCode c = r.linearCode().orElseThrow();
      s.append(String.format(Locale.ROOT, " %s %.2f / %.2f;", r.kind(), c.basisSparseness(), c.codeSparseness()));
    }
    s.setLength(s.length() - 1);
    return s.append('.').toString();
  }

  /** How values become colours. */
  private enum Map {
    /** [0, 1] as black to white, clipped: faces. */
    UNIT,
    /** Per image, 0 white to the maximum black. */
    NON_NEGATIVE,
    /** Per image, −max|v| blue, 0 white, +max|v| red. */
    SIGNED
  }

  /** Values in [−1, 1] (signed) or [0, 1], as the map scales them for one image. */
  private static float[] scaled(float[] values, Map map) {
    if (map == Map.UNIT) {
      return values;
    }
    float top = 0;
    for (float v : values) {
      top = Math.max(top, map == Map.SIGNED ? Math.abs(v) : v);
    }
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = top > 0 ? values[i] / top : 0;
    }
    return out;
  }

  private static int rgb(float t, Map map) {
    t = Math.max(map == Map.SIGNED ? -1 : 0, Math.min(1, t));
    switch (map) {
      case UNIT: {
        int v = Math.round(255 * t);
        return v << 16 | v << 8 | v;
      }
      case NON_NEGATIVE: {
        int v = Math.round(255 * (1 - t));
        return v << 16 | v << 8 | v;
      }
      default: {
        int fade = Math.round(255 * (1 - Math.abs(t)));
        return t >= 0 ? 255 << 16 | fade << 8 | fade : fade << 16 | fade << 8 | 255;
      }
    }
  }

  private static void draw(
      BufferedImage image, float[] pixels, int h, int w, int zoom, int x0, int y0, Map map) {
    float[] t = scaled(pixels, map);
    for (int y = 0; y < h * zoom; y++) {
      for (int x = 0; x < w * zoom; x++) {
        image.setRGB(x0 + x, y0 + y, rgb(t[(y / zoom) * w + x / zoom], map));
      }
    }
  }
}
