/**
 * The outputs of a study: a self-contained HTML page, {@code results.json} and {@code results.csv},
 * PNG figures and charts, a terminal summary table, and conclusions derived from the numbers, all
 * written into an output directory that appears complete or not at all.
 *
 * <p>Entry points: {@link io.facerecon.report.StudyReport#write} (everything at once),
 * {@link io.facerecon.report.OutputDirectory}, {@link io.facerecon.report.HtmlReport},
 * {@link io.facerecon.report.ResultsWriter}, {@link io.facerecon.report.SummaryTable} and
 * {@link io.facerecon.report.ProgressBarPhases}.
 *
 * <p>Layering: this package sits on {@code study} (and the {@code linalg}, {@code io} and
 * {@code eval} types a study holds); it does not know the command line.
 */
package io.facerecon.report;
