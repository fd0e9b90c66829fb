package io.facerecon.study;

import io.facerecon.data.FaceSet;
import java.util.ArrayList;
import java.util.List;

/** Chooses the few test faces every method's reconstruction is shown on. */
public final class Gallery {
  private Gallery() {}

  /**
   * Up to {@code count} indices into {@code faces}, taking persons in turn (the first face of each
   * person in label order, then the second of each, ...) so the gallery shows as many persons as
   * it can. Deterministic: the same faces give the same gallery.
   *
   * @param faces the faces to pick from
   * @param count the most faces to pick
   * @return indices into {@code faces}
   */
  public static int[] pick(FaceSet faces, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("gallery size must be >= 1, got " + count);
    }
    List<List<Integer>> byPerson = new ArrayList<>();
    for (int p = 0; p < faces.personCount(); p++) {
      byPerson.add(new ArrayList<>());
    }
    for (int i = 0; i < faces.size(); i++) {
      byPerson.get(faces.label(i)).add(i);
    }
    int n = Math.min(count, faces.size());
    int[] out = new int[n];
    int taken = 0;
    for (int round = 0; taken < n; round++) {
      for (List<Integer> images : byPerson) {
        if (round < images.size() && taken < n) {
          out[taken++] = images.get(round);
        }
      }
    }
    return out;
  }
}
