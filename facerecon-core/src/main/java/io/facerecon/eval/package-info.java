/**
 * Reconstruction quality: per-image MSE, PSNR and SSIM, and their summaries over a set of images,
 * computed as scikit-image computes them.
 *
 * <p>For an original x and a reconstruction y of n pixels each, on the data range L = 1 (gray
 * levels in [0, 1]):
 *
 * <ul>
 *   <li>MSE = (1/n) Σ (x − y)², summed in double precision;
 *   <li>PSNR = 10·log10(L² / MSE) = 10·log10(1 / MSE) dB, +∞ for an exact reconstruction;
 *   <li>SSIM as in Wang et al. 2004, with scikit-image's default window or the paper's
 *       ({@link io.facerecon.eval.Ssim} presets).
 * </ul>
 *
 * Over a set of images, {@link io.facerecon.eval.Evaluation#psnrOfMeanMse()} is the PSNR of the
 * mean MSE (a dataset-level figure), while {@link io.facerecon.eval.Evaluation#meanPsnr()} is the
 * mean of the per-image PSNRs; the two differ, and the second weights well-reconstructed images
 * more.
 *
 * <p>Entry points: {@link io.facerecon.eval.Evaluation#of(io.facerecon.data.FaceSet,
 * io.facerecon.linalg.FloatMatrix, io.facerecon.eval.Ssim)}, {@link io.facerecon.eval.ImageMetrics}
 * and {@link io.facerecon.eval.Ssim}.
 *
 * <p>Layering: this package uses {@code linalg} and {@code data}.
 */
package io.facerecon.eval;
