/**
 * Non-negative matrix factorisation, matching scikit-learn's {@code NMF} and {@code MiniBatchNMF}.
 *
 * <p>Convention (the study's, Lee and Seung's): V is pixels × images, W is pixels × k (basis
 * images in its columns), H is k × images (codes). scikit-learn's X is Vᵀ, its
 * {@code components_} is Wᵀ ({@link io.facerecon.nmf.NmfModel#components()}) and its
 * {@code fit_transform}/{@code transform} result is Hᵀ. Its {@code alpha_W} is our
 * {@code alphaH} and vice versa. Random starts and shuffling use our own seeded generator, not
 * NumPy's; custom starts reproduce scikit-learn's iterates.
 *
 * <p>Entry points: {@link io.facerecon.nmf.NmfData} (the matrix, checked),
 * {@link io.facerecon.nmf.NmfOptions}, {@link io.facerecon.nmf.Nmf#fit},
 * {@link io.facerecon.nmf.NmfFit}, {@link io.facerecon.nmf.NmfModel} (transform, inverse
 * transform, save and load); for mini-batches, {@link io.facerecon.nmf.MiniBatchNmf} (fit in memory
 * or from a {@link io.facerecon.data.FaceStream}, partial fit, transform) with
 * {@link io.facerecon.nmf.MiniBatchNmfOptions}; its model is an {@code NmfModel}.
 */
package io.facerecon.nmf;
