/**
 * Face data sets: loading them from LFW (folder tree or official archive), image folders and
 * {@code .npy} arrays into gray levels in [0, 1], preprocessed as scikit-learn's
 * {@code fetch_lfw_people}; finding or downloading LFW; and splitting a set into training and test
 * faces.
 *
 * <p>Entry points: {@link io.facerecon.data.FaceSetLoader} (reads any supported path, guided by
 * {@link io.facerecon.data.LoadOptions}), {@link io.facerecon.data.FaceSet} (N images as an N ×
 * pixels matrix with person labels), {@link io.facerecon.data.Split} (by image or by person) and
 * {@link io.facerecon.data.LfwFetcher} (locate or download LFW, checking its SHA-256).
 *
 * <p>Layering: this package uses {@code linalg} and {@code io}.
 */
package io.facerecon.data;
