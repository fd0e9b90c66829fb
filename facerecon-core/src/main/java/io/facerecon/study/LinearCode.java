package io.facerecon.study;

import io.facerecon.linalg.FloatMatrix;

/**
 * What a study measures of a method that decodes linearly (NMF, PCA, k-means; see {@link
 * ReconstructionMethod#linearCodes}): how far its reconstructions are from the best rank-k code,
 * how sparse its basis and codes are, and the gallery faces' codes, for Lee and Seung's figure.
 *
 * @param svdRatioTrain ‖V − V̂‖ / ‖V − V_k‖ on the training faces ({@link SvdBound}), k the code size
 * @param svdRatioTest the same on the test faces, against their own truncated SVD
 * @param basisSparseness Hoyer's sparseness of the basis images, mean over images ({@link
 *     io.facerecon.eval.Sparseness})
 * @param codeSparseness Hoyer's sparseness of the training faces' codes, mean over faces (NaN for
 *     a code of one number)
 * @param galleryCodes the gallery faces' codes, one row per face
 */
public record LinearCode(
    double svdRatioTrain,
    double svdRatioTest,
    double basisSparseness,
    double codeSparseness,
    FloatMatrix galleryCodes) {}
