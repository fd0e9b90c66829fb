package io.facerecon.nmf;

/**
 * Which factor an update changes. scikit-learn updates its W (our codes H) first and its H (our
 * basis W) second; a few of its safeguards differ between the two, so the update must know.
 */
enum Side {
  /** The codes H (k × images): scikit-learn's W. */
  CODES,
  /** The basis W, held as Wᵀ (k × pixels): scikit-learn's H ({@code components_}). */
  BASIS
}
