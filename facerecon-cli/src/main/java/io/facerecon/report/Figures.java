package io.facerecon.report;

import java.util.Locale;

/** How numbers are printed in tables and reports (a NaN prints as "NaN"). */
final class Figures {
  private Figures() {}

  /** A PSNR in dB with two decimals; "inf" for a perfect reconstruction. */
  static String psnr(double db) {
    return Double.isInfinite(db) ? "inf" : String.format(Locale.ROOT, "%.2f", db);
  }

  /** An SSIM with four decimals. */
  static String ssim(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** An MSE with three significant digits. */
  static String mse(double v) {
    return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
  }

  /** Seconds with three significant digits (at least one decimal under 100 s). */
  static String seconds(double s) {
    return s >= 100 ? String.format(Locale.ROOT, "%.0f", s) : String.format(Locale.ROOT, "%.3g", s);
  }

  /** A ratio with one decimal, e.g. "97.1". */
  static String ratio(double r) {
    return String.format(Locale.ROOT, "%.1f", r);
  }

  /** A ratio to a bound, e.g. "1.042": close to 1, where one decimal would hide the gap. */
  static String boundRatio(double r) {
    return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.3f", r);
  }

  /** A count with thousands separators, e.g. "87,420". */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A step count with a short unit: "868 it", "30 ep". */
  static String steps(int steps, String unit) {
    String shortUnit = switch (unit) {
      case "iterations" -> "it";
      case "epochs" -> "ep";
      default -> unit;
    };
    return steps + " " + shortUnit;
  }

  /** A number for machine-readable files: full precision; "inf", "-inf", "nan" where JSON has none. */
  static String exact(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return Double.toString(v);
  }
}
