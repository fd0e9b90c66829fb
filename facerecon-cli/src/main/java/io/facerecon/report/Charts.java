package io.facerecon.report;

import io.facerecon.study.Curve;
import io.facerecon.study.RunResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a study report, drawn with XChart as PNGs: training curves, and test quality
 * against fit time and against code size. Each kind of method keeps one colour across charts.
 */
public final class Charts {
  /** Width and height in CSS pixels; PNGs are drawn at {@link #SCALE} times this. */
  static final int WIDTH = 600;
  static final int HEIGHT = 330;
  private static final int SCALE = 2;
  private static final int LEGEND_LINE = 19;
  /** Degrees the labels of an iteration or epoch axis are tilted by, so that none overlap. */
  private static final int STEP_LABEL_ROTATION = 45;

  /** Okabe–Ito colours: distinguishable with colour-blindness and in gray print. */
  private static final Color[] PALETTE = {
    new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
    new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000)
  };
  private static final Marker[] MARKERS = {
    SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
    SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL
  };

  private Charts() {}

  /** A colour per kind of method, in order of first appearance. */
  static Map<String, Color> kindColours(List<RunResult> runs) {
    Map<String, Color> colours = new LinkedHashMap<>();
    for (RunResult r : runs) {
      colours.computeIfAbsent(r.kind(), k -> PALETTE[colours.size() % PALETTE.length]);
    }
    return colours;
  }

  /**
   * One chart per kind of method and curve name (e.g. NMF's reconstruction error, the AE's
   * training loss), with a line per run. Empty when no run has curves.
   */
  public static List<Figure> curves(List<RunResult> runs) {
    Map<String, List<RunResult>> byKind = new LinkedHashMap<>();
    for (RunResult r : runs) {
      if (r.curves().stream().anyMatch(c -> finitePart(c).length() > 0)) {
        byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
      }
    }
    List<Figure> out = new ArrayList<>();
    for (Map.Entry<String, List<RunResult>> e : byKind.entrySet()) {
      Map<String, List<Curve>> byName = new LinkedHashMap<>();
      Map<String, List<String>> owners = new LinkedHashMap<>();
      for (RunResult r : e.getValue()) {
        for (Curve all : r.curves()) {
          Curve c = finitePart(all);
          if (c.length() == 0) {
            continue;
          }
          byName.computeIfAbsent(c.name(), n -> new ArrayList<>()).add(c);
          owners.computeIfAbsent(c.name(), n -> new ArrayList<>()).add(r.name());
        }
      }
      for (Map.Entry<String, List<Curve>> named : byName.entrySet()) {
        out.add(curveChart(e.getKey(), named.getKey(), named.getValue(), owners.get(named.getKey())));
      }
    }
    return out;
  }

  /** The points of {@code c} a chart can draw: a diverged fit may record NaN or infinity. */
  private static Curve finitePart(Curve c) {
    double[] steps = c.steps();
    double[] values = c.values();
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i]) && Double.isFinite(steps[i])) {
        steps[n] = steps[i];
        values[n] = values[i];
        n++;
      }
    }
    return n == values.length
        ? c
        : new Curve(c.name(), c.stepUnit(), java.util.Arrays.copyOf(steps, n), java.util.Arrays.copyOf(values, n));
  }

  private static Figure curveChart(
      String kind, String curveName, List<Curve> curves, List<String> runNames) {
    Curve first = curves.get(0);
    XYChart chart = newChart(kind + ": " + curveName, first.stepUnit(), curveName, curves.size());
    boolean positive = true;
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      XYSeries s = chart.addSeries(runNames.get(i), c.steps(), c.values());
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      s.setLineColor(PALETTE[i % PALETTE.length]);
      s.setMarker(c.length() <= 40 ? MARKERS[i % MARKERS.length] : SeriesMarkers.NONE);
      s.setMarkerColor(PALETTE[i % PALETTE.length]);
      s.setLineWidth(2f);
      for (double v : c.values()) {
        positive &= v > 0;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    // A falling loss spans decades; a log axis keeps its tail readable.
    chart.getStyler().setYAxisLogarithmic(positive && hi / lo > 20);
    readableStepAxis(chart);
    String file = "curves-" + slug(kind) + "-" + slug(curveName) + ".png";
    return new Figure(
        file, kind + ": " + curveName,
        "Each " + kind + " run's " + curveName + " against " + first.stepUnit() + "s.",
        png(chart), WIDTH);
  }

  /**
   * Iterations and epochs are whole numbers, printed without decimals. XChart ticks an axis of
   * equally spaced steps (NMF records its error every few iterations) at the steps themselves,
   * as many as 20 across the chart, and wider labels such as "1,000" then run into each other:
   * tilted, each keeps its own room at the page's width.
   */
  private static void readableStepAxis(XYChart chart) {
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    chart.getStyler().setXAxisLabelRotation(STEP_LABEL_ROTATION);
  }

  /**
   * One occlusion's hole PSNR against code size (log scale when the codes span a decade): which
   * run fills the hidden pixels best for the numbers it keeps per face. Empty when no run has a
   * finite value.
   *
   * @param runs the study's runs
   * @param index the occlusion's place in {@link RunResult#occlusions()}
   * @param spec the occlusion's spec
   * @param file the PNG's file name
   * @return the chart, or empty
   */
  public static Optional<Figure> holePsnrVsCodeSize(List<RunResult> runs, int index, String spec, String file) {
    ToDoubleFunction<RunResult> metric = r -> r.occlusions().get(index).hole().psnr();
    runs = plottable(runs, metric);
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    XYChart chart = newChart(
        "Hole PSNR against code size, " + spec, "code size (numbers per face)", "hole PSNR (dB)", runs.size());
    chart.getStyler().setXAxisLogarithmic(spansDecade(runs, RunResult::codeSize));
    addRunPoints(chart, runs, RunResult::codeSize, metric);
    return Optional.of(new Figure(
        file, "Hole PSNR against code size, " + spec,
        "Each point is one run: the PSNR over the hidden pixels of the occluded test faces against"
            + " the numbers its code keeps per face; higher fills the hole better.",
        png(chart), WIDTH));
  }

  /**
   * Test quality ({@code metricName}, from {@code metric}) against fit time in seconds, log scale:
   * the runs up and to the left give more quality for less time. Empty when no run has a finite
   * value (every reconstruction perfect).
   */
  public static Optional<Figure> qualityVsTime(
      List<RunResult> runs, String metricName, ToDoubleFunction<RunResult> metric, String file) {
    runs = plottable(runs, metric);
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    XYChart chart = newChart(
        "Test " + metricName + " against fit time", "fit time (s)", "test " + metricName, runs.size());
    chart.getStyler().setXAxisLogarithmic(spansDecade(runs, RunResult::fitSeconds));
    addRunPoints(chart, runs, RunResult::fitSeconds, metric);
    return Optional.of(new Figure(
        file, "Test " + metricName + " against fit time",
        "Each point is one run: held-out quality against the wall-clock time of its fit.",
        png(chart), WIDTH));
  }

  /** Test quality against code size (log scale): what each extra number per face buys. */
  public static Optional<Figure> qualityVsCodeSize(
      List<RunResult> runs, String metricName, ToDoubleFunction<RunResult> metric, String file) {
    runs = plottable(runs, metric);
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    XYChart chart = newChart(
        "Test " + metricName + " against code size", "code size (numbers per face)", "test " + metricName,
        runs.size());
    chart.getStyler().setXAxisLogarithmic(spansDecade(runs, RunResult::codeSize));
    addRunPoints(chart, runs, RunResult::codeSize, metric);
    return Optional.of(new Figure(
        file, "Test " + metricName + " against code size",
        "Each point is one run; runs at the same code size compare the methods fairly.",
        png(chart), WIDTH));
  }

  /** The runs whose metric can be drawn: an infinite PSNR (perfect reconstruction) cannot. */
  private static List<RunResult> plottable(List<RunResult> runs, ToDoubleFunction<RunResult> metric) {
    return runs.stream().filter(r -> Double.isFinite(metric.applyAsDouble(r))).toList();
  }

  private static boolean spansDecade(List<RunResult> runs, ToDoubleFunction<RunResult> x) {
    double lo = runs.stream().mapToDouble(x).min().orElse(1);
    double hi = runs.stream().mapToDouble(x).max().orElse(1);
    return lo > 0 && hi / lo >= 10;
  }

  /** One series per run: colour by kind, marker shape by the run's place within its kind. */
  private static void addRunPoints(
      XYChart chart, List<RunResult> runs, ToDoubleFunction<RunResult> x,
      ToDoubleFunction<RunResult> y) {
    Map<String, Color> colours = kindColours(runs);
    Map<String, Integer> seen = new LinkedHashMap<>();
    padYAxis(chart, runs.stream().mapToDouble(y).toArray());
    for (RunResult r : runs) {
      double yv = y.applyAsDouble(r);
      int within = seen.merge(r.kind(), 1, Integer::sum) - 1;
      XYSeries s = chart.addSeries(r.name(), new double[] {x.applyAsDouble(r)}, new double[] {yv});
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(MARKERS[within % MARKERS.length]);
      s.setMarkerColor(colours.get(r.kind()));
    }
  }

  /** Leaves 8 % of the range free above and below the points, so no marker is cut in half. */
  private static void padYAxis(XYChart chart, double[] ys) {
    if (ys.length == 0) {
      return;
    }
    double lo = java.util.Arrays.stream(ys).min().getAsDouble();
    double hi = java.util.Arrays.stream(ys).max().getAsDouble();
    double pad = hi > lo ? 0.08 * (hi - lo) : Math.max(1e-3, 0.01 * Math.abs(hi));
    chart.getStyler().setYAxisMin(lo - pad);
    chart.getStyler().setYAxisMax(hi + pad);
  }

  private static XYChart newChart(String title, String xTitle, String yTitle, int seriesCount) {
    // The legend stacks below the plot; the chart grows with it so the plot keeps its height.
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT + LEGEND_LINE * seriesCount)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setMarkerSize(9);
    // Below the plot, so long run names do not squeeze it.
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    return chart;
  }

  /** The look all charts share: white, light grid, readable type. */
  private static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(0x999999));
    s.setLegendBorderColor(new Color(0xDDDDDD));
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setChartTitleBoxBackgroundColor(Color.WHITE);
    s.setChartTitleBoxBorderColor(Color.WHITE);
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setPlotGridLinesColor(new Color(0xE5E5E5));
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setAxisTickMarksColor(new Color(0x999999));
    s.setYAxisDecimalPattern("0.0###"); // "0.002", not XChart's ".002"
  }

  /**
   * The spread of per-image test quality: a box per run (median, quartiles, whiskers), so a mean
   * carried by a few easy faces shows.
   */
  public static Optional<Figure> perImageSpread(
      List<RunResult> runs, String metricName, Function<RunResult, double[]> perImage, String file) {
    Map<String, double[]> finiteByRun = new LinkedHashMap<>();
    for (RunResult r : runs) {
      double[] finite = java.util.Arrays.stream(perImage.apply(r)).filter(Double::isFinite).toArray();
      if (finite.length > 0) {
        finiteByRun.put(r.name(), finite);
      }
    }
    if (finiteByRun.isEmpty()) {
      return Optional.empty();
    }
    BoxChart chart = new BoxChartBuilder().width(WIDTH).height(HEIGHT + 60)
        .title("Per-image test " + metricName).xAxisTitle("run").yAxisTitle("test " + metricName).build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(20);
    finiteByRun.forEach(chart::addSeries);
    return Optional.of(new Figure(
        file, "Per-image test " + metricName,
        "Each box spans the middle half of the test faces (first to third quartile), the red line"
            + " marks the median and the whiskers the spread beyond; perfect reconstructions"
            + " (infinite PSNR) are left out.",
        png(chart), WIDTH));
  }

  /** Draws {@code chart} at twice its size and encodes it as PNG. */
  static byte[] png(Chart<?, ?> chart) {
    BufferedImage img =
        new BufferedImage(chart.getWidth() * SCALE, chart.getHeight() * SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.scale(SCALE, SCALE);
      chart.paint(g, chart.getWidth(), chart.getHeight());
    } finally {
      g.dispose();
    }
    return Pngs.encode(img);
  }

  /** A file-name-safe form of {@code s}: lower case letters, digits and dashes. */
  static String slug(String s) {
    String slug = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return slug.isEmpty() ? "run" : slug;
  }
}
