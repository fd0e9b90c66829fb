package io.facerecon.data;

/** The kinds of face data the loaders read. */
public enum DataFormat {
  /** Decide from the path: .npy file, LFW .tgz/.tar, LFW folder (person folders) or image folder. */
  AUTO,
  /** Labeled Faces in the Wild, as its folder tree or official .tgz archive (or its plain .tar). */
  LFW,
  /** A folder of images, flat or one sub-folder per person. */
  FOLDER,
  /** A NumPy .npy array of N×H×W (or N×D with a shape). */
  NPY
}
