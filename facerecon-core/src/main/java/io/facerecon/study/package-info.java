/**
 * The comparison of reconstruction methods: each method is fitted on the training faces, then
 * reconstructs the training and the held-out test faces, and its time, code size and quality on
 * both are recorded.
 *
 * <p>Entry points: {@link io.facerecon.study.ReconstructionMethod} (the one interface a method
 * implements) with {@link io.facerecon.study.NmfMethod} and
 * {@link io.facerecon.study.AutoencoderMethod}, {@link io.facerecon.study.StudyGrid} (which runs a
 * comparison makes), {@link io.facerecon.study.StudyRunner} (runs them) and
 * {@link io.facerecon.study.Study} with its {@link io.facerecon.study.RunResult}s (the outcome).
 *
 * <p>Layering: this package uses {@code linalg}, {@code io}, {@code data}, {@code eval},
 * {@code nmf} and {@code nn}; only the command line and the reports sit above it.
 */
package io.facerecon.study;
