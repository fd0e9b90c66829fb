package io.facerecon.report;

/**
 * One picture of a report: a PNG file and how the page shows it.
 *
 * @param fileName the PNG's name in the output directory, e.g. "gallery.png"
 * @param title a heading for the figure
 * @param caption what the figure shows, in a sentence or two
 * @param png the encoded PNG bytes
 * @param displayWidth the width in CSS pixels the page shows it at (charts are drawn at twice
 *     this size so they stay sharp on high-density screens)
 */
public record Figure(String fileName, String title, String caption, byte[] png, int displayWidth) {}
