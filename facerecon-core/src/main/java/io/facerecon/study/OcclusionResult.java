package io.facerecon.study;

import io.facerecon.eval.Evaluation;
import io.facerecon.eval.HoleMetrics;
import io.facerecon.linalg.FloatMatrix;

/**
 * How one run reconstructed the occluded held-out faces of one {@link OcclusionCase}: quality on
 * the whole face and on the hole only, and its reconstructions of the occluded gallery faces.
 *
 * @param spec the occlusion's spec, e.g. "block:0.25"
 * @param face quality over every pixel of the test faces (observed and hidden)
 * @param hole quality over the hidden pixels only (SSIM over each hole's bounding box)
 * @param galleryReconstructions the occluded gallery faces, reconstructed, one per row
 */
public record OcclusionResult(
    String spec, Evaluation face, HoleMetrics hole, FloatMatrix galleryReconstructions) {}
