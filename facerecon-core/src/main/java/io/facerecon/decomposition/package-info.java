/**
 * The rest of the linear family NMF is compared with, each as scikit-learn 1.2 computes it: PCA
 * (centred, eigenfaces), TruncatedSVD (uncentred; the rank-k truncated SVD is the best any rank-k
 * linear code can do, Eckart–Young) and k-means as vector quantisation ({@link
 * io.facerecon.decomposition.KMeans}: a face coded by its nearest of k centres). Together with NMF
 * they are the three constraints of Lee and Seung's V ≈ WH: whole-face prototypes, signed
 * eigenfaces, and parts.
 *
 * <p>Data are images × pixels, one image per row ({@link io.facerecon.data.FaceSet#pixels()}, and
 * scikit-learn's X). Random choices draw from {@link io.facerecon.linalg.NumpyRandomState}, so a
 * seed gives scikit-learn's draws for the same {@code random_state}.
 *
 * <p>Layering: uses {@code linalg} and {@code io}, and {@code data} for the {@code FaceSet} its
 * models reconstruct; not {@code nmf} or {@code nn}.
 */
package io.facerecon.decomposition;
